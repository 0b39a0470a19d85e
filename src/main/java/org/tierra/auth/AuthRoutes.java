package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.tierra.access.Change;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing in and out: {@code POST /api/v1/auth/login}, {@code POST /api/v1/auth/logout},
 * {@code GET /api/v1/auth/me} and {@code POST /api/v1/auth/password}. The rules are {@link Sessions}';
 * here the session cookie is set and cleared, and a throttled attempt learns when to retry
 * ({@code Retry-After}).
 */
public final class AuthRoutes implements RouteGroup {

    private final Sessions sessions;
    private final JsonMapper json;
    private final TierraConfig.Security security;

    public AuthRoutes(Sessions sessions, JsonMapper json, TierraConfig.Security security) {
        this.sessions = sessions;
        this.json = json;
        this.security = security;
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
        Optional<String> previousSession = Optional.ofNullable(ctx.cookie(AccessControl.SESSION_COOKIE));
        Sessions.SignedIn signedIn = tellingWhenToRetry(
                ctx, () -> sessions.signIn(username, password, ctx.ip(), previousSession, HttpServer.requestId(ctx)));
        AccessControl.setSessionCookie(ctx, signedIn.sessionId(), security);
        ctx.json(signedIn.me());
    }

    private void logout(Context ctx) {
        sessions.signOut(AccessControl.currentSessionId(ctx), withoutReason(ctx));
        AccessControl.clearSessionCookie(ctx, security);
        ctx.status(204);
    }

    private void me(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(sessions.describe(Callers.get(ctx), AccessControl.currentSessionId(ctx)));
    }

    private void changePassword(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("currentPassword", "newPassword"));
        String current = body.requiredRawText("currentPassword");
        String replacement = body.requiredRawText("newPassword");
        tellingWhenToRetry(ctx, () -> {
            sessions.changePassword(
                    Callers.get(ctx),
                    AccessControl.currentSessionId(ctx),
                    current,
                    replacement,
                    ctx.ip(),
                    withoutReason(ctx));
            return null;
        });
        ctx.status(204);
    }

    /** Signing in and out and changing one's password ask for no reason. */
    private static Change withoutReason(Context ctx) {
        return Change.byWithoutReason(Callers.get(ctx), HttpServer.requestId(ctx));
    }

    /** Runs {@code step}; when it is refused for too many failed sign-ins, {@code Retry-After} says how long to wait. */
    private static <T> T tellingWhenToRetry(Context ctx, Supplier<T> step) {
        try {
            return step.get();
        } catch (Problem problem) {
            if (problem.type() == AuthProblem.TOO_MANY_SIGN_IN_ATTEMPTS) {
                ctx.header("Retry-After", String.valueOf(problem.fields().get("retryAfterSeconds")));
            }
            throw problem;
        }
    }
}
