package org.tierra.trusts;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.auth.AccessControl;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/trusts} (public) and {@code POST /api/v1/trusts} (the operator). */
public final class TrustRoutes implements RouteGroup {

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;

    public TrustRoutes(Database database, JsonMapper json, AuditLog audit) {
        this.database = database;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/trusts", this::listTrusts, Access.PUBLIC);
        routes.post("/api/v1/trusts", this::createTrust, Access.OPERATOR);
    }

    private void listTrusts(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(Json.fields(
                "trusts",
                database.withConnection(TrustRepository::listTrusts).stream()
                        .map(trust -> Json.fields(
                                "code",
                                trust.code(),
                                "name",
                                trust.name(),
                                "kind",
                                trust.kind().code,
                                "parcels",
                                trust.parcels()))
                        .toList()));
    }

    private void createTrust(Context ctx) {
        Principal principal = AccessControl.requirePrincipal(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("code", "name", "kind", "reason"));
        String code = body.requiredText("code").toLowerCase(Locale.ROOT);
        if (!Trust.CODE.matcher(code).matches()) {
            throw Problem.invalidField(
                    "code", "A trust code is 2 to 63 lower-case letters, digits and '-', e.g. ejido-san-pablo.");
        }
        String name = body.requiredText("name");
        String kindCode = body.requiredText("kind");
        Trust.Kind kind;
        try {
            kind = Trust.Kind.fromCode(kindCode);
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField(
                    "kind", "'kind' is one of community_land_trust, ejido, comunidad_agraria, other.");
        }
        String reason = body.requiredText("reason");
        Trust trust = database.inTransaction(connection -> {
            if (TrustRepository.findTrustByCode(connection, code).isPresent()) {
                throw new Problem(
                        TrustProblem.TRUST_EXISTS,
                        "There is already a trust with code '" + code + "'.",
                        Map.of("code", code));
            }
            Trust created = TrustRepository.createTrust(connection, code, name, kind);
            audit.record(
                    connection,
                    AuditEvent.by(
                            principal,
                            Optional.of(created.id()),
                            "trust",
                            code,
                            "create",
                            Optional.of(reason),
                            HttpServer.requestId(ctx),
                            Map.of("name", name, "kind", kind.code)));
            return created;
        });
        ctx.status(201).json(Json.fields("code", trust.code(), "name", trust.name(), "kind", trust.kind().code));
    }
}
