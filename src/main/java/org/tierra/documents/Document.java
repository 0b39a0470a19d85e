package org.tierra.documents;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tierra.http.Json;

/**
 * A stored document's metadata (its bytes are read separately, and checked against {@code sha256Hex}).
 * Linked to at least one parcel, lease, party or stewardship event of its trust.
 *
 * @param sha256Hex the SHA-256 of the content, 64 lower-case hexadecimal digits
 */
public record Document(
        long id,
        long trustId,
        String trustCode,
        String title,
        String filename,
        String mediaType,
        int sizeBytes,
        String sha256Hex,
        Optional<Long> parcelId,
        Optional<Long> leaseId,
        Optional<Long> partyId,
        Optional<Long> eventId,
        Instant createdAt,
        String createdByName) {

    public Document {
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hexadecimal digits: " + sha256Hex);
        }
        if (parcelId.isEmpty() && leaseId.isEmpty() && partyId.isEmpty() && eventId.isEmpty()) {
            throw new IllegalArgumentException("a document is linked to a parcel, lease, party or event");
        }
    }

    Map<String, Object> toJson() {
        return Json.fields(
                "id",
                id,
                "trust",
                trustCode,
                "title",
                title,
                "filename",
                filename,
                "mediaType",
                mediaType,
                "sizeBytes",
                sizeBytes,
                "sha256",
                sha256Hex(),
                "parcel",
                parcelId.orElse(null),
                "lease",
                leaseId.orElse(null),
                "party",
                partyId.orElse(null),
                "event",
                eventId.orElse(null),
                "createdAt",
                createdAt.toString(),
                "createdBy",
                createdByName,
                "content",
                "/api/v1/documents/" + id + "/content");
    }
}
