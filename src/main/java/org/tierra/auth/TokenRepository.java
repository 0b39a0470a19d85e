package org.tierra.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Role;
import org.tierra.db.DatabaseException;

/** API tokens: stored only as SHA-256, shown once, revocable, always expiring. */
final class TokenRepository {

    private TokenRepository() {}

    /** A token as listed: never the secret itself. */
    record ApiToken(
            long id,
            String name,
            String owner,
            String trust,
            Role role,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Optional<Instant> revokedAt,
            Optional<Instant> lastUsedAt) {}

    /** A valid token's owner and the trust and role it acts with. */
    record TokenGrant(long tokenId, long userId, long trustId, Role role, Optional<Instant> lastUsedAt) {}

    private static final String INSERT = """
            INSERT INTO api_token (user_id, trust_id, role, name, token_hash, token_prefix, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    static long createToken(
            Connection connection,
            long userId,
            long trustId,
            Role role,
            String name,
            byte[] tokenHash,
            String prefix,
            Instant expiresAt) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setLong(1, userId);
            statement.setLong(2, trustId);
            statement.setString(3, role.code());
            statement.setString(4, name);
            statement.setBytes(5, tokenHash);
            statement.setString(6, prefix);
            statement.setTimestamp(7, Timestamp.from(expiresAt));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT, e);
        }
    }

    private static final String FIND_VALID = """
            SELECT k.id, k.user_id, k.trust_id, k.role, k.last_used_at
            FROM api_token k
            JOIN app_user u ON u.id = k.user_id
            WHERE k.token_hash = ?
              AND k.revoked_at IS NULL
              AND k.expires_at > now()
              AND u.disabled_at IS NULL
            """;

    static Optional<TokenGrant> findValidToken(Connection connection, byte[] tokenHash) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_VALID)) {
            statement.setBytes(1, tokenHash);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Timestamp lastUsed = row.getTimestamp("last_used_at");
                return Optional.of(new TokenGrant(
                        row.getLong("id"),
                        row.getLong("user_id"),
                        row.getLong("trust_id"),
                        Role.fromCode(row.getString("role")).orElseThrow(),
                        Optional.ofNullable(lastUsed).map(Timestamp::toInstant)));
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_VALID, e);
        }
    }

    private static final String TOUCH = "UPDATE api_token SET last_used_at = now() WHERE id = ?";

    static void touchToken(Connection connection, long tokenId) {
        try (PreparedStatement statement = connection.prepareStatement(TOUCH)) {
            statement.setLong(1, tokenId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(TOUCH, e);
        }
    }

    private static final String LIST = """
            SELECT k.id, k.name, u.username AS owner, t.code AS trust, k.role, k.token_prefix,
                   k.created_at, k.expires_at, k.revoked_at, k.last_used_at
            FROM api_token k
            JOIN app_user u ON u.id = k.user_id
            JOIN trust t ON t.id = k.trust_id
            WHERE k.user_id = ? OR k.trust_id = ANY (?)
            ORDER BY k.id
            """;

    /** The user's own tokens, and every token of the trusts in {@code adminTrustIds}. */
    static List<ApiToken> listTokens(Connection connection, long userId, List<Long> adminTrustIds) {
        List<ApiToken> tokens = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST)) {
            statement.setLong(1, userId);
            statement.setArray(2, connection.createArrayOf("bigint", adminTrustIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tokens.add(new ApiToken(
                            rows.getLong("id"),
                            rows.getString("name"),
                            rows.getString("owner"),
                            rows.getString("trust"),
                            Role.fromCode(rows.getString("role")).orElseThrow(),
                            rows.getString("token_prefix"),
                            rows.getTimestamp("created_at").toInstant(),
                            rows.getTimestamp("expires_at").toInstant(),
                            Optional.ofNullable(rows.getTimestamp("revoked_at")).map(Timestamp::toInstant),
                            Optional.ofNullable(rows.getTimestamp("last_used_at"))
                                    .map(Timestamp::toInstant)));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(LIST, e);
        }
        return tokens;
    }

    /** Who owns a token and in which trust, to decide who may revoke it. */
    record TokenOwner(long userId, long trustId, boolean revoked) {}

    private static final String OWNER =
            "SELECT user_id, trust_id, revoked_at IS NOT NULL AS revoked FROM api_token WHERE id = ?";

    static Optional<TokenOwner> findOwner(Connection connection, long tokenId) {
        try (PreparedStatement statement = connection.prepareStatement(OWNER)) {
            statement.setLong(1, tokenId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new TokenOwner(
                                row.getLong("user_id"), row.getLong("trust_id"), row.getBoolean("revoked")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(OWNER, e);
        }
    }

    private static final String REVOKE = "UPDATE api_token SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL";

    static boolean revokeToken(Connection connection, long tokenId) {
        try (PreparedStatement statement = connection.prepareStatement(REVOKE)) {
            statement.setLong(1, tokenId);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException(REVOKE, e);
        }
    }
}
