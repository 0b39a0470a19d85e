package org.tierra.parties;

import java.time.Instant;
import java.util.Optional;

/**
 * A person, household, cooperative or organization in one trust (LADM LA_Party), at its current version.
 *
 * @param account the username of the linked account, if any
 * @param version raised by exactly one on every change; the ETag is {@code "party-<id>-<version>"}
 */
public record Party(long id, long trustId, PartyData data, Optional<String> account, int version, Instant updatedAt) {

    public Party {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
    }

    /** The ETag of this version, quoted as HTTP wants it. */
    public String etag() {
        return etagOf(id, version);
    }

    static String etagOf(long id, int version) {
        return "\"party-" + id + "-" + version + "\"";
    }
}
