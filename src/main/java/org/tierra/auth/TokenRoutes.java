package org.tierra.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * API tokens for scripts and GIS tools: {@code POST /api/v1/tokens} (the secret is shown once),
 * {@code GET /api/v1/tokens}, {@code DELETE /api/v1/tokens/{id}} (with an optional {@code ?reason=}). The
 * rules are {@link Tokens}'.
 */
public final class TokenRoutes implements RouteGroup {

    private final Tokens tokens;
    private final JsonMapper json;

    public TokenRoutes(Tokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/tokens}. */
    record TokenList(List<ApiToken> tokens) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/tokens", this::createToken, Access.SIGNED_IN);
        routes.get("/api/v1/tokens", this::listTokens, Access.SIGNED_IN);
        routes.delete("/api/v1/tokens/{id}", this::revokeToken, Access.SIGNED_IN);
    }

    private void createToken(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("name", "trust", "role", "expiresAt"));
        NewToken token = new NewToken(
                body.requiredText("name"),
                body.requiredText("trust"),
                Role.fromCode(body.requiredText("role"))
                        .orElseThrow(() -> Problem.invalidField(
                                "role", "'role' is one of admin, board, staff, lessee, researcher.")),
                body.optionalInstant("expiresAt"));
        ctx.status(201)
                .json(tokens.createToken(
                        Callers.get(ctx), token, Change.byWithoutReason(Callers.get(ctx), HttpServer.requestId(ctx))));
    }

    private void listTokens(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(new TokenList(tokens.listTokens(Callers.get(ctx))));
    }

    private void revokeToken(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Change change = QueryParameters.of(ctx, Set.of("reason"))
                .find("reason")
                .filter(reason -> !reason.isBlank())
                .map(reason -> Callers.change(ctx, reason))
                .orElseGet(() -> Change.byWithoutReason(Callers.get(ctx), HttpServer.requestId(ctx)));
        tokens.revokeToken(Callers.get(ctx), id, change);
        ctx.status(204);
    }
}
