package org.tierra.views;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;

/**
 * {@code GET /api/v1/parcels/{id}/timeline?asOf=}: everything the registry knows about one parcel
 * ({@link ParcelTimeline}); {@code asOf} (default today, UTC) is the day balances and arrears are
 * computed for.
 */
public final class ParcelTimelineRoutes implements RouteGroup {

    private final ParcelTimeline timeline;

    public ParcelTimelineRoutes(ParcelTimeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/parcels/{id}/timeline", this::getTimeline, Access.SIGNED_IN);
    }

    private void getTimeline(Context ctx) {
        long parcelId = QueryParameters.parseId("id", ctx.pathParam("id"));
        LocalDate asOf =
                QueryParameters.of(ctx, Set.of("asOf")).date("asOf").orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
        ctx.json(timeline.getTimeline(Callers.get(ctx), parcelId, asOf));
    }
}
