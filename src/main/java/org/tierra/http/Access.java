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
    /**
     * The registry's writers: a signed-in user or token holding the role staff or admin in some trust, or
     * the operator. Checked before the request body is read, so that a caller who may not write learns
     * nothing from the body's validation; the service then checks the role in the record's own trust.
     */
    STAFF,
    /** The server-wide operator only. */
    OPERATOR
}
