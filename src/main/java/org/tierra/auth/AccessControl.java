package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.config.TierraConfig;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.PublicAddress;
import org.tierra.http.RouteGroup;

/**
 * The wall in front of every route: finds who is asking (session cookie or {@code Authorization:
 * Bearer} token), enforces the route's declared {@link Access}, and requires the CSRF token on writes
 * made with a session cookie. Must be the first route group, so that it runs before any handler.
 */
public final class AccessControl implements RouteGroup {

    public static final String SESSION_COOKIE = "tierra_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ID = "tierra.sessionId";
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    /** last_seen_at is written at most this often per session, not on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Database database;
    private final TierraConfig.Security security;

    public AccessControl(Database database, TierraConfig.Security security) {
        this.database = database;
        this.security = security;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.beforeMatched(this::guard);
    }

    /** The raw session id of this request, when it is authenticated by a session cookie. */
    static Optional<String> currentSessionId(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ID));
    }

    private void guard(Context ctx) {
        Access access = declaredAccess(ctx);
        Optional<Principal> principal = authenticate(ctx);
        principal.ifPresent(who -> Callers.attach(ctx, who));
        switch (access) {
            case PUBLIC -> {}
            case SIGNED_IN -> requireCsrfToken(ctx, principal.orElseThrow(Callers::unauthenticated));
            case STAFF -> {
                Principal who = principal.orElseThrow(Callers::unauthenticated);
                if (!who.operator()
                        && !who.roles().containsValue(Role.STAFF)
                        && !who.roles().containsValue(Role.ADMIN)) {
                    throw Problem.forbidden("Only a trust's staff or admin may change the registry; "
                            + (who.roles().isEmpty()
                                    ? "you hold no role in any trust."
                                    : "you are " + heldRoles(who) + "."));
                }
                requireCsrfToken(ctx, who);
            }
            case OPERATOR -> {
                Principal who = principal.orElseThrow(Callers::unauthenticated);
                if (!who.operator()) {
                    throw Problem.forbidden("Only the server's operator may do this.");
                }
                requireCsrfToken(ctx, who);
            }
        }
    }

    private static String heldRoles(Principal principal) {
        return principal.roles().values().stream()
                .map(Role::code)
                .distinct()
                .sorted()
                .collect(java.util.stream.Collectors.joining(" and "));
    }

    /** Every route, and the map's static files, must declare exactly one Access. */
    private static Access declaredAccess(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof Access access)) {
            throw new IllegalStateException(ctx.method() + " " + ctx.endpoint().path + " declares no Access: refused");
        }
        return access;
    }

    private Optional<Principal> authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new Problem(
                        CommonProblem.UNAUTHENTICATED,
                        "Use 'Authorization: Bearer <token>' with an API token.",
                        Map.of());
            }
            return Optional.of(authenticateToken(authorization.substring(7).strip()));
        }
        String sessionId = ctx.cookie(SESSION_COOKIE);
        if (sessionId == null || sessionId.isBlank()) {
            return Optional.empty();
        }
        Optional<Principal> principal = authenticateSession(sessionId);
        if (principal.isEmpty()) {
            clearSessionCookie(ctx, security); // expired or revoked: the browser may as well forget it
        } else {
            ctx.attribute(SESSION_ID, sessionId);
        }
        return principal;
    }

    private Principal authenticateToken(String token) {
        byte[] tokenHash = Secrets.sha256(token);
        return database.withConnection(connection -> {
            TokenRepository.TokenGrant grant = TokenRepository.findValidToken(connection, tokenHash)
                    .orElseThrow(() -> new Problem(
                            AuthProblem.INVALID_TOKEN, "This API token is unknown, revoked or expired.", Map.of()));
            User user = AccountRepository.findUser(connection, grant.userId()).orElseThrow();
            // A token never grants more than its owner still holds in that trust.
            Optional<Role> held = Optional.ofNullable(
                    AccountRepository.listRoles(connection, user.id()).get(grant.trustId()));
            Map<Long, Role> roles = held.filter(
                            role -> role.grantableTokenRoles().contains(grant.role()))
                    .map(role -> Map.of(grant.trustId(), grant.role()))
                    .orElse(Map.of());
            if (grant.lastUsedAt()
                    .map(used -> used.isBefore(Instant.now().minus(TOUCH_INTERVAL)))
                    .orElse(true)) {
                TokenRepository.touchToken(connection, grant.tokenId());
            }
            return new Principal(
                    user.id(), user.username(), user.displayName(), false, roles, Principal.Credential.API_TOKEN);
        });
    }

    private Optional<Principal> authenticateSession(String sessionId) {
        byte[] tokenHash = Secrets.sha256(sessionId);
        return database.withConnection(connection -> {
            Optional<SessionRepository.ActiveSession> session =
                    SessionRepository.findActiveSession(connection, tokenHash, security.sessionIdleTimeout());
            if (session.isEmpty()) {
                return Optional.empty();
            }
            if (session.get().lastSeenAt().isBefore(Instant.now().minus(TOUCH_INTERVAL))) {
                SessionRepository.touchSession(connection, tokenHash);
            }
            User user = AccountRepository.findUser(connection, session.get().userId())
                    .orElseThrow();
            return Optional.of(new Principal(
                    user.id(),
                    user.username(),
                    user.displayName(),
                    user.operator(),
                    AccountRepository.listRoles(connection, user.id()),
                    Principal.Credential.SESSION));
        });
    }

    private static void requireCsrfToken(Context ctx, Principal principal) {
        if (principal.credential() != Principal.Credential.SESSION || SAFE_METHODS.contains(ctx.method())) {
            return;
        }
        String expected = Secrets.csrfTokenFor(currentSessionId(ctx).orElseThrow());
        String given = ctx.header(CSRF_HEADER);
        if (given == null || given.isBlank()) {
            throw new Problem(
                    AuthProblem.CSRF_TOKEN_MISSING,
                    "Writes made with a session cookie need the header " + CSRF_HEADER
                            + " with the csrfToken returned at sign-in.",
                    Map.of());
        }
        if (!Secrets.sameHash(Secrets.sha256(expected), Secrets.sha256(given))) {
            throw new Problem(
                    AuthProblem.CSRF_TOKEN_INVALID,
                    "The " + CSRF_HEADER + " header does not belong to this session; sign in again.",
                    Map.of());
        }
    }

    static void setSessionCookie(Context ctx, String sessionId, TierraConfig.Security security) {
        ctx.cookie(
                sessionCookie(ctx, sessionId, (int) security.sessionMaximumAge().toSeconds(), security));
    }

    static void clearSessionCookie(Context ctx, TierraConfig.Security security) {
        ctx.cookie(sessionCookie(ctx, "", 0, security));
    }

    /** Secure whenever the client reached Tierra over HTTPS (a trusted proxy's or the public URL's say-so counts). */
    private static Cookie sessionCookie(Context ctx, String value, int maxAgeSeconds, TierraConfig.Security security) {
        boolean secure = security.secureCookies() || PublicAddress.https(ctx);
        // name, value, path, max age, Secure, HttpOnly, domain (host only), SameSite
        return new Cookie(SESSION_COOKIE, value, "/", maxAgeSeconds, secure, true, null, SameSite.LAX);
    }
}
