package org.tierra.ogcapi.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.tierra.ogcapi.cql2.Expression.Origin;
import tools.jackson.databind.JsonNode;

/**
 * Reads CQL2 JSON (OGC 21-065): {@code {"op": ..., "args": [...]}}, {@code {"property": ...}}, the
 * temporal and bbox literals and GeoJSON geometries. Every error names the JSON Pointer at fault.
 */
public final class Cql2Json {

    private Cql2Json() {}

    public static Expression parse(JsonNode filter) {
        return expression(filter, "");
    }

    private static Expression expression(JsonNode node, String path) {
        Origin origin = Origin.path(path);
        if (node.isString()) {
            return new Expression.TextLiteral(node.asString(), origin);
        }
        if (node.isNumber()) {
            return new Expression.NumberLiteral(node.decimalValue(), origin);
        }
        if (node.isBoolean()) {
            return new Expression.BooleanLiteral(node.booleanValue(), origin);
        }
        if (node.isArray()) {
            List<Expression> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(expression(node.get(i), path + "/" + i));
            }
            return new Expression.ArrayLiteral(items, origin);
        }
        if (!node.isObject()) {
            throw new Cql2Exception(
                    "Expected an expression, a property, or a value; found " + node.getNodeType(), origin);
        }
        if (node.has("op")) {
            return call(node, path, origin);
        }
        if (node.has("property")) {
            return new Expression.Property(string(node, "property", path), origin);
        }
        if (node.has("timestamp")) {
            return Literals.timestamp(string(node, "timestamp", path), origin);
        }
        if (node.has("date")) {
            return Literals.date(string(node, "date", path), origin);
        }
        if (node.has("interval")) {
            return interval(node.get("interval"), path + "/interval");
        }
        if (node.has("bbox")) {
            return Literals.bbox(numbers(node.get("bbox"), path + "/bbox"), origin);
        }
        if (node.has("type")) {
            return Literals.geometry(geometry(node, path), origin);
        }
        throw new Cql2Exception(
                "Expected an object with op, property, timestamp, date, interval or bbox, or a" + " GeoJSON geometry",
                origin);
    }

    private static Expression call(JsonNode node, String path, Origin origin) {
        String op = string(node, "op", path).toLowerCase(Locale.ROOT);
        JsonNode args = node.get("args");
        if (args == null || !args.isArray()) {
            throw new Cql2Exception(
                    "The '" + op + "' operation needs its arguments as an array, \"args\"",
                    Origin.path(path + "/args"));
        }
        List<Expression> arguments = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            arguments.add(expression(args.get(i), path + "/args/" + i));
        }
        return new Expression.Call(op, arguments, origin);
    }

    private static Expression interval(JsonNode ends, String path) {
        Origin origin = Origin.path(path);
        if (!ends.isArray()
                || ends.size() != 2
                || !ends.get(0).isString()
                || !ends.get(1).isString()) {
            throw new Cql2Exception("An interval is an array of two strings: dates, timestamps or \"..\"", origin);
        }
        return Literals.interval(ends.get(0).asString(), ends.get(1).asString(), origin);
    }

    private static String string(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new Cql2Exception("'" + field + "' must be a string", Origin.path(path + "/" + field));
        }
        return value.asString();
    }

    private static List<Double> numbers(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new Cql2Exception("Expected an array of numbers", Origin.path(path));
        }
        List<Double> numbers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isNumber()) {
                throw new Cql2Exception("Expected a number", Origin.path(path + "/" + i));
            }
            numbers.add(node.get(i).doubleValue());
        }
        return numbers;
    }

    /** A GeoJSON geometry of any type, as JTS; coordinates stay in the filter's CRS. */
    private static Geometry geometry(JsonNode node, String path) {
        String type = string(node, "type", path);
        if (type.equals("GeometryCollection")) {
            JsonNode members = node.get("geometries");
            if (members == null || !members.isArray()) {
                throw new Cql2Exception(
                        "A GeometryCollection lists its \"geometries\"", Origin.path(path + "/geometries"));
            }
            Geometry[] geometries = new Geometry[members.size()];
            for (int i = 0; i < members.size(); i++) {
                geometries[i] = geometry(members.get(i), path + "/geometries/" + i);
            }
            return Literals.FACTORY.createGeometryCollection(geometries);
        }
        JsonNode coordinates = node.get("coordinates");
        String at = path + "/coordinates";
        if (coordinates == null) {
            throw new Cql2Exception("The " + type + " has no \"coordinates\"", Origin.path(at));
        }
        return switch (type) {
            case "Point" -> point(coordinates, at);
            case "LineString" -> line(coordinates, at);
            case "Polygon" -> polygon(coordinates, at);
            case "MultiPoint" ->
                Literals.FACTORY.createMultiPoint(
                        each(coordinates, at, Cql2Json::point).toArray(Point[]::new));
            case "MultiLineString" ->
                Literals.FACTORY.createMultiLineString(
                        each(coordinates, at, Cql2Json::line).toArray(LineString[]::new));
            case "MultiPolygon" ->
                Literals.FACTORY.createMultiPolygon(
                        each(coordinates, at, Cql2Json::polygon).toArray(Polygon[]::new));
            default ->
                throw new Cql2Exception("'" + type + "' is not a GeoJSON geometry type", Origin.path(path + "/type"));
        };
    }

    private static Point point(JsonNode position, String path) {
        return Literals.FACTORY.createPoint(coordinate(position, path));
    }

    private static LineString line(JsonNode positions, String path) {
        Coordinate[] coordinates = coordinates(positions, path);
        if (coordinates.length < 2) {
            throw new Cql2Exception("A LineString needs at least two positions", Origin.path(path));
        }
        return Literals.FACTORY.createLineString(coordinates);
    }

    private static Polygon polygon(JsonNode rings, String path) {
        List<LinearRing> linearRings = each(rings, path, Cql2Json::ring);
        if (linearRings.isEmpty()) {
            throw new Cql2Exception("A Polygon needs an outer ring", Origin.path(path));
        }
        return Literals.FACTORY.createPolygon(
                linearRings.get(0), linearRings.subList(1, linearRings.size()).toArray(LinearRing[]::new));
    }

    private static LinearRing ring(JsonNode positions, String path) {
        Coordinate[] coordinates = coordinates(positions, path);
        if (coordinates.length < 4 || !coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw new Cql2Exception(
                    "A ring needs at least four positions, the last the same as the first", Origin.path(path));
        }
        return Literals.FACTORY.createLinearRing(coordinates);
    }

    private static Coordinate[] coordinates(JsonNode positions, String path) {
        return each(positions, path, Cql2Json::coordinate).toArray(Coordinate[]::new);
    }

    private static Coordinate coordinate(JsonNode position, String path) {
        if (!position.isArray()
                || position.size() < 2
                || !position.get(0).isNumber()
                || !position.get(1).isNumber()) {
            throw new Cql2Exception("A position is an array of two or three numbers", Origin.path(path));
        }
        return new Coordinate(position.get(0).doubleValue(), position.get(1).doubleValue());
    }

    private static <T> List<T> each(
            JsonNode array, String path, java.util.function.BiFunction<JsonNode, String, T> read) {
        if (!array.isArray()) {
            throw new Cql2Exception("Expected an array", Origin.path(path));
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(read.apply(array.get(i), path + "/" + i));
        }
        return items;
    }
}
