package org.tierra.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * API tokens for scripts and GIS tools. A token acts in one trust with one role, never more than its
 * owner holds there, and always expires; its secret is shown once and only its hash is stored. Creating
 * and revoking are audited.
 */
public final class Tokens {

    private static final String TOKEN_PREFIX = "tierra_";
    private static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    private static final Duration MAXIMUM_LIFETIME = Duration.ofDays(366);

    private final Database database;
    private final AuditLog audit;

    public Tokens(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /**
     * A token just created, with its secret.
     *
     * @param trust the trust's code
     * @param role the role's code
     * @param token the secret, shown this once
     * @param note says so, for whoever reads the reply
     */
    public record CreatedToken(
            long id, String name, String trust, String role, Instant expiresAt, String token, String note) {}

    /**
     * Creates {@code token} for the caller, audited as {@code change}.
     *
     * @throws Problem 403 when the caller came with a token, holds no role in the trust or a narrower one
     *     than asked for; 422 for an expiry not in the next 366 days or a trust that does not exist
     */
    public CreatedToken createToken(Principal caller, NewToken token, Change change) {
        if (caller.credential() != Principal.Credential.SESSION) {
            throw Problem.forbidden("Tokens are created from a signed-in session, not with another token.");
        }
        Instant now = Instant.now();
        Instant expiresAt = token.expiresAt().orElse(now.plus(DEFAULT_LIFETIME));
        if (!expiresAt.isAfter(now)) {
            throw Problem.invalidField("expiresAt", "'expiresAt' must be in the future.");
        }
        if (expiresAt.isAfter(now.plus(MAXIMUM_LIFETIME))) {
            throw Problem.invalidField("expiresAt", "A token lives at most 366 days; create a new one when it ends.");
        }
        Trust trust = database.withConnection(connection -> TrustRepository.findTrustByCode(connection, token.trust()))
                .orElseThrow(
                        () -> Problem.invalidField("trust", "There is no trust with code '" + token.trust() + "'."));
        Role held = caller.roleIn(trust.id())
                .orElseThrow(() -> Problem.forbidden("You hold no role in trust " + trust.code() + "."));
        Role role = token.role();
        if (!held.grantableTokenRoles().contains(role)) {
            throw Problem.forbidden("As " + held.code() + " of " + trust.code()
                    + " you may issue tokens with the role "
                    + String.join(
                            " or ",
                            held.grantableTokenRoles().stream().map(Role::code).toList()) + ", not " + role.code()
                    + ".");
        }
        String secret = Secrets.newSecret(TOKEN_PREFIX);
        long id = database.inTransaction(connection -> {
            long tokenId = TokenRepository.createToken(
                    connection,
                    caller.userId(),
                    trust.id(),
                    role,
                    token.name(),
                    Secrets.sha256(secret),
                    secret.substring(0, TOKEN_PREFIX.length() + 6),
                    expiresAt);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "api-token",
                            tokenId,
                            "create",
                            Map.of("name", token.name(), "role", role.code(), "expiresAt", expiresAt.toString())));
            return tokenId;
        });
        return new CreatedToken(
                id,
                token.name(),
                trust.code(),
                role.code(),
                expiresAt,
                secret,
                "Keep this token now: Tierra stores only its hash and cannot show it again.");
    }

    /** The caller's own tokens, and every token of the trusts the caller administers. */
    public List<ApiToken> listTokens(Principal caller) {
        List<Long> administered = caller.roles().entrySet().stream()
                .filter(entry -> entry.getValue() == Role.ADMIN)
                .map(Map.Entry::getKey)
                .toList();
        return database.withConnection(
                connection -> TokenRepository.listTokens(connection, caller.userId(), administered));
    }

    /**
     * Revokes token {@code id}, audited as {@code change}; revoking a revoked token changes nothing.
     *
     * @throws Problem 404 unless the token is the caller's or of a trust the caller administers: someone
     *     else's token does not exist as far as the caller can tell
     */
    public void revokeToken(Principal caller, long id, Change change) {
        TokenRepository.TokenOwner owner = database.withConnection(
                        connection -> TokenRepository.findOwner(connection, id))
                .filter(found -> found.userId() == caller.userId()
                        || caller.roleIn(found.trustId())
                                .filter(role -> role == Role.ADMIN)
                                .isPresent())
                .orElseThrow(() -> Problem.notFound("There is no token " + id + " that you may revoke."));
        database.inTransaction(connection -> {
            if (TokenRepository.revokeToken(connection, id)) {
                audit.record(
                        connection,
                        change,
                        new AuditEvent(
                                Optional.of(owner.trustId()), "api-token", Long.toString(id), "revoke", Map.of()));
            }
            return null;
        });
    }
}
