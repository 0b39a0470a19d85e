package org.tierra.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/**
 * Sign-in sessions, stored in PostgreSQL so that they survive a restart and can be revoked. Only the
 * SHA-256 of the session id is stored.
 */
final class SessionRepository {

    private SessionRepository() {}

    /** A live session: whose it is and when it was last seen. */
    record ActiveSession(long userId, Instant lastSeenAt) {}

    private static final String INSERT = """
            INSERT INTO session (token_hash, user_id, expires_at, client_address)
            VALUES (?, ?, ?, ?)
            """;

    static void createSession(
            Connection connection, byte[] tokenHash, long userId, Instant expiresAt, String clientAddress) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setBytes(1, tokenHash);
            statement.setLong(2, userId);
            statement.setTimestamp(3, Timestamp.from(expiresAt));
            statement.setString(4, clientAddress);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(INSERT, e);
        }
    }

    private static final String FIND_ACTIVE = """
            SELECT s.user_id, s.last_seen_at
            FROM session s
            JOIN app_user u ON u.id = s.user_id
            WHERE s.token_hash = ?
              AND s.revoked_at IS NULL
              AND s.expires_at > now()
              AND s.last_seen_at > now() - ?::interval
              AND u.disabled_at IS NULL
            """;

    /** The session if it is neither revoked, expired, idle beyond {@code idleTimeout}, nor its user disabled. */
    static Optional<ActiveSession> findActiveSession(Connection connection, byte[] tokenHash, Duration idleTimeout) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_ACTIVE)) {
            statement.setBytes(1, tokenHash);
            statement.setString(2, idleTimeout.toSeconds() + " seconds");
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new ActiveSession(
                                row.getLong("user_id"),
                                row.getTimestamp("last_seen_at").toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_ACTIVE, e);
        }
    }

    private static final String TOUCH = "UPDATE session SET last_seen_at = now() WHERE token_hash = ?";

    static void touchSession(Connection connection, byte[] tokenHash) {
        try (PreparedStatement statement = connection.prepareStatement(TOUCH)) {
            statement.setBytes(1, tokenHash);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(TOUCH, e);
        }
    }

    private static final String REVOKE = """
            UPDATE session SET revoked_at = now() WHERE token_hash = ? AND revoked_at IS NULL
            """;

    static boolean revokeSession(Connection connection, byte[] tokenHash) {
        try (PreparedStatement statement = connection.prepareStatement(REVOKE)) {
            statement.setBytes(1, tokenHash);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DatabaseException(REVOKE, e);
        }
    }

    private static final String REVOKE_OTHERS = """
            UPDATE session SET revoked_at = now()
            WHERE user_id = ? AND token_hash <> ? AND revoked_at IS NULL
            """;

    /** Ends every other session of the user, e.g. after a password change; returns how many. */
    static int revokeOtherSessions(Connection connection, long userId, byte[] keptTokenHash) {
        try (PreparedStatement statement = connection.prepareStatement(REVOKE_OTHERS)) {
            statement.setLong(1, userId);
            statement.setBytes(2, keptTokenHash);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(REVOKE_OTHERS, e);
        }
    }
}
