package org.tierra.audit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;

/**
 * {@code GET /api/v1/audit} lists entries a page at a time, with a {@code next} link while there may be
 * more, and {@code GET /api/v1/audit/verify} recomputes the hash chain. Who reads what is {@link
 * AuditTrail}'s rule.
 */
public final class AuditRoutes implements RouteGroup {

    private static final Set<String> LIST_PARAMETERS =
            Set.of("trust", "entity", "entityId", "action", "actor", "since", "until", "limit", "after");

    private final AuditTrail trail;

    public AuditRoutes(AuditTrail trail) {
        this.trail = trail;
    }

    /** The reply to {@code GET /api/v1/audit}. */
    record EntryPage(List<AuditLog.Entry> entries, List<Link> links) {}

    /** A link to another page, e.g. {@code next}. */
    record Link(String rel, String href) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/audit", this::listEntries, Access.SIGNED_IN);
        routes.get("/api/v1/audit/verify", this::verify, Access.SIGNED_IN);
    }

    private void listEntries(Context ctx) {
        QueryParameters parameters = QueryParameters.of(ctx, LIST_PARAMETERS);
        int limit = parameters.intInRange("limit", 1, 1_000, 100);
        AuditQuery query = new AuditQuery(
                parameters.find("trust"),
                parameters.find("entity"),
                parameters.find("entityId"),
                parameters.find("action"),
                parameters.find("actor"),
                parameters.instant("since"),
                parameters.instant("until"),
                parameters
                        .find("after")
                        .map(value -> QueryParameters.parseId("after", value))
                        .orElse(0L),
                limit);
        List<AuditLog.Entry> entries = trail.listEntries(Callers.get(ctx), query);
        ctx.json(new EntryPage(entries, entries.size() == limit ? List.of(next(ctx, entries)) : List.of()));
    }

    /** This request again, for the entries after the last one shown. */
    private static Link next(Context ctx, List<AuditLog.Entry> entries) {
        String base = ctx.fullUrl().replaceAll("([?&])after=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return new Link(
                "next",
                base + (base.contains("?") ? "&" : "?") + "after="
                        + entries.get(entries.size() - 1).id());
    }

    private void verify(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        ctx.json(trail.verify(Callers.get(ctx)));
    }
}
