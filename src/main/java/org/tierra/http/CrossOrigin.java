package org.tierra.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access (CORS). Off by default, with two exceptions: the public read routes may be read
 * by a page of any origin, without credentials (researchers' notebooks and dashboards), and the
 * origins listed in {@code TIERRA_CORS_ORIGINS} may call every route with credentials.
 */
final class CrossOrigin {

    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD);
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, X-CSRF-Token, X-Request-Id, If-Match, If-None-Match";

    private final List<String> trustedOrigins;

    CrossOrigin(List<String> trustedOrigins) {
        this.trustedOrigins = List.copyOf(trustedOrigins);
    }

    /** Answers a browser's preflight (OPTIONS with Access-Control-Request-Method) and ends the request. */
    void answerPreflight(Context ctx) {
        String requestedMethod = ctx.header("Access-Control-Request-Method");
        if (!HandlerType.OPTIONS.equals(ctx.method()) || requestedMethod == null) {
            return;
        }
        String origin = ctx.header("Origin");
        ctx.header("Vary", "Origin");
        if (origin != null && trustedOrigins.contains(origin)) {
            ctx.header(ALLOW_ORIGIN, origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
            ctx.header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
        } else if (requestedMethod.equals("GET") || requestedMethod.equals("HEAD")) {
            ctx.header(ALLOW_ORIGIN, "*");
            ctx.header("Access-Control-Allow-Methods", "GET, HEAD");
        }
        ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
        ctx.skipRemainingHandlers();
    }

    /** Adds the response headers that let a browser read this route's answer from another origin. */
    void allowMatchedRoute(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        ctx.header("Vary", "Origin");
        if (trustedOrigins.contains(origin)) {
            ctx.header(ALLOW_ORIGIN, origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
        } else if (READS.contains(ctx.method()) && ctx.routeRoles().contains(Access.PUBLIC)) {
            ctx.header(ALLOW_ORIGIN, "*");
        }
    }
}
