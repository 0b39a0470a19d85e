package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.MultiPolygon;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.GeometryLimits;
import org.tierra.geo.GeometryRepair;
import org.tierra.geo.InvalidGeometryException;
import org.tierra.geo.SourceCrs;
import org.tierra.http.Access;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.RouteGroup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/geometry/repair}: a preview of how JTS {@code GeometryFixer} would repair a
 * boundary, with what was wrong and how much the area changes. Nothing is stored: the person decides,
 * then sends the repaired boundary as any other.
 */
public final class RepairRoutes implements RouteGroup {

    private final Database database;
    private final JsonMapper json;
    private final GeometryLimits limits;

    public RepairRoutes(Database database, JsonMapper json, TierraConfig.ParcelLimits parcelLimits) {
        this.database = database;
        this.json = json;
        this.limits = new GeometryLimits(parcelLimits.maxVertices());
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/geometry/repair", this::repair, Access.SIGNED_IN);
    }

    private void repair(Context ctx) {
        JsonNode geometry = JsonBody.read(ctx, json, Set.of("geometry"))
                .optionalNode("geometry")
                .orElseThrow(() -> Problem.invalidField("geometry", "Send the boundary to repair as 'geometry'."));
        Locale language = Language.of(ctx);
        ctx.json(database.withConnection(connection -> {
            SourceCrs crs = BoundaryReader.parseContentCrs(
                    connection, Optional.ofNullable(ctx.header(ParcelWriteRoutes.CONTENT_CRS)));
            MultiPolygon original;
            try {
                original = GeometryInput.readForRepair(geometry, crs, limits);
            } catch (InvalidGeometryException e) {
                throw BoundaryReader.invalidGeometry(
                        "This boundary cannot be read at all, so it cannot be repaired.",
                        render(e.findings(), language));
            }
            List<GeometryFinding> findings = GeometryInput.validate(original);
            MultiPolygon repaired = GeometryRepair.repair(original)
                    .orElseThrow(() -> new Problem(
                            ParcelProblem.NOTHING_TO_REPAIR,
                            "Repairing this boundary leaves no area at all: draw it again.",
                            Map.of()));
            Measured before = measure(connection, original, crs.srid());
            Measured after = measure(connection, repaired, crs.srid());
            return Json.fields(
                    "valid", findings.isEmpty(),
                    "findings", render(findings, language),
                    "repaired", json.readTree(after.geoJson()),
                    "areaBeforeSquareMetres", before.areaSquareMetres(),
                    "areaAfterSquareMetres", after.areaSquareMetres(),
                    "areaChangeSquareMetres",
                            Math.round((after.areaSquareMetres() - before.areaSquareMetres()) * 100) / 100.0,
                    "note", "Nothing was saved. To use the repaired boundary, send it in a create or update.");
        }));
    }

    private record Measured(double areaSquareMetres, String geoJson) {}

    private static final String MEASURE = """
            SELECT ST_Area(g::geography), ST_AsGeoJSON(g)
            FROM (SELECT ST_Transform(ST_GeomFromWKB(?, ?), 4326) AS g) transformed
            """;

    /** Geodesic area and lon/lat GeoJSON, as the registry would store it. */
    private static Measured measure(java.sql.Connection connection, MultiPolygon geometry, int srid) {
        try (PreparedStatement statement = connection.prepareStatement(MEASURE)) {
            statement.setBytes(1, Geometries.toWkb(geometry));
            statement.setInt(2, srid);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Measured(Math.round(row.getDouble(1) * 100) / 100.0, row.getString(2));
            }
        } catch (SQLException e) {
            throw new DatabaseException(MEASURE, e);
        }
    }

    private static List<Map<String, Object>> render(List<GeometryFinding> findings, Locale language) {
        return findings.stream()
                .map(finding -> {
                    Map<String, Object> item =
                            Json.fields("rule", finding.rule(), "message", finding.message(language));
                    finding.location().ifPresent(at -> item.put("location", List.of(at.x, at.y)));
                    return item;
                })
                .toList();
    }
}
