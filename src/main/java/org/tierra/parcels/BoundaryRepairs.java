package org.tierra.parcels;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.MultiPolygon;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.GeometryLimits;
import org.tierra.geo.GeometryRepair;
import org.tierra.geo.InvalidGeometryException;
import org.tierra.geo.SourceCrs;
import tools.jackson.databind.JsonNode;

/**
 * A preview of how JTS {@code GeometryFixer} would repair a boundary, with what was wrong and how much the
 * area changes. Nothing is stored: the person decides, then sends the repaired boundary as any other.
 */
public final class BoundaryRepairs {

    private final Database database;
    private final GeometryLimits limits;

    public BoundaryRepairs(Database database, TierraConfig.ParcelLimits parcelLimits) {
        this.database = database;
        this.limits = new GeometryLimits(parcelLimits.maxVertices());
    }

    /**
     * One thing wrong with a boundary.
     *
     * @param message in the request's language
     * @param location where, as [x, y] in the CRS the boundary was sent in; absent where there is no one place
     */
    public record Finding(
            String rule,
            String message,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<List<Double>> location) {}

    /**
     * What repairing a boundary would do.
     *
     * @param valid whether the boundary was valid as sent
     * @param repairedGeoJson the repaired boundary in lon/lat, as the registry would store it
     * @param areaBeforeSquareMetres geodesic, rounded to square centimetres; likewise the others
     */
    public record RepairPreview(
            boolean valid,
            List<Finding> findings,
            String repairedGeoJson,
            double areaBeforeSquareMetres,
            double areaAfterSquareMetres,
            double areaChangeSquareMetres) {}

    /**
     * How {@code geometry}, sent as {@code format} says, would be repaired.
     *
     * @throws Problem 400 for an unknown {@code Content-Crs}; 422 ({@code invalid-geometry}) when the boundary
     *     cannot be read at all, ({@code nothing-to-repair}) when repairing it leaves no area
     */
    public RepairPreview previewRepair(JsonNode geometry, BoundaryFormat format) {
        Locale language = format.language();
        return database.withConnection(connection -> {
            SourceCrs crs = BoundaryReader.parseContentCrs(connection, format.contentCrs());
            MultiPolygon original;
            try {
                original = GeometryInput.readForRepair(geometry, crs, limits);
            } catch (InvalidGeometryException e) {
                throw BoundaryReader.invalidGeometry(
                        "This boundary cannot be read at all, so it cannot be repaired.",
                        findings(e.findings(), language));
            }
            List<GeometryFinding> findings = GeometryInput.validate(original);
            MultiPolygon repaired = GeometryRepair.repair(original)
                    .orElseThrow(() -> new Problem(
                            ParcelProblem.NOTHING_TO_REPAIR,
                            "Repairing this boundary leaves no area at all: draw it again.",
                            Map.of()));
            Measured before = measure(connection, original, crs.srid());
            Measured after = measure(connection, repaired, crs.srid());
            return new RepairPreview(
                    findings.isEmpty(),
                    findings(findings, language),
                    after.geoJson(),
                    before.areaSquareMetres(),
                    after.areaSquareMetres(),
                    Areas.rounded(after.areaSquareMetres() - before.areaSquareMetres()));
        });
    }

    private static List<Finding> findings(List<GeometryFinding> findings, Locale language) {
        return findings.stream()
                .map(finding -> new Finding(
                        finding.rule(),
                        finding.message(language),
                        finding.location().map(at -> List.of(at.x, at.y))))
                .toList();
    }

    /** Geodesic area (m², rounded to square centimetres) and lon/lat GeoJSON. */
    private record Measured(double areaSquareMetres, String geoJson) {}

    /** {@code geometry}, in EPSG {@code srid}, measured as the registry would store it. */
    private static Measured measure(Connection connection, MultiPolygon geometry, int srid) {
        return Sql.on(connection, """
                        SELECT ST_Area(g::geography) AS area_m2, ST_AsGeoJSON(g) AS geojson
                        FROM (SELECT ST_Transform(ST_GeomFromWKB(:geom, :srid), 4326) AS g) transformed
                        """)
                .bind("geom", Geometries.toWkb(geometry))
                .bind("srid", srid)
                .get(row -> new Measured(Areas.rounded(row.getDouble("area_m2")), row.getString("geojson")));
    }
}
