package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in and out: {@code POST /api/v1/auth/login}, {@code POST /api/v1/auth/logout},
 * {@code GET /api/v1/auth/me} and {@code POST /api/v1/auth/password}.
 */
public final class AuthRoutes implements RouteGroup {

    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;
    private final TierraConfig.Security security;
    private final LoginThrottle throttle;

    public AuthRoutes(
            Database database,
            JsonMapper json,
            AuditLog audit,
            TierraConfig.Security security,
            LoginThrottle throttle) {
        this.database = database;
        this.json = json;
        this.audit = audit;
        this.security = security;
        this.throttle = throttle;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/auth/login", this::login, Access.PUBLIC);
        routes.post("/api/v1/auth/logout", this::logout, Access.SIGNED_IN);
        routes.get("/api/v1/auth/me", this::me, Access.SIGNED_IN);
        routes.post("/api/v1/auth/password", this::changePassword, Access.SIGNED_IN);
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("username", "password"));
        String username = body.requiredText("username").toLowerCase(Locale.ROOT);
        String password = body.requiredRawText("password");
        String address = ctx.ip();
        refuseWhileThrottled(ctx, username, address);

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
        Optional<String> previousSession = Optional.ofNullable(ctx.cookie(AccessControl.SESSION_COOKIE));
        database.inTransaction(connection -> {
            // A new session id at every sign-in, and the one the browser held before ends.
            previousSession.ifPresent(old -> SessionRepository.revokeSession(connection, Secrets.sha256(old)));
            SessionRepository.createSession(
                    connection,
                    Secrets.sha256(sessionId),
                    user.id(),
                    Instant.now().plus(security.sessionMaximumAge()),
                    address);
            audit.record(
                    connection,
                    new Change(
                            Optional.of(user.id()),
                            user.username(),
                            Optional.empty(),
                            Optional.of(HttpServer.requestId(ctx))),
                    new AuditEvent(
                            Optional.empty(),
                            "session",
                            sessionLabel(sessionId),
                            "sign-in",
                            Map.of("address", address)));
            return null;
        });
        AccessControl.setSessionCookie(ctx, sessionId, security);
        Principal principal = new Principal(
                user.id(),
                user.username(),
                user.displayName(),
                user.operator(),
                database.withConnection(connection -> AccountRepository.listRoles(connection, user.id())),
                Principal.Credential.SESSION);
        ctx.json(describe(user, principal, Optional.of(Secrets.csrfTokenFor(sessionId))));
    }

    private void refuseWhileThrottled(Context ctx, String username, String address) {
        Optional<Duration> wait = throttle.retryAfter(username, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new Problem(
                    AuthProblem.TOO_MANY_SIGN_IN_ATTEMPTS,
                    "Too many failed sign-ins; try again in " + seconds + " seconds.",
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    private void logout(Context ctx) {
        Principal principal = Callers.get(ctx);
        String sessionId = AccessControl.currentSessionId(ctx)
                .orElseThrow(() -> new Problem(
                        AuthProblem.NOT_A_SESSION,
                        "Signing out ends a session; revoke an API token with DELETE /api/v1/tokens/{id}.",
                        Map.of()));
        database.inTransaction(connection -> {
            SessionRepository.revokeSession(connection, Secrets.sha256(sessionId));
            audit.record(
                    connection,
                    Change.byWithoutReason(principal, HttpServer.requestId(ctx)),
                    new AuditEvent(Optional.empty(), "session", sessionLabel(sessionId), "sign-out", Map.of()));
            return null;
        });
        AccessControl.clearSessionCookie(ctx, security);
        ctx.status(204);
    }

    private void me(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Principal principal = Callers.get(ctx);
        User user = database.withConnection(connection -> AccountRepository.findUser(connection, principal.userId()))
                .orElseThrow();
        ctx.json(describe(user, principal, AccessControl.currentSessionId(ctx).map(Secrets::csrfTokenFor)));
    }

    private void changePassword(Context ctx) {
        Principal principal = Callers.get(ctx);
        String sessionId = AccessControl.currentSessionId(ctx)
                .orElseThrow(() ->
                        Problem.forbidden("A password is changed from a signed-in session, not with an API token."));
        JsonBody body = JsonBody.read(ctx, json, Set.of("currentPassword", "newPassword"));
        String current = body.requiredRawText("currentPassword");
        String replacement = body.requiredRawText("newPassword");
        refuseWhileThrottled(ctx, principal.username(), ctx.ip());
        String storedHash = database.withConnection(
                        connection -> AccountRepository.findCredentials(connection, principal.username()))
                .orElseThrow()
                .passwordHash();
        if (!Passwords.verify(current, Optional.of(storedHash))) {
            throttle.recordFailure(principal.username(), ctx.ip());
            throw Problem.invalidField("currentPassword", "The current password is wrong.");
        }
        Passwords.weakness(replacement, principal.username()).ifPresent(reason -> {
            throw Problem.invalidField("newPassword", reason);
        });
        String newHash = Passwords.hash(replacement);
        database.inTransaction(connection -> {
            AccountRepository.updatePassword(connection, principal.userId(), newHash);
            int ended =
                    SessionRepository.revokeOtherSessions(connection, principal.userId(), Secrets.sha256(sessionId));
            audit.record(
                    connection,
                    Change.byWithoutReason(principal, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.empty(),
                            "user",
                            principal.username(),
                            "change-password",
                            Map.of("otherSessionsEnded", ended)));
            return null;
        });
        ctx.status(204);
    }

    /**
     * The user, the roles they act with (all their memberships for a session; only the token's trust and
     * role for an API token) and, for a session, the CSRF token its writes must carry.
     */
    private Map<String, Object> describe(User user, Principal principal, Optional<String> csrfToken) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put(
                "user",
                Json.fields(
                        "username",
                        user.username(),
                        "displayName",
                        user.displayName(),
                        "operator",
                        principal.operator()));
        List<AccountRepository.Membership> memberships =
                database.withConnection(connection -> AccountRepository.listMemberships(connection, user.id()));
        description.put(
                "memberships",
                memberships.stream()
                        .filter(membership -> principal.roles().containsKey(membership.trustId()))
                        .map(membership -> Json.fields(
                                "trust", membership.trust(),
                                "trustName", membership.trustName(),
                                "role",
                                        principal
                                                .roles()
                                                .get(membership.trustId())
                                                .code()))
                        .toList());
        description.put("credential", principal.credential() == Principal.Credential.SESSION ? "session" : "api-token");
        csrfToken.ifPresent(token -> description.put("csrfToken", token));
        return description;
    }

    /** Names a session in the audit log without revealing its id: the first bytes of its hash. */
    private static String sessionLabel(String sessionId) {
        return HexFormat.of().formatHex(Secrets.sha256(sessionId), 0, 6);
    }
}
