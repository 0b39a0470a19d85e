package org.tierra.documents;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * A document's metadata as the trust's staff uploads it ({@link Documents#createDocument}); the service
 * checks that every linked record exists in one trust.
 *
 * @param title at most {@value #MAX_TITLE_LENGTH} characters
 * @param links the ids of the records it is linked to; at least one
 */
public record NewDocument(String title, Map<DocumentLink, Long> links) {

    public static final int MAX_TITLE_LENGTH = 500;

    public NewDocument {
        requireTitle(title);
        if (links.isEmpty()) {
            throw Problem.invalidField(
                    "parcel", "Link the document to at least one parcel, lease, party or event (their ids).");
        }
        links = Collections.unmodifiableMap(new EnumMap<>(links));
    }

    /**
     * Refuses a title too long to keep.
     *
     * @throws Problem 422 naming {@code title}
     */
    public static String requireTitle(String title) {
        if (title.length() > MAX_TITLE_LENGTH) {
            throw Problem.invalidField("title", "'title' may have at most " + MAX_TITLE_LENGTH + " characters.");
        }
        return title;
    }

    /** The id of the record of kind {@code link} the document is linked to, if any. */
    public Optional<Long> linked(DocumentLink link) {
        return Optional.ofNullable(links.get(link));
    }
}
