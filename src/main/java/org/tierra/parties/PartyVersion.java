package org.tierra.parties;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Optional;

/**
 * One state a party has had, and since when.
 *
 * @param validTo when the next version replaced it; empty for the current one
 * @param operation {@code create} or {@code update}
 * @param author who made it and why; left out for a reader outside the trust's staff (a reason may name
 *     someone else)
 */
public record PartyVersion(
        int version,
        Instant validFrom,
        Optional<Instant> validTo,
        String operation,
        @JsonUnwrapped Optional<Author> author,
        @JsonUnwrapped PartyFields fields) {

    /** Who made a version and why. */
    public record Author(String changedBy, String reason, Optional<String> requestId) {}

    /** This version without who made it. */
    PartyVersion withoutAuthor() {
        return new PartyVersion(version, validFrom, validTo, operation, Optional.empty(), fields);
    }
}
