package org.tierra.parties;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.IfMatch;
import org.tierra.http.JsonBody;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parties: {@code POST /api/v1/parties}, {@code GET /api/v1/parties?trust=}, {@code GET} and
 * {@code PATCH /api/v1/parties/{id}}, {@code GET /api/v1/parties/{id}/versions}. A party's ETag is its
 * {@link org.tierra.core.VersionTag}; {@code PATCH} requires it in {@code If-Match}. The rules are
 * {@link Parties}'.
 */
public final class PartyRoutes implements RouteGroup {

    private static final int MAX_QUERY = 200;

    private final Parties parties;
    private final JsonMapper json;

    public PartyRoutes(Parties parties, JsonMapper json) {
        this.parties = parties;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/parties}. */
    record PartyList(String trust, int limit, int offset, List<PartySummary> parties) {}

    /** The reply to {@code GET /api/v1/parties/{id}/versions}. */
    record VersionList(long party, List<PartyVersion> versions) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parties", this::createParty, Access.STAFF);
        routes.get("/api/v1/parties", this::listParties, Access.SIGNED_IN);
        routes.get("/api/v1/parties/{id}", this::getParty, Access.SIGNED_IN);
        routes.patch("/api/v1/parties/{id}", this::updateParty, Access.STAFF);
        routes.get("/api/v1/parties/{id}/versions", this::listVersions, Access.SIGNED_IN);
    }

    private void createParty(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, PartyInput.FIELDS);
        NewParty party = PartyInput.readNew(body);
        PartyDetails created =
                parties.createParty(Callers.get(ctx), party, Callers.change(ctx, body.requiredText("reason")));
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/parties/" + created.id());
        ctx.header("ETag", created.tag().etag());
        ctx.status(201).json(created);
    }

    private void listParties(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("trust", "kind", "q", "limit", "offset"));
        String trust = parameters
                .find("trust")
                .orElseThrow(() ->
                        Problem.invalidParameter("trust", "Name the trust whose parties to list: ?trust=<code>."));
        Optional<PartyKind> kind = parameters.find("kind").map(PartyKind::fromParameter);
        Optional<String> text = parameters.find("q").map(String::strip).filter(given -> !given.isEmpty());
        if (text.filter(given -> given.length() > MAX_QUERY).isPresent()) {
            throw Problem.invalidParameter("q", "'q' has at most " + MAX_QUERY + " characters.");
        }
        int limit = parameters.intInRange("limit", 1, 1000, 100);
        int offset = parameters.intInRange("offset", 0, Integer.MAX_VALUE, 0);
        List<PartySummary> found =
                parties.listParties(Callers.get(ctx), new PartyQuery(trust, kind, text, limit, offset));
        ctx.json(new PartyList(trust, limit, offset, found));
    }

    private void getParty(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        PartyDetails party = parties.getParty(Callers.get(ctx), id);
        ctx.header("ETag", party.tag().etag());
        ctx.json(party);
    }

    private void updateParty(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        ExpectedVersions expected = IfMatch.read(ctx);
        JsonBody body = JsonBody.read(ctx, json, PartyInput.FIELDS);
        PartyChanges changes = PartyInput.readChanges(body);
        PartyDetails party = parties.updateParty(
                Callers.get(ctx), id, changes, expected, Callers.change(ctx, body.requiredText("reason")));
        ctx.header("ETag", party.tag().etag());
        ctx.json(party);
    }

    private void listVersions(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        QueryParameters.of(ctx, Set.of());
        ctx.json(new VersionList(id, parties.listVersions(Callers.get(ctx), id)));
    }
}
