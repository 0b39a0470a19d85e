package org.tierra.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.db.Database;

/**
 * Signing in and out, who is signed in, and changing one's password. Failed attempts are counted by the
 * {@link LoginThrottle}; while it refuses, every attempt is a 429 ({@code too-many-sign-in-attempts})
 * whose field {@code retryAfterSeconds} says when to try again. Sign-in, sign-out and password changes
 * are audited, without a reason; a session is named in the audit log by the first bytes of its hash,
 * never by its id.
 */
public final class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final Database database;
    private final AuditLog audit;
    private final TierraConfig.Security security;
    private final LoginThrottle throttle;

    public Sessions(Database database, AuditLog audit, TierraConfig.Security security, LoginThrottle throttle) {
        this.database = database;
        this.audit = audit;
        this.security = security;
        this.throttle = throttle;
    }

    /**
     * A new session.
     *
     * @param sessionId the secret for the session cookie; only its hash is stored
     */
    public record SignedIn(String sessionId, Me me) {}

    /**
     * Signs {@code username} in with a new session, ending {@code previousSessionId} (the browser's session
     * before, if any), from {@code address}, during request {@code requestId}.
     *
     * @throws Problem 429 while throttled; 401 ({@code invalid-credentials}) for a wrong username or
     *     password or a disabled account, alike and in the same time
     */
    public SignedIn signIn(
            String username, String password, String address, Optional<String> previousSessionId, String requestId) {
        refuseWhileThrottled(username, address);
        Optional<AccountRepository.Credentials> credentials =
                database.withConnection(connection -> AccountRepository.findCredentials(connection, username));
        // The hash is checked even when the user does not exist or is disabled: same time, same answer.
        boolean signedIn = Passwords.verify(
                password,
                credentials.filter(found -> !found.user().disabled()).map(AccountRepository.Credentials::passwordHash));
        if (!signedIn) {
            throttle.recordFailure(username, address);
            log.info("Failed sign-in for '{}' from {}", username, address);
            throw new Problem(AuthProblem.INVALID_CREDENTIALS, "Wrong username or password.", Map.of());
        }
        throttle.recordSuccess(username);
        User user = credentials.orElseThrow().user();
        String sessionId = Secrets.newSecret("");
        Principal principal = database.inTransaction(connection -> {
            // A new session id at every sign-in, and the one the browser held before ends.
            previousSessionId.ifPresent(old -> SessionRepository.revokeSession(connection, Secrets.sha256(old)));
            SessionRepository.createSession(
                    connection,
                    Secrets.sha256(sessionId),
                    user.id(),
                    Instant.now().plus(security.sessionMaximumAge()),
                    address);
            Principal signedInAs = new Principal(
                    user.id(),
                    user.username(),
                    user.displayName(),
                    user.operator(),
                    AccountRepository.listRoles(connection, user.id()),
                    Principal.Credential.SESSION);
            audit.record(
                    connection,
                    Change.byWithoutReason(signedInAs, requestId),
                    new AuditEvent(
                            Optional.empty(),
                            "session",
                            sessionLabel(sessionId),
                            "sign-in",
                            Map.of("address", address)));
            return signedInAs;
        });
        return new SignedIn(sessionId, describe(user, principal, Optional.of(Secrets.csrfTokenFor(sessionId))));
    }

    /**
     * Ends session {@code sessionId}, audited as {@code change}.
     *
     * @throws Problem 400 ({@code not-a-session}) when the request came with an API token, not a session
     */
    public void signOut(Optional<String> sessionId, Change change) {
        String ended = sessionId.orElseThrow(() -> new Problem(
                AuthProblem.NOT_A_SESSION,
                "Signing out ends a session; revoke an API token with DELETE /api/v1/tokens/{id}.",
                Map.of()));
        database.inTransaction(connection -> {
            SessionRepository.revokeSession(connection, Secrets.sha256(ended));
            audit.record(
                    connection,
                    change,
                    new AuditEvent(Optional.empty(), "session", sessionLabel(ended), "sign-out", Map.of()));
            return null;
        });
    }

    /** The caller as they see themselves; {@code sessionId} is theirs when they came with a session. */
    public Me describe(Principal caller, Optional<String> sessionId) {
        User user = database.withConnection(connection -> AccountRepository.findUser(connection, caller.userId()))
                .orElseThrow();
        return describe(user, caller, sessionId.map(Secrets::csrfTokenFor));
    }

    /**
     * Replaces the caller's password, from session {@code sessionId} from {@code address}, and ends their
     * other sessions; audited as {@code change}.
     *
     * @throws Problem 403 when the request came with an API token; 429 while throttled (a wrong current
     *     password counts as a failed sign-in); 422 naming {@code currentPassword} when it is wrong, or
     *     {@code newPassword} when it is too weak
     */
    public void changePassword(
            Principal caller,
            Optional<String> sessionId,
            String currentPassword,
            String newPassword,
            String address,
            Change change) {
        String kept = sessionId.orElseThrow(
                () -> Problem.forbidden("A password is changed from a signed-in session, not with an API token."));
        refuseWhileThrottled(caller.username(), address);
        String storedHash = database.withConnection(
                        connection -> AccountRepository.findCredentials(connection, caller.username()))
                .orElseThrow()
                .passwordHash();
        if (!Passwords.verify(currentPassword, Optional.of(storedHash))) {
            throttle.recordFailure(caller.username(), address);
            throw Problem.invalidField("currentPassword", "The current password is wrong.");
        }
        Passwords.weakness(newPassword, caller.username()).ifPresent(reason -> {
            throw Problem.invalidField("newPassword", reason);
        });
        String newHash = Passwords.hash(newPassword);
        database.inTransaction(connection -> {
            AccountRepository.updatePassword(connection, caller.userId(), newHash);
            int ended = SessionRepository.revokeOtherSessions(connection, caller.userId(), Secrets.sha256(kept));
            audit.record(
                    connection,
                    change,
                    new AuditEvent(
                            Optional.empty(),
                            "user",
                            caller.username(),
                            "change-password",
                            Map.of("otherSessionsEnded", ended)));
            return null;
        });
    }

    private void refuseWhileThrottled(String username, String address) {
        Optional<Duration> wait = throttle.retryAfter(username, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            throw new Problem(
                    AuthProblem.TOO_MANY_SIGN_IN_ATTEMPTS,
                    "Too many failed sign-ins; try again in " + seconds + " seconds.",
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    private Me describe(User user, Principal principal, Optional<String> csrfToken) {
        List<AccountRepository.Membership> memberships =
                database.withConnection(connection -> AccountRepository.listMemberships(connection, user.id()));
        return new Me(
                new Me.Account(user.username(), user.displayName(), principal.operator()),
                memberships.stream()
                        .filter(membership -> principal.roles().containsKey(membership.trustId()))
                        .map(membership -> new Me.TrustRole(
                                membership.trust(),
                                membership.trustName(),
                                principal.roles().get(membership.trustId()).code()))
                        .toList(),
                principal.credential() == Principal.Credential.SESSION ? "session" : "api-token",
                csrfToken);
    }

    /** Names a session in the audit log without revealing its id: the first bytes of its hash. */
    private static String sessionLabel(String sessionId) {
        return HexFormat.of().formatHex(Secrets.sha256(sessionId), 0, 6);
    }
}
