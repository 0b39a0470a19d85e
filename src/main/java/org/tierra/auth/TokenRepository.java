package org.tierra.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Role;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/** API tokens: stored only as SHA-256, shown once, revocable, always expiring. */
final class TokenRepository {

    private TokenRepository() {}

    /** A valid token's owner and the trust and role it acts with. */
    record TokenGrant(long tokenId, long userId, long trustId, Role role, Optional<Instant> lastUsedAt) {}

    /** Who owns a token and in which trust, to decide who may revoke it. */
    record TokenOwner(long userId, long trustId, boolean revoked) {}

    /** Stores a token by its hash and a readable prefix, never the secret; returns its id. */
    static long createToken(
            Connection connection,
            long userId,
            long trustId,
            Role role,
            String name,
            byte[] tokenHash,
            String prefix,
            Instant expiresAt) {
        return Sql.on(connection, """
                        INSERT INTO api_token (user_id, trust_id, role, name, token_hash, token_prefix, expires_at)
                        VALUES (:user, :trust, :role, :name, :hash, :prefix, :expiresAt)
                        RETURNING id
                        """)
                .bind("user", userId)
                .bind("trust", trustId)
                .bind("role", role.code())
                .bind("name", name)
                .bind("hash", tokenHash)
                .bind("prefix", prefix)
                .bind("expiresAt", expiresAt)
                .get(row -> row.getLong("id"));
    }

    static Optional<TokenGrant> findValidToken(Connection connection, byte[] tokenHash) {
        return Sql.on(connection, """
                        SELECT k.id, k.user_id, k.trust_id, k.role, k.last_used_at
                        FROM api_token k
                        JOIN app_user u ON u.id = k.user_id
                        WHERE k.token_hash = :hash
                          AND k.revoked_at IS NULL
                          AND k.expires_at > now()
                          AND u.disabled_at IS NULL
                        """)
                .bind("hash", tokenHash)
                .find(row -> new TokenGrant(
                        row.getLong("id"),
                        row.getLong("user_id"),
                        row.getLong("trust_id"),
                        roleFrom(row),
                        row.findInstant("last_used_at")));
    }

    static void touchToken(Connection connection, long tokenId) {
        Sql.on(connection, "UPDATE api_token SET last_used_at = now() WHERE id = :id")
                .bind("id", tokenId)
                .update();
    }

    /** The user's own tokens, and every token of the trusts in {@code adminTrustIds}. */
    static List<ApiToken> listTokens(Connection connection, long userId, List<Long> adminTrustIds) {
        return Sql.on(connection, """
                        SELECT k.id, k.name, u.username AS owner, t.code AS trust, k.role, k.token_prefix,
                               k.created_at, k.expires_at, k.revoked_at, k.last_used_at
                        FROM api_token k
                        JOIN app_user u ON u.id = k.user_id
                        JOIN trust t ON t.id = k.trust_id
                        WHERE k.user_id = :user OR k.trust_id = ANY (CAST(:trusts AS bigint[]))
                        ORDER BY k.id
                        """)
                .bind("user", userId)
                .bind("trusts", adminTrustIds)
                .list(row -> new ApiToken(
                        row.getLong("id"),
                        row.getString("name"),
                        row.getString("owner"),
                        row.getString("trust"),
                        row.getString("role"),
                        row.getString("token_prefix"),
                        row.getInstant("created_at"),
                        row.getInstant("expires_at"),
                        row.findInstant("revoked_at"),
                        row.findInstant("last_used_at")));
    }

    static Optional<TokenOwner> findOwner(Connection connection, long tokenId) {
        return Sql.on(connection, """
                        SELECT user_id, trust_id, revoked_at IS NOT NULL AS revoked FROM api_token WHERE id = :id
                        """)
                .bind("id", tokenId)
                .find(row ->
                        new TokenOwner(row.getLong("user_id"), row.getLong("trust_id"), row.getBoolean("revoked")));
    }

    static boolean revokeToken(Connection connection, long tokenId) {
        return Sql.on(connection, "UPDATE api_token SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
                        .bind("id", tokenId)
                        .update()
                > 0;
    }

    private static Role roleFrom(Row row) throws SQLException {
        return Role.fromCode(row.getString("role")).orElseThrow();
    }
}
