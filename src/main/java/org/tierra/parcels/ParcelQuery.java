package org.tierra.parcels;

import java.time.Instant;
import java.util.Optional;
import org.tierra.geo.BoundingBox;

/**
 * Which parcels a list request asks for: those intersecting {@code bbox} (touching counts), of trust
 * {@code trustCode}, with ids above {@code afterId} (keyset paging), at most {@code limit}, by id, in the
 * registry as it is or, with {@code asOf}, as it was then. Retired parcels are not listed.
 */
public record ParcelQuery(
        Optional<BoundingBox> bbox, Optional<String> trustCode, long afterId, int limit, Optional<Instant> asOf) {

    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 10_000;

    public ParcelQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ": " + limit);
        }
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative: " + afterId);
        }
    }
}
