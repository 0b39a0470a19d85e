package org.tierra.http;

import io.javalin.security.RouteRole;

/**
 * Who may call a route at all, declared on every route when it is registered. Finer, per-trust checks
 * ({@code Principal.requireRole}) happen in the handler, which knows the trust. A route that declares
 * no access is refused at run time and fails the route-by-role matrix test.
 */
public enum Access implements RouteRole {
    /** Anyone, signed in or not: the public layers. */
    PUBLIC,
    /** A signed-in user or a valid API token. */
    SIGNED_IN,
    /** The server-wide operator only. */
    OPERATOR
}
