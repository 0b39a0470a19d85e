package org.tierra.stewardship;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lease's obligations and their fulfilments over HTTP ({@link Obligations}):
 * {@code POST /api/v1/leases/{id}/obligations}, {@code GET /api/v1/leases/{id}/obligations?asOf=},
 * {@code POST /api/v1/obligations/{id}/fulfilments} and {@code POST /api/v1/obligations/{id}/end}.
 */
public final class ObligationRoutes implements RouteGroup {

    private final Obligations obligations;
    private final JsonMapper json;

    public ObligationRoutes(Obligations obligations, JsonMapper json) {
        this.obligations = obligations;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/leases/{id}/obligations", this::createObligation, Access.STAFF);
        routes.get("/api/v1/leases/{id}/obligations", this::listObligations, Access.SIGNED_IN);
        routes.post("/api/v1/obligations/{id}/fulfilments", this::createFulfilment, Access.STAFF);
        routes.post("/api/v1/obligations/{id}/end", this::endObligation, Access.STAFF);
    }

    private void createObligation(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, StewardshipInput.OBLIGATION_FIELDS);
        NewObligation obligation = StewardshipInput.obligation(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ObligationState created =
                obligations.createObligation(Callers.get(ctx), leaseId, obligation, Language.of(ctx), change);
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/leases/" + leaseId + "/obligations");
        ctx.status(201).json(created);
    }

    private void listObligations(Context ctx) {
        long leaseId = QueryParameters.parseId("id", ctx.pathParam("id"));
        LocalDate asOf = QueryParameters.of(ctx, Set.of("asOf")).date("asOf").orElseGet(Stewardship::today);
        ctx.json(obligations.listObligations(Callers.get(ctx), leaseId, asOf, Language.of(ctx)));
    }

    private void createFulfilment(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, StewardshipInput.FULFILMENT_FIELDS);
        NewFulfilment fulfilment = StewardshipInput.fulfilment(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ctx.status(201).json(obligations.createFulfilment(Callers.get(ctx), id, fulfilment, Language.of(ctx), change));
    }

    private void endObligation(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        JsonBody body = JsonBody.read(ctx, json, StewardshipInput.END_FIELDS);
        LocalDate on = body.requiredDate("on");
        Change change = Callers.change(ctx, body.requiredText("reason"));
        ctx.json(obligations.endObligation(Callers.get(ctx), id, on, Language.of(ctx), change));
    }
}
