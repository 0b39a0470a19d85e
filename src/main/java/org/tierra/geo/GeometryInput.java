package org.tierra.geo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsSimpleOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.databind.JsonNode;

/**
 * Reads a GeoJSON Polygon or MultiPolygon into a valid JTS {@link MultiPolygon}, or reports every
 * reason it cannot, each as a {@link GeometryFinding} with a rule id, its place and its location.
 *
 * <p>Boundaries are never repaired here: a parcel boundary is a legal fact, and a silent fix would
 * change it ({@link GeometryRepair} repairs on request). Positions beyond x and y are dropped with a
 * warning. A boundary with more vertices than the limit is refused before any costly check.
 *
 * <p>Order of checks: the geometry's type; the vertex count; each ring's positions (shape of the JSON,
 * finite numbers, range for geographic CRSs, repeats, closure, enough corners); then, once every ring
 * reads, each ring's self-intersections (all of them, not only the first); then each polygon's
 * topology (holes) and the parts of a MultiPolygon against each other.
 */
public final class GeometryInput {

    private GeometryInput() {}

    /** What was read: a valid geometry in the source CRS (x = longitude or easting) and the warnings. */
    public record Parsed(MultiPolygon geometry, List<GeometryFinding> warnings) {}

    /**
     * Reads {@code geometry}, sent in {@code crs}.
     *
     * @throws InvalidGeometryException listing every finding
     */
    public static Parsed read(JsonNode geometry, SourceCrs crs, GeometryLimits limits) {
        Reading reading = new Reading(crs);
        Optional<MultiPolygon> built = reading.build(geometry, limits);
        if (built.isEmpty() || !reading.findings.isEmpty()) {
            throw new InvalidGeometryException(reading.findings);
        }
        List<GeometryFinding> findings = validate(built.get());
        if (!findings.isEmpty()) {
            throw new InvalidGeometryException(findings);
        }
        return new Parsed(built.get(), reading.warnings());
    }

    /**
     * Reads {@code geometry} as far as it can be built, valid or not, for a repair: only structural
     * problems (wrong type, unreadable positions, unclosed rings) stop it.
     *
     * @throws InvalidGeometryException when no geometry can be built at all
     */
    public static MultiPolygon readForRepair(JsonNode geometry, SourceCrs crs, GeometryLimits limits) {
        Reading reading = new Reading(crs);
        reading.tolerateRepeatedPoints = true;
        Optional<MultiPolygon> built = reading.build(geometry, limits);
        List<GeometryFinding> structural = reading.findings.stream()
                .filter(finding -> !finding.rule().equals("too-few-points"))
                .toList();
        if (built.isEmpty() || !structural.isEmpty()) {
            throw new InvalidGeometryException(structural.isEmpty() ? reading.findings : structural);
        }
        return built.get();
    }

    /** Everything wrong with a built geometry (say, one PostGIS transformed): empty when it is valid. */
    public static List<GeometryFinding> validate(MultiPolygon multiPolygon) {
        List<GeometryFinding> findings = new ArrayList<>();
        if (multiPolygon.isEmpty()) {
            findings.add(GeometryFinding.of("empty", Map.of()));
            return findings;
        }
        for (int p = 0; p < multiPolygon.getNumGeometries(); p++) {
            Polygon polygon = (Polygon) multiPolygon.getGeometryN(p);
            checkRing(findings, polygon.getExteriorRing(), where(p, "outer"));
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                checkRing(findings, polygon.getInteriorRingN(h), where(p, "hole " + (h + 1)));
            }
        }
        if (!findings.isEmpty()) {
            return findings; // topology is meaningless until every ring is simple
        }
        for (int p = 0; p < multiPolygon.getNumGeometries(); p++) {
            TopologyValidationError error = new IsValidOp(multiPolygon.getGeometryN(p)).getValidationError();
            if (error != null) {
                findings.add(GeometryFinding.at(ruleOf(error, false), where(p, null), error.getCoordinate()));
            }
        }
        if (findings.isEmpty() && multiPolygon.getNumGeometries() > 1) {
            TopologyValidationError error = new IsValidOp(multiPolygon).getValidationError();
            if (error != null) {
                findings.add(GeometryFinding.at(ruleOf(error, true), Map.of(), error.getCoordinate()));
            }
        }
        return findings;
    }

    /** Repeated points, too few corners, and every point where the ring crosses or touches itself. */
    private static void checkRing(List<GeometryFinding> findings, LinearRing ring, Map<String, Object> where) {
        Coordinate[] coordinates = ring.getCoordinates();
        for (int i = 1; i < coordinates.length; i++) {
            if (coordinates[i].equals2D(coordinates[i - 1])
                    && (i == 1 || !coordinates[i - 1].equals2D(coordinates[i - 2]))) {
                Map<String, Object> at = new LinkedHashMap<>(where);
                at.put("position", i + 1);
                findings.add(GeometryFinding.at("duplicate-consecutive-points", at, coordinates[i]));
            }
        }
        long distinct = java.util.Arrays.stream(coordinates)
                .map(Coordinate::new)
                .distinct()
                .count();
        if (coordinates.length < 4 || distinct < 3) {
            findings.add(GeometryFinding.at("too-few-points", where, coordinates.length == 0 ? null : coordinates[0]));
            return;
        }
        IsSimpleOp simple = new IsSimpleOp(ring);
        simple.setFindAllLocations(true);
        if (!simple.isSimple()) {
            // A spike or a collapsed ring overlaps itself along a stretch: report each point once.
            java.util.Set<Coordinate> reported = new java.util.LinkedHashSet<>(simple.getNonSimpleLocations());
            for (Coordinate location : reported) {
                findings.add(GeometryFinding.at("self-intersection", where, location));
            }
        }
    }

    private static String ruleOf(TopologyValidationError error, boolean betweenPolygons) {
        return switch (error.getErrorType()) {
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> "hole-outside-shell";
            case TopologyValidationError.NESTED_HOLES -> "nested-holes";
            case TopologyValidationError.DISCONNECTED_INTERIOR -> "disconnected-interior";
            case TopologyValidationError.SELF_INTERSECTION ->
                betweenPolygons ? "overlapping-polygons" : "self-intersection";
            case TopologyValidationError.RING_SELF_INTERSECTION -> "ring-self-intersection";
            case TopologyValidationError.NESTED_SHELLS -> "nested-shells";
            case TopologyValidationError.DUPLICATE_RINGS -> "duplicate-rings";
            case TopologyValidationError.TOO_FEW_POINTS -> "too-few-points";
            case TopologyValidationError.INVALID_COORDINATE -> "non-finite-coordinate";
            case TopologyValidationError.RING_NOT_CLOSED -> "ring-not-closed";
            default -> "invalid-geometry";
        };
    }

    private static Map<String, Object> where(int polygonIndex, String ring) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("polygon", polygonIndex + 1);
        if (ring != null) {
            where.put("ring", ring);
        }
        return where;
    }

    /** The state of one reading: what it found and what it dropped. */
    private static final class Reading {
        private final SourceCrs crs;
        private final GeometryFactory factory;
        private final List<GeometryFinding> findings = new ArrayList<>();
        private boolean zDropped;
        private boolean mDropped;
        private boolean tolerateRepeatedPoints;

        Reading(SourceCrs crs) {
            this.crs = crs;
            this.factory = new GeometryFactory(new PrecisionModel(), crs.srid());
        }

        List<GeometryFinding> warnings() {
            List<GeometryFinding> warnings = new ArrayList<>();
            if (zDropped) {
                warnings.add(GeometryFinding.of("z-dropped", Map.of()));
            }
            if (mDropped) {
                warnings.add(GeometryFinding.of("m-dropped", Map.of()));
            }
            return warnings;
        }

        Optional<MultiPolygon> build(JsonNode geometry, GeometryLimits limits) {
            if (geometry == null || geometry.isNull() || !geometry.isObject()) {
                findings.add(GeometryFinding.of("missing-geometry", Map.of()));
                return Optional.empty();
            }
            String type = geometry.path("type").asString("");
            JsonNode coordinates = geometry.get("coordinates");
            List<JsonNode> polygons = new ArrayList<>();
            switch (type) {
                case "Polygon" -> polygons.add(coordinates);
                case "MultiPolygon" -> {
                    if (coordinates == null || !coordinates.isArray()) {
                        findings.add(GeometryFinding.of("malformed-coordinates", Map.of()));
                        return Optional.empty();
                    }
                    coordinates.forEach(polygons::add);
                }
                case "" -> {
                    findings.add(GeometryFinding.of("missing-geometry-type", Map.of()));
                    return Optional.empty();
                }
                default -> {
                    findings.add(GeometryFinding.of("unsupported-geometry-type", Map.of("type", type)));
                    return Optional.empty();
                }
            }
            if (polygons.isEmpty()) {
                findings.add(GeometryFinding.of("empty", Map.of()));
                return Optional.empty();
            }
            long vertices = countPositions(polygons);
            if (vertices > limits.maxVertices()) {
                findings.add(GeometryFinding.of(
                        "too-many-vertices", Map.of("vertices", vertices, "maximum", limits.maxVertices())));
                return Optional.empty();
            }
            List<Polygon> built = new ArrayList<>();
            for (int p = 0; p < polygons.size(); p++) {
                polygon(polygons.get(p), p).ifPresent(built::add);
            }
            if (built.size() != polygons.size()) {
                return Optional.empty();
            }
            return Optional.of(factory.createMultiPolygon(built.toArray(Polygon[]::new)));
        }

        /** Cheap: array sizes only, so that a huge boundary is refused before it is read. */
        private static long countPositions(List<JsonNode> polygons) {
            long count = 0;
            for (JsonNode polygon : polygons) {
                if (polygon != null && polygon.isArray()) {
                    for (JsonNode ring : polygon) {
                        count += ring != null && ring.isArray() ? ring.size() : 0;
                    }
                }
            }
            return count;
        }

        private Optional<Polygon> polygon(JsonNode rings, int p) {
            if (rings == null || !rings.isArray()) {
                findings.add(GeometryFinding.of("malformed-coordinates", where(p, null)));
                return Optional.empty();
            }
            if (rings.isEmpty()) {
                findings.add(GeometryFinding.of("empty", where(p, null)));
                return Optional.empty();
            }
            List<LinearRing> built = new ArrayList<>();
            for (int r = 0; r < rings.size(); r++) {
                ring(rings.get(r), where(p, r == 0 ? "outer" : "hole " + r)).ifPresent(built::add);
            }
            if (built.size() != rings.size()) {
                return Optional.empty();
            }
            return Optional.of(factory.createPolygon(
                    built.get(0), built.subList(1, built.size()).toArray(LinearRing[]::new)));
        }

        private Optional<LinearRing> ring(JsonNode positions, Map<String, Object> where) {
            if (positions == null || !positions.isArray()) {
                findings.add(GeometryFinding.of("malformed-coordinates", where));
                return Optional.empty();
            }
            int before = findings.size();
            List<Coordinate> coordinates = new ArrayList<>(positions.size());
            for (int i = 0; i < positions.size(); i++) {
                Map<String, Object> at = new LinkedHashMap<>(where);
                at.put("position", i + 1);
                position(positions.get(i), at).ifPresent(coordinates::add);
            }
            if (findings.size() > before) {
                return Optional.empty();
            }
            Coordinate first = coordinates.isEmpty() ? null : coordinates.get(0);
            if (coordinates.size() < 4) {
                findings.add(GeometryFinding.at("too-few-points", where, first));
                return Optional.empty();
            }
            if (!first.equals2D(coordinates.get(coordinates.size() - 1))) {
                findings.add(GeometryFinding.at("ring-not-closed", where, first));
                return Optional.empty();
            }
            LinearRing ring = factory.createLinearRing(coordinates.toArray(Coordinate[]::new));
            if (tolerateRepeatedPoints) {
                return Optional.of(ring);
            }
            List<GeometryFinding> ringFindings = new ArrayList<>();
            for (int i = 1; i < coordinates.size(); i++) {
                if (coordinates.get(i).equals2D(coordinates.get(i - 1))
                        && (i == 1 || !coordinates.get(i - 1).equals2D(coordinates.get(i - 2)))) {
                    Map<String, Object> at = new LinkedHashMap<>(where);
                    at.put("position", i + 1);
                    ringFindings.add(GeometryFinding.at("duplicate-consecutive-points", at, coordinates.get(i)));
                }
            }
            findings.addAll(ringFindings);
            return ringFindings.isEmpty() ? Optional.of(ring) : Optional.empty();
        }

        private Optional<Coordinate> position(JsonNode position, Map<String, Object> where) {
            if (position == null || !position.isArray() || position.size() < 2 || position.size() > 4) {
                findings.add(GeometryFinding.of("malformed-position", where));
                return Optional.empty();
            }
            for (JsonNode value : position) {
                if (!value.isNumber()) {
                    findings.add(GeometryFinding.of("malformed-position", where));
                    return Optional.empty();
                }
            }
            zDropped |= position.size() >= 3;
            mDropped |= position.size() == 4;
            double first = position.get(0).asDouble();
            double second = position.get(1).asDouble();
            if (!Double.isFinite(first) || !Double.isFinite(second)) {
                findings.add(GeometryFinding.of("non-finite-coordinate", where));
                return Optional.empty();
            }
            Coordinate coordinate = crs.latitudeFirst() ? new Coordinate(second, first) : new Coordinate(first, second);
            if (crs.geographic() && (Math.abs(coordinate.x) > 180 || Math.abs(coordinate.y) > 90)) {
                Map<String, Object> outOfRange = new LinkedHashMap<>(where);
                if (Math.abs(coordinate.y) <= 180 && Math.abs(coordinate.x) <= 90) {
                    outOfRange.put("hint", "axis-order");
                }
                findings.add(GeometryFinding.at("coordinate-out-of-range", outOfRange, coordinate));
                return Optional.empty();
            }
            return Optional.of(coordinate);
        }
    }
}
