package org.tierra.parties;

import java.time.Instant;
import java.util.Optional;
import org.tierra.core.VersionTag;

/**
 * A person, household, cooperative or organization in one trust (LADM LA_Party), at its current version.
 *
 * @param account the username of the linked account, if any
 * @param version raised by exactly one on every change
 */
public record Party(long id, long trustId, PartyData data, Optional<String> account, int version, Instant updatedAt) {

    public Party {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
    }

    /** This version, as its ETag names it. */
    public VersionTag tag() {
        return new VersionTag(id, version);
    }
}
