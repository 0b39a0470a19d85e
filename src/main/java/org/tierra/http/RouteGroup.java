package org.tierra.http;

import io.javalin.config.RoutesConfig;

/** One feature's HTTP routes, declared up front when the server is built. */
@FunctionalInterface
public interface RouteGroup {
    void addRoutes(RoutesConfig routes);
}
