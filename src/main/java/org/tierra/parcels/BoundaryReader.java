package org.tierra.parcels;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.tierra.config.TierraConfig;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.GeometryLimits;
import org.tierra.geo.InvalidGeometryException;
import org.tierra.geo.SourceCrs;
import tools.jackson.databind.JsonNode;

/**
 * Turns a boundary as a client sends it (GeoJSON, in the CRS named by {@code Content-Crs}) into the
 * canonical lon/lat MultiPolygon Tierra stores, or explains, in the client's language, every reason
 * it cannot: invalid shape, wrong CRS or axis order, too many vertices, too small or too large.
 *
 * <p>PostGIS transforms between CRSs ({@code ST_Transform}); JTS explains validity.
 */
public final class BoundaryReader {

    /** A boundary ready to store: EPSG:4326, lon/lat, valid; and what was dropped on the way. */
    public record Boundary(MultiPolygon geometry, int sourceSrid, List<GeometryFinding> warnings) {}

    /** Farther than this from every parcel of the trust, a new boundary is likely in the wrong CRS. */
    static final double PLAUSIBLE_DISTANCE_METRES = 100_000;

    /** CRSs Mexican land data often comes in: tried when a boundary lands far from its trust. */
    private static final int[] LIKELY_CRS = {
        4326, 6365, 6372, 6366, 6367, 6368, 6369, 6370, 6371, 32611, 32612, 32613, 32614, 32615, 32616, 4483, 4484,
        4485, 4486, 4487, 4488, 4489
    };

    private static final Pattern EPSG_URI = Pattern.compile(
            "<?(?:https?://www\\.opengis\\.net/def/crs/EPSG/0/|urn:ogc:def:crs:EPSG::|EPSG:)(\\d{4,6})>?");
    private static final Pattern CRS84_URI = Pattern.compile(
            "<?(?:https?://www\\.opengis\\.net/def/crs/OGC/1\\.3/CRS84|urn:ogc:def:crs:OGC:1\\.3:CRS84|OGC:CRS84)>?");

    private final TierraConfig.ParcelLimits limits;

    public BoundaryReader(TierraConfig.ParcelLimits limits) {
        this.limits = limits;
    }

    /**
     * The CRS a {@code Content-Crs} header names: OGC CRS84 (lon/lat, the default) or any EPSG CRS
     * PostGIS knows, given as {@code <http://www.opengis.net/def/crs/EPSG/0/6372>}. Geographic EPSG
     * CRSs put latitude first, as the EPSG registry defines them.
     *
     * @throws Problem 400 naming what is wrong with the header
     */
    public static SourceCrs parseContentCrs(Connection connection, Optional<String> header) {
        if (header.isEmpty()
                || header.get().isBlank()
                || CRS84_URI.matcher(header.get().strip()).matches()) {
            return SourceCrs.CRS84;
        }
        Matcher epsg = EPSG_URI.matcher(header.get().strip());
        if (!epsg.matches()) {
            throw Problem.invalidParameter(
                    "Content-Crs",
                    "Content-Crs names a CRS as"
                            + " <http://www.opengis.net/def/crs/EPSG/0/6372> (any EPSG code) or"
                            + " <http://www.opengis.net/def/crs/OGC/1.3/CRS84>; got '" + header.get() + "'.");
        }
        int srid = Integer.parseInt(epsg.group(1));
        Boolean geographic = geographicOrNull(connection, srid);
        if (geographic == null) {
            throw Problem.invalidParameter("Content-Crs", "EPSG:" + srid + " is not a CRS this server knows.");
        }
        // Positions are x, y (longitude or easting first) as every GIS writes GeoJSON, whatever axis
        // order the EPSG registry gives the CRS; a boundary sent the other way round lands far from its
        // trust and gets a hint (see checkNearTrust).
        return new SourceCrs(srid, geographic, false);
    }

    private static Boolean geographicOrNull(Connection connection, int srid) {
        return Sql.on(connection, """
                        SELECT srtext LIKE 'GEOGCS%' OR srtext LIKE 'GEOGCRS%' OR proj4text LIKE '%+proj=longlat%'
                               AS geographic
                        FROM spatial_ref_sys
                        WHERE auth_name = 'EPSG' AND auth_srid = :srid
                        """)
                .bind("srid", srid)
                .find(row -> row.getBoolean("geographic"))
                .orElse(null);
    }

    /**
     * Reads {@code geometry} sent in {@code crs} for a parcel of trust {@code trustId}.
     *
     * @throws Problem 422 listing every finding, each with a rule id, a message in {@code language}
     *     and, where there is one, its location as [lon, lat]
     */
    public Boundary read(Connection connection, JsonNode geometry, SourceCrs crs, long trustId, Locale language) {
        GeometryInput.Parsed parsed;
        try {
            parsed = GeometryInput.read(geometry, crs, new GeometryLimits(limits.maxVertices()));
        } catch (InvalidGeometryException e) {
            Problem invalid = invalid(connection, e.findings(), crs.srid(), language);
            Optional<Coordinate> outOfRange = e.findings().stream()
                    .filter(finding -> finding.rule().equals("coordinate-out-of-range"))
                    .flatMap(finding -> finding.location().stream())
                    .findFirst();
            Optional<Coordinate> trustCentre = outOfRange.flatMap(point -> trustCentre(connection, trustId));
            if (trustCentre.isPresent()) {
                // Degrees out of range are often metres in a projected CRS: say which one fits.
                List<String> hints = hints(connection, outOfRange.get(), crs, trustCentre.get(), language);
                Map<String, Object> fields = new LinkedHashMap<>(invalid.fields());
                fields.put("hints", hints);
                throw new Problem(
                        invalid.type(),
                        invalid.detail() + (hints.isEmpty() ? "" : " " + String.join(" ", hints)),
                        fields);
            }
            throw invalid;
        }
        MultiPolygon lonLat = crs.srid() == Geometries.WGS84
                ? parsed.geometry()
                : transform(connection, parsed.geometry(), crs, language);
        List<GeometryFinding> afterTransform = GeometryInput.validate(lonLat);
        if (!afterTransform.isEmpty()) {
            throw invalid(connection, afterTransform, Geometries.WGS84, language);
        }
        checkArea(connection, lonLat, language);
        checkNearTrust(connection, parsed.geometry(), lonLat, crs, trustId, language);
        return new Boundary(lonLat, crs.srid(), parsed.warnings());
    }

    private static MultiPolygon transform(
            Connection connection, MultiPolygon geometry, SourceCrs crs, Locale language) {
        MultiPolygon transformed;
        try {
            transformed = Sql.on(connection, """
                            SELECT ST_AsBinary(ST_Transform(ST_GeomFromWKB(:wkb, :srid), 4326)) AS wkb
                            """)
                    .bind("wkb", Geometries.toWkb(geometry))
                    .bind("srid", crs.srid())
                    .get(row -> ParcelStore.readMultiPolygon(row.getBytes("wkb")));
        } catch (DatabaseException e) {
            // PROJ refuses coordinates its CRS cannot take (e.g. far outside a UTM zone): a client error.
            throw transformFailed(crs, language);
        }
        for (Coordinate coordinate : transformed.getCoordinates()) {
            if (!Double.isFinite(coordinate.x) || Math.abs(coordinate.x) > 180 || Math.abs(coordinate.y) > 90) {
                throw transformFailed(crs, language);
            }
        }
        return transformed;
    }

    private static Problem transformFailed(SourceCrs crs, Locale language) {
        boolean spanish = language.getLanguage().equals("es");
        String message = spanish
                ? "Estas coordenadas no se pueden ubicar en la Tierra en EPSG:" + crs.srid()
                        + "; revise que Content-Crs nombre el CRS en que se midieron."
                : "These coordinates cannot be placed on the Earth in EPSG:" + crs.srid()
                        + "; check that Content-Crs names the CRS they were measured in.";
        return invalidGeometry(message, List.of(Map.of("rule", "transform-failed", "message", message)));
    }

    private void checkArea(Connection connection, MultiPolygon lonLat, Locale language) {
        double area = ParcelStore.areaSquareMetres(connection, lonLat);
        boolean spanish = language.getLanguage().equals("es");
        if (area < limits.minAreaSquareMetres()) {
            throw invalidGeometry(
                    spanish ? "La parcela es demasiado pequeña." : "The parcel is too small.",
                    List.of(Map.of(
                            "rule",
                            "area-too-small",
                            "message",
                            String.format(
                                    Locale.ROOT,
                                    spanish
                                            ? "La parcela mide %.2f m²; el mínimo es %.0f m²."
                                            : "The parcel measures %.2f m²; the minimum is %.0f m².",
                                    area,
                                    limits.minAreaSquareMetres()))));
        }
        if (area > limits.maxAreaSquareMetres()) {
            throw invalidGeometry(
                    spanish ? "La parcela es demasiado grande." : "The parcel is too large.",
                    List.of(Map.of(
                            "rule",
                            "area-too-large",
                            "message",
                            String.format(
                                    Locale.ROOT,
                                    spanish
                                            ? "La parcela mide %.0f m²; el máximo es %.0f m². ¿Coordenadas en otro CRS?"
                                            : "The parcel measures %.0f m²; the maximum is %.0f m². Coordinates in another CRS?",
                                    area,
                                    limits.maxAreaSquareMetres()))));
        }
    }

    /** The centre of the trust's land, or empty for a trust without parcels yet. */
    private static Optional<Coordinate> trustCentre(Connection connection, long trustId) {
        return Sql.on(connection, """
                        SELECT ST_X(ST_Centroid(extent)) AS lon, ST_Y(ST_Centroid(extent)) AS lat
                        FROM (SELECT ST_Extent(geom)::geometry AS extent
                              FROM parcel WHERE trust_id = :trust AND status <> 'retired') parcels
                        WHERE extent IS NOT NULL
                        """)
                .bind("trust", trustId)
                .find(row -> new Coordinate(row.getDouble("lon"), row.getDouble("lat")));
    }

    private static double distanceMetres(Connection connection, MultiPolygon lonLat, Coordinate point) {
        return Sql.on(connection, """
                        SELECT ST_Distance(ST_Centroid(ST_GeomFromWKB(:wkb, 4326))::geography,
                                           ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) AS metres
                        """)
                .bind("wkb", Geometries.toWkb(lonLat))
                .bind("lon", point.x)
                .bind("lat", point.y)
                .get(row -> row.getDouble("metres"));
    }

    /**
     * A boundary far from every other parcel of its trust was most likely sent in another CRS or with
     * the axes swapped: say which reading would put it where the trust's land is.
     */
    private static void checkNearTrust(
            Connection connection,
            MultiPolygon asSent,
            MultiPolygon lonLat,
            SourceCrs crs,
            long trustId,
            Locale language) {
        Optional<Coordinate> trustCentre = trustCentre(connection, trustId);
        if (trustCentre.isEmpty()) {
            return; // the trust's first parcel: nothing to compare with
        }
        double distance = distanceMetres(connection, lonLat, trustCentre.get());
        if (distance <= PLAUSIBLE_DISTANCE_METRES) {
            return;
        }
        Point centre = asSent.getCentroid();
        List<String> hints =
                hints(connection, new Coordinate(centre.getX(), centre.getY()), crs, trustCentre.get(), language);
        boolean spanish = language.getLanguage().equals("es");
        String message = String.format(
                Locale.ROOT,
                spanish
                        ? "La parcela queda a %.0f km de las demás parcelas del fideicomiso."
                        : "The parcel lies %.0f km from the trust's other parcels.",
                distance / 1000);
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("rule", "far-from-trust");
        finding.put("message", message + (hints.isEmpty() ? "" : " " + String.join(" ", hints)));
        finding.put("distanceMetres", Math.round(distance));
        finding.put("hints", hints);
        throw invalidGeometry(
                spanish
                        ? "¿Coordenadas en otro CRS o con los ejes invertidos? " + message
                        : "Coordinates in another CRS, or with the axes swapped? " + message,
                List.of(finding));
    }

    /** Which other CRS, or axis order, would put {@code point} (as sent) near the trust's land. */
    private static List<String> hints(
            Connection connection, Coordinate point, SourceCrs crs, Coordinate trustCentre, Locale language) {
        List<String> hints = new ArrayList<>();
        // The same numbers read in other CRSs, in both axis orders.
        for (boolean swapped : new boolean[] {false, true}) {
            double x = swapped ? point.y : point.x;
            double y = swapped ? point.x : point.y;
            List<Integer> fitting = Sql.on(connection, """
                            SELECT candidate.srid
                            FROM unnest(:candidates::integer[]) AS candidate(srid)
                            CROSS JOIN LATERAL (
                                SELECT tierra_try_transform(ST_SetSRID(ST_MakePoint(:x, :y), candidate.srid), 4326) AS p
                            ) t
                            WHERE t.p IS NOT NULL
                              AND ST_DWithin(t.p::geography,
                                             ST_SetSRID(ST_MakePoint(:centreLon, :centreLat), 4326)::geography,
                                             :metres)
                            """)
                    .bind("candidates", Arrays.stream(LIKELY_CRS).boxed().toList())
                    .bind("x", x)
                    .bind("y", y)
                    .bind("centreLon", trustCentre.x)
                    .bind("centreLat", trustCentre.y)
                    .bind("metres", PLAUSIBLE_DISTANCE_METRES)
                    .list(row -> row.getInt("srid"));
            for (int srid : fitting) {
                if (srid != crs.srid() || swapped) {
                    hints.add(hint(srid, swapped, language.getLanguage().equals("es")));
                }
            }
        }
        return hints;
    }

    private static String hint(int srid, boolean swapped, boolean spanish) {
        String crs = srid == Geometries.WGS84
                ? (spanish ? "longitud, latitud (GeoJSON, CRS84)" : "longitude, latitude (GeoJSON, CRS84)")
                : "EPSG:" + srid;
        if (swapped) {
            return spanish
                    ? "Con los dos ejes invertidos, corresponden a " + crs + "."
                    : "With the two axes swapped, they fit " + crs + ".";
        }
        if (srid == Geometries.WGS84) {
            return spanish
                    ? "Corresponden a " + crs + ": envíelas sin Content-Crs."
                    : "They fit " + crs + ": send them without Content-Crs.";
        }
        String header = "Content-Crs: <http://www.opengis.net/def/crs/EPSG/0/" + srid + ">";
        return spanish
                ? "Corresponden a " + crs + ": envíe " + header + "."
                : "They fit " + crs + ": send " + header + ".";
    }

    /** 422 with the findings as data; locations moved from the source CRS to lon/lat. */
    private static Problem invalid(Connection connection, List<GeometryFinding> findings, int srid, Locale language) {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (GeometryFinding finding : findings) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rule", finding.rule());
            item.put("message", finding.message(language));
            if (!finding.where().isEmpty()) {
                item.put("where", finding.where());
            }
            finding.location()
                    .flatMap(at -> toLonLat(connection, at, srid))
                    .ifPresent(lonLat -> item.put("location", List.of(lonLat.x, lonLat.y)));
            rendered.add(item);
        }
        boolean spanish = language.getLanguage().equals("es");
        String detail = spanish
                ? "El límite tiene " + findings.size() + " problema(s); no se guardó nada."
                : "The boundary has " + findings.size() + " problem(s); nothing was saved.";
        return invalidGeometry(detail, rendered);
    }

    private static Optional<Coordinate> toLonLat(Connection connection, Coordinate at, int srid) {
        if (!Double.isFinite(at.x) || !Double.isFinite(at.y)) {
            return Optional.empty();
        }
        if (srid == Geometries.WGS84) {
            return Optional.of(at);
        }
        return Sql.on(connection, """
                        SELECT ST_X(p) AS lon, ST_Y(p) AS lat
                        FROM (SELECT tierra_try_transform(ST_SetSRID(ST_MakePoint(:x, :y), :srid), 4326) AS p) t
                        """)
                .bind("x", at.x)
                .bind("y", at.y)
                .bind("srid", srid)
                .get(row -> {
                    Optional<Double> lon = row.findDouble("lon"); // NULL where PROJ cannot place the point
                    Optional<Double> lat = row.findDouble("lat");
                    return lon.isPresent() && lat.isPresent()
                            ? Optional.of(new Coordinate(lon.get(), lat.get()))
                            : Optional.<Coordinate>empty();
                });
    }

    static Problem invalidGeometry(String detail, List<?> findings) {
        return new Problem(ParcelProblem.INVALID_GEOMETRY, detail, Map.of("findings", findings));
    }
}
