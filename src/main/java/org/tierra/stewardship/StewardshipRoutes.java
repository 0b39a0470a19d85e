package org.tierra.stewardship;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stewardship events and the overdue list over HTTP ({@link Stewardship}):
 * {@code POST /api/v1/stewardship/events}, {@code GET /api/v1/stewardship/events},
 * {@code GET /api/v1/stewardship/events/{id}} and {@code GET /api/v1/stewardship/overdue}.
 */
public final class StewardshipRoutes implements RouteGroup {

    private final Stewardship stewardship;
    private final JsonMapper json;

    public StewardshipRoutes(Stewardship stewardship, JsonMapper json) {
        this.stewardship = stewardship;
        this.json = json;
    }

    /** The reply to {@code GET /api/v1/stewardship/events}. */
    record EventList(List<StewardshipEvent> events) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/stewardship/events", this::createEvent, Access.STAFF);
        routes.get("/api/v1/stewardship/events", this::listEvents, Access.SIGNED_IN);
        routes.get("/api/v1/stewardship/events/{id}", this::getEvent, Access.SIGNED_IN);
        routes.get("/api/v1/stewardship/overdue", this::listOverdue, Access.SIGNED_IN);
    }

    private void createEvent(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, StewardshipInput.EVENT_FIELDS);
        NewEvent event = StewardshipInput.event(body);
        Change change = Callers.change(ctx, body.requiredText("reason"));
        StewardshipEvent created = stewardship.createEvent(Callers.get(ctx), event, change);
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/stewardship/events/" + created.id());
        ctx.status(201).json(created);
    }

    private void listEvents(Context ctx) {
        QueryParameters query = QueryParameters.of(ctx, StewardshipInput.EVENT_PARAMETERS);
        Stewardship.EventQuery events = StewardshipInput.eventQuery(query);
        ctx.json(new EventList(stewardship.listEvents(Callers.get(ctx), events)));
    }

    private void getEvent(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        ctx.json(stewardship.getEvent(Callers.get(ctx), id));
    }

    private void listOverdue(Context ctx) {
        QueryParameters query = QueryParameters.of(ctx, Set.of("trust", "asOf"));
        String trust =
                query.find("trust").orElseThrow(() -> Problem.invalidParameter("trust", "Name the trust: trust=code."));
        LocalDate asOf = query.date("asOf").orElseGet(Stewardship::today);
        ctx.json(stewardship.listOverdue(Callers.get(ctx), trust, asOf, Language.of(ctx)));
    }
}
