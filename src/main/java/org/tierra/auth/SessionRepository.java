package org.tierra.auth;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tierra.db.Sql;

/**
 * Sign-in sessions, stored in PostgreSQL so that they survive a restart and can be revoked. Only the
 * SHA-256 of the session id is stored.
 */
final class SessionRepository {

    private SessionRepository() {}

    /** A live session: whose it is and when it was last seen. */
    record ActiveSession(long userId, Instant lastSeenAt) {}

    static void createSession(
            Connection connection, byte[] tokenHash, long userId, Instant expiresAt, String clientAddress) {
        Sql.on(connection, """
                        INSERT INTO session (token_hash, user_id, expires_at, client_address)
                        VALUES (:hash, :user, :expiresAt, :address)
                        """)
                .bind("hash", tokenHash)
                .bind("user", userId)
                .bind("expiresAt", expiresAt)
                .bind("address", clientAddress)
                .update();
    }

    /** The session if it is neither revoked, expired, idle beyond {@code idleTimeout}, nor its user disabled. */
    static Optional<ActiveSession> findActiveSession(Connection connection, byte[] tokenHash, Duration idleTimeout) {
        return Sql.on(connection, """
                        SELECT s.user_id, s.last_seen_at
                        FROM session s
                        JOIN app_user u ON u.id = s.user_id
                        WHERE s.token_hash = :hash
                          AND s.revoked_at IS NULL
                          AND s.expires_at > now()
                          AND s.last_seen_at > now() - CAST(:idle AS interval)
                          AND u.disabled_at IS NULL
                        """)
                .bind("hash", tokenHash)
                .bind("idle", idleTimeout.toSeconds() + " seconds")
                .find(row -> new ActiveSession(row.getLong("user_id"), row.getInstant("last_seen_at")));
    }

    static void touchSession(Connection connection, byte[] tokenHash) {
        Sql.on(connection, "UPDATE session SET last_seen_at = now() WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .update();
    }

    static boolean revokeSession(Connection connection, byte[] tokenHash) {
        return Sql.on(
                                connection,
                                "UPDATE session SET revoked_at = now() WHERE token_hash = :hash AND revoked_at IS NULL")
                        .bind("hash", tokenHash)
                        .update()
                > 0;
    }

    /** Ends every other session of the user, e.g. after a password change; returns how many. */
    static int revokeOtherSessions(Connection connection, long userId, byte[] keptTokenHash) {
        return Sql.on(connection, """
                        UPDATE session SET revoked_at = now()
                        WHERE user_id = :user AND token_hash <> :kept AND revoked_at IS NULL
                        """)
                .bind("user", userId)
                .bind("kept", keptTokenHash)
                .update();
    }
}
