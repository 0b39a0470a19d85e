package org.tierra.documents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored document's metadata as the API shows it (its bytes are read separately, and checked against
 * {@code sha256Hex}). Linked to at least one parcel, lease, party or stewardship event of its trust; the
 * links it lacks are written as {@code null}.
 *
 * @param sha256Hex the SHA-256 of the content, 64 lower-case hexadecimal digits; sent as {@code sha256}
 */
public record Document(
        long id,
        @JsonIgnore long trustId,
        @JsonProperty("trust") String trustCode,
        String title,
        String filename,
        DocumentType mediaType,
        int sizeBytes,
        @JsonProperty("sha256") String sha256Hex,
        @JsonProperty("parcel") Optional<Long> parcelId,
        @JsonProperty("lease") Optional<Long> leaseId,
        @JsonProperty("party") Optional<Long> partyId,
        @JsonProperty("event") Optional<Long> eventId,
        Instant createdAt,
        @JsonProperty("createdBy") String createdByName) {

    public Document {
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hexadecimal digits: " + sha256Hex);
        }
        if (parcelId.isEmpty() && leaseId.isEmpty() && partyId.isEmpty() && eventId.isEmpty()) {
            throw new IllegalArgumentException("a document is linked to a parcel, lease, party or event");
        }
    }

    /** Where its bytes are read: {@code /api/v1/documents/{id}/content}. */
    @JsonProperty("content")
    public String content() {
        return "/api/v1/documents/" + id + "/content";
    }
}
