package org.tierra.trusts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/trusts} (public) and {@code POST /api/v1/trusts} (the operator). */
public final class TrustRoutes implements RouteGroup {

    private final Trusts trusts;
    private final JsonMapper json;

    public TrustRoutes(Trusts trusts, JsonMapper json) {
        this.trusts = trusts;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/trusts}. */
    record TrustList(List<TrustRepository.TrustSummary> trusts) {}

    /** A trust as {@code POST /api/v1/trusts} answers it. */
    record CreatedTrust(String code, String name, Trust.Kind kind) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/trusts", this::listTrusts, Access.PUBLIC);
        routes.post("/api/v1/trusts", this::createTrust, Access.OPERATOR);
    }

    private void listTrusts(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(new TrustList(trusts.listTrusts()));
    }

    private void createTrust(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, Set.of("code", "name", "kind", "reason"));
        String code = NewTrust.requireValidCode(body.requiredText("code").toLowerCase(Locale.ROOT));
        String name = body.requiredText("name");
        Trust.Kind kind = Trust.Kind.fromField("kind", body.requiredText("kind"));
        Trust trust =
                trusts.createTrust(new NewTrust(code, name, kind), Callers.change(ctx, body.requiredText("reason")));
        ctx.status(201).json(new CreatedTrust(trust.code(), trust.name(), trust.kind()));
    }
}
