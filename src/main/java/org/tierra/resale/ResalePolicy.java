package org.tierra.resale;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A resale policy of a trust with every version, oldest first. A version is never changed once written;
 * a lease keeps the version it signed.
 *
 * @param code unique in the trust, e.g. {@code tope-2024}
 */
public record ResalePolicy(long id, long trustId, String code, String name, Instant createdAt, List<Version> versions) {

    public ResalePolicy {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        versions = List.copyOf(versions);
    }

    /** The newest version. */
    public Version latestVersion() {
        return versions.get(versions.size() - 1);
    }

    /**
     * One immutable version of a policy: its family and terms, who wrote it and why.
     *
     * @param terms as the client gave them, read by {@link #parsedTerms()}
     */
    public record Version(
            long policyId,
            int version,
            String family,
            JsonNode terms,
            Instant createdAt,
            String createdBy,
            String reason) {
        public Version {
            if (version < 1) {
                throw new IllegalArgumentException("versions start at 1");
            }
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(terms, "terms");
        }

        /** The terms, read for the formula. */
        public ResaleTerms parsedTerms() {
            return ResaleTerms.parse(family, terms);
        }
    }
}
