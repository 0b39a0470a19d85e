package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.tierra.http.Access;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/geometry/repair}: a preview of how a boundary would be repaired
 * ({@link BoundaryRepairs}). Nothing is stored.
 */
public final class RepairRoutes implements RouteGroup {

    static final String NOTHING_SAVED =
            "Nothing was saved. To use the repaired boundary, send it in a create or update.";

    private final BoundaryRepairs repairs;
    private final JsonMapper json;

    public RepairRoutes(BoundaryRepairs repairs, JsonMapper json) {
        this.repairs = repairs;
        this.json = json;
    }

    /** The reply: what was wrong, the repaired boundary (lon/lat GeoJSON) and the areas in m². */
    record RepairReply(
            boolean valid,
            List<BoundaryRepairs.Finding> findings,
            JsonNode repaired,
            double areaBeforeSquareMetres,
            double areaAfterSquareMetres,
            double areaChangeSquareMetres,
            String note) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/geometry/repair", this::repair, Access.SIGNED_IN);
    }

    private void repair(Context ctx) {
        JsonNode geometry = ParcelInput.boundaryToRepair(ctx, json);
        BoundaryRepairs.RepairPreview preview = repairs.previewRepair(geometry, ParcelInput.format(ctx));
        ctx.json(new RepairReply(
                preview.valid(),
                preview.findings(),
                json.readTree(preview.repairedGeoJson()),
                preview.areaBeforeSquareMetres(),
                preview.areaAfterSquareMetres(),
                preview.areaChangeSquareMetres(),
                NOTHING_SAVED));
    }
}
