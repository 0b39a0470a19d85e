package org.tierra.geo;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.databind.JsonNode;

/**
 * Reads a GeoJSON (RFC 7946) Polygon or MultiPolygon into a valid JTS {@link MultiPolygon}, or says
 * precisely why it cannot: which ring, which position, which rule.
 *
 * <p>Shapes are never repaired here: a boundary is a legal fact, and a silent fix would change it.
 * Z values are ignored (Tierra stores plans, not heights).
 */
public final class GeoJsonPolygons {

    private GeoJsonPolygons() {}

    /**
     * Reads {@code geometry}, a GeoJSON geometry object, into a valid MultiPolygon.
     *
     * @throws GeometryInputException with the first problem found
     */
    public static MultiPolygon read(JsonNode geometry) {
        if (geometry == null || geometry.isNull() || !geometry.isObject()) {
            throw problem("missing-geometry", "The feature has no geometry object.");
        }
        String type = geometry.path("type").asString("");
        JsonNode coordinates = geometry.get("coordinates");
        MultiPolygon multiPolygon =
                switch (type) {
                    case "Polygon" -> Geometries.FACTORY.createMultiPolygon(new Polygon[] {polygon(coordinates, "")});
                    case "MultiPolygon" -> multiPolygon(coordinates);
                    case "" -> throw problem("missing-geometry-type", "The geometry has no \"type\".");
                    default ->
                        throw problem(
                                "unsupported-geometry-type",
                                "A parcel is a Polygon or a MultiPolygon; got a " + type + ".");
                };
        requireValid(multiPolygon);
        return multiPolygon;
    }

    private static MultiPolygon multiPolygon(JsonNode coordinates) {
        requireArray(coordinates, "coordinates");
        if (coordinates.isEmpty()) {
            throw problem("empty", "The MultiPolygon has no polygons.");
        }
        Polygon[] polygons = new Polygon[coordinates.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = polygon(coordinates.get(i), "polygon " + (i + 1) + ", ");
        }
        return Geometries.FACTORY.createMultiPolygon(polygons);
    }

    private static Polygon polygon(JsonNode rings, String where) {
        requireArray(rings, where + "rings");
        if (rings.isEmpty()) {
            throw problem("empty", "The " + (where.isEmpty() ? "polygon" : where + "polygon") + " has no rings.");
        }
        LinearRing shell = ring(rings.get(0), where + "outer ring");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), where + "hole " + i);
        }
        return Geometries.FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, String where) {
        requireArray(positions, where);
        List<Coordinate> coordinates = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            coordinates.add(position(positions.get(i), where + ", position " + (i + 1)));
        }
        if (coordinates.size() < 4) {
            throw new GeometryInputException(GeometryProblem.at(
                    "too-few-points",
                    "The " + where + " has " + coordinates.size()
                            + " positions; a ring needs at least 4 (three corners and the first repeated to close it).",
                    coordinates.isEmpty() ? null : coordinates.get(0)));
        }
        if (!coordinates.get(0).equals2D(coordinates.get(coordinates.size() - 1))) {
            throw new GeometryInputException(GeometryProblem.at(
                    "ring-not-closed",
                    "The " + where + " is not closed: its last position must repeat its first.",
                    coordinates.get(0)));
        }
        return Geometries.FACTORY.createLinearRing(coordinates.toArray(Coordinate[]::new));
    }

    private static Coordinate position(JsonNode position, String where) {
        if (position == null || !position.isArray() || position.size() < 2 || position.size() > 4) {
            throw problem("malformed-position", "The " + where + " must be [longitude, latitude].");
        }
        JsonNode lon = position.get(0);
        JsonNode lat = position.get(1);
        if (!lon.isNumber() || !lat.isNumber()) {
            throw problem("malformed-position", "The " + where + " must hold numbers: [longitude, latitude].");
        }
        double x = lon.asDouble();
        double y = lat.asDouble();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw problem(
                    "non-finite-coordinate", "The " + where + " has a coordinate too large to be a number of degrees.");
        }
        if (x < -180 || x > 180 || y < -90 || y > 90) {
            String hint = Math.abs(x) <= 90 && Math.abs(y) <= 180 && Math.abs(y) > 90
                    ? " It looks like latitude and longitude are swapped: GeoJSON puts longitude first."
                    : " GeoJSON coordinates are longitude, latitude in degrees (WGS 84).";
            throw problem(
                    "coordinate-out-of-range",
                    "The " + where + " [" + x + ", " + y + "] is not a longitude/latitude pair." + hint);
        }
        return new Coordinate(x, y);
    }

    private static void requireValid(MultiPolygon multiPolygon) {
        if (multiPolygon.isEmpty()) {
            throw problem("empty", "The geometry is empty.");
        }
        TopologyValidationError error = new IsValidOp(multiPolygon).getValidationError();
        if (error != null) {
            throw new GeometryInputException(
                    GeometryProblem.at(ruleOf(error), messageOf(error), error.getCoordinate()));
        }
    }

    private static String ruleOf(TopologyValidationError error) {
        return switch (error.getErrorType()) {
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> "hole-outside-shell";
            case TopologyValidationError.NESTED_HOLES -> "nested-holes";
            case TopologyValidationError.DISCONNECTED_INTERIOR -> "disconnected-interior";
            case TopologyValidationError.SELF_INTERSECTION -> "self-intersection";
            case TopologyValidationError.RING_SELF_INTERSECTION -> "ring-self-intersection";
            case TopologyValidationError.NESTED_SHELLS -> "nested-shells";
            case TopologyValidationError.DUPLICATE_RINGS -> "duplicate-rings";
            case TopologyValidationError.TOO_FEW_POINTS -> "too-few-points";
            case TopologyValidationError.INVALID_COORDINATE -> "non-finite-coordinate";
            case TopologyValidationError.RING_NOT_CLOSED -> "ring-not-closed";
            default -> "invalid-geometry";
        };
    }

    private static String messageOf(TopologyValidationError error) {
        Coordinate at = error.getCoordinate();
        String where = at == null ? "" : " at lon " + at.x + ", lat " + at.y;
        return switch (error.getErrorType()) {
            case TopologyValidationError.SELF_INTERSECTION, TopologyValidationError.RING_SELF_INTERSECTION ->
                "The boundary crosses itself" + where + "; redraw it so that edges meet only at their ends.";
            case TopologyValidationError.HOLE_OUTSIDE_SHELL -> "A hole lies outside its outer ring" + where + ".";
            case TopologyValidationError.NESTED_SHELLS ->
                "One polygon of the MultiPolygon lies inside another" + where + "; use a hole or separate parcels.";
            case TopologyValidationError.TOO_FEW_POINTS ->
                "A ring collapses to fewer than 3 distinct corners" + where + ".";
            default -> error.getMessage() + where + ".";
        };
    }

    private static void requireArray(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw problem("malformed-coordinates", "The " + what + " must be a JSON array.");
        }
    }

    private static GeometryInputException problem(String rule, String message) {
        return new GeometryInputException(GeometryProblem.of(rule, message));
    }
}
