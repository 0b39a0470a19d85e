package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Json;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.json.JsonMapper;

/**
 * A parcel's history, public like the parcel itself: {@code GET /api/v1/parcels/{id}/versions},
 * {@code /versions/{version}}, {@code /diff?from=&to=} and {@code /lineage}. Who made each change and
 * why are shown to the trust's own people only: reasons are free text and may name someone.
 */
public final class ParcelHistoryRoutes implements RouteGroup {

    private final ParcelHistory history;
    private final ParcelRepository parcels;
    private final JsonMapper json;

    public ParcelHistoryRoutes(Database database, JsonMapper json) {
        this.history = new ParcelHistory(database);
        this.parcels = new ParcelRepository(database);
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/api/v1/parcels/{id}/versions", this::listVersions, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/versions/{version}", this::getVersion, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/diff", this::diff, Access.PUBLIC);
        routes.get("/api/v1/parcels/{id}/lineage", this::lineage, Access.PUBLIC);
    }

    private void listVersions(Context ctx) {
        long id = existingParcel(ctx);
        QueryParameters.of(ctx, Set.of());
        boolean insider = isInsider(ctx, id);
        List<Map<String, Object>> versions = history.listVersions(id).stream()
                .map(version -> {
                    Map<String, Object> item = Json.fields(
                            "version", version.version(),
                            "validFrom", version.validFrom().toString(),
                            "validTo", version.validTo().map(Instant::toString).orElse(null),
                            "operation", version.operation(),
                            "code", version.code(),
                            "status", version.status(),
                            "areaSquareMetres", version.areaSquareMetres());
                    if (insider) {
                        item.put("changedBy", version.changedBy());
                        item.put("reason", version.reason());
                        item.put("requestId", version.requestId().orElse(null));
                    }
                    return item;
                })
                .toList();
        ctx.json(Json.fields("parcel", id, "versions", versions));
    }

    private void getVersion(Context ctx) {
        long id = existingParcel(ctx);
        int version = (int) QueryParameters.parseId("version", ctx.pathParam("version"));
        QueryParameters.of(ctx, Set.of());
        String feature = history.findVersionFeature(id, version)
                .orElseThrow(() -> Problem.notFound("Parcel " + id + " has no version " + version + "."));
        ctx.contentType(ParcelRoutes.GEOJSON).result(feature);
    }

    private void diff(Context ctx) {
        long id = existingParcel(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, Set.of("from", "to"));
        int latest = history.listVersions(id).size();
        int to = parameters.intInRange("to", 1, Integer.MAX_VALUE, latest);
        int from = parameters.intInRange("from", 1, Integer.MAX_VALUE, Math.max(1, to - 1));
        for (int version : new int[] {from, to}) {
            if (version > latest) {
                throw Problem.notFound("Parcel " + id + " has versions 1 to " + latest + ", not " + version + ".");
            }
        }
        ParcelHistory.Diff diff = history.diff(id, from, to).orElseThrow();
        Map<String, Object> attributes = new LinkedHashMap<>();
        diff.attributes()
                .forEach(change ->
                        attributes.put(change.attribute(), Json.fields("from", change.from(), "to", change.to())));
        ctx.json(Json.fields(
                "parcel", id,
                "from", diff.from(),
                "to", diff.to(),
                "attributes", attributes,
                "geometry",
                        Json.fields(
                                "changed", diff.geometryChanged(),
                                "areaFromSquareMetres", diff.areaFromSquareMetres(),
                                "areaToSquareMetres", diff.areaToSquareMetres(),
                                "gainedSquareMetres", diff.gainedSquareMetres(),
                                "lostSquareMetres", diff.lostSquareMetres(),
                                "gained", json.readTree(diff.gainedGeoJson()),
                                "lost", json.readTree(diff.lostGeoJson()))));
    }

    private void lineage(Context ctx) {
        long id = existingParcel(ctx);
        QueryParameters.of(ctx, Set.of());
        ParcelHistory.Lineage lineage = history.lineage(id);
        ctx.json(Json.fields(
                "parcel", id,
                "ancestors",
                        lineage.ancestors().stream()
                                .map(ParcelHistoryRoutes::describe)
                                .toList(),
                "descendants",
                        lineage.descendants().stream()
                                .map(ParcelHistoryRoutes::describe)
                                .toList()));
    }

    private static Map<String, Object> describe(ParcelHistory.Relative relative) {
        return Json.fields(
                "id", relative.id(),
                "code", relative.code(),
                "status", relative.status(),
                "operation", relative.operation(),
                "date", relative.occurredAt().toString(),
                "generation", relative.generation());
    }

    private long existingParcel(Context ctx) {
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        if (parcels.findTrustId(id).isEmpty()) {
            throw Problem.notFound("There is no parcel with id " + id + ".");
        }
        return id;
    }

    private boolean isInsider(Context ctx, long parcelId) {
        return ParcelRoutes.isInsider(ctx, parcels, parcelId);
    }
}
