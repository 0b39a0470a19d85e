package org.tierra.ogcapi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tierra.http.Json;
import org.tierra.ogcapi.cql2.Queryable;

/** A collection's queryables as the JSON Schema OGC API – Features Part 3 asks for. */
final class Queryables {

    private Queryables() {}

    static Map<String, Object> schema(OgcCollection collection, String base) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Queryable queryable : collection.queryables().values()) {
            properties.put(queryable.name(), property(queryable));
        }
        return Json.fields(
                "$schema",
                "https://json-schema.org/draft/2019-09/schema",
                "$id",
                base + "/ogc/collections/" + collection.id() + "/queryables",
                "type",
                "object",
                "title",
                collection.title(),
                "description",
                "What filter (CQL2) and query parameters may name in " + collection.id() + ".",
                "properties",
                properties,
                "additionalProperties",
                false,
                // The draft's list of names, which GDAL's OAPIF driver (3.6 to 3.12) reads instead of
                // "properties"; an unknown keyword to JSON Schema, so harmless to everyone else.
                "queryables",
                collection.queryables().keySet().stream()
                        .map(name -> Json.fields("id", name))
                        .toList());
    }

    private static Map<String, Object> property(Queryable queryable) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("title", queryable.name());
        property.put("description", queryable.description());
        switch (queryable.type()) {
            case STRING -> property.put("type", "string");
            case NUMBER -> property.put("type", "number");
            case INTEGER -> property.put("type", "integer");
            case BOOLEAN -> property.put("type", "boolean");
            case TIMESTAMP -> {
                property.put("type", "string");
                property.put("format", "date-time");
            }
            case INTERVAL -> {
                property.put("type", "array");
                property.put("format", "interval");
                property.put("items", Json.fields("type", "string", "format", "date-time"));
            }
            case GEOMETRY -> {
                property.put("format", "geometry-any");
                property.put("x-ogc-role", "primary-geometry");
            }
        }
        return property;
    }
}
