package org.tierra.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token as listed: never the secret itself.
 *
 * @param owner the username of the user it acts for
 * @param trust the code of the trust it acts in
 * @param role the code of the role it acts with, e.g. {@code researcher}
 * @param prefix the secret's first characters, to tell tokens apart
 */
public record ApiToken(
        long id,
        String name,
        String owner,
        String trust,
        String role,
        String prefix,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt) {}
