package org.tierra.http;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** Tierra's one JSON configuration. */
public final class Json {

    /**
     * Deeper than any document Tierra accepts needs (a GeoJSON FeatureCollection of MultiPolygons
     * nests 7 levels), shallow enough that a hostile body cannot exhaust the stack.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    private Json() {}

    /** A JSON object whose members keep the order given: {@code fields("code", code, "name", name)}. */
    public static Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** Builds the mapper; the application builds one and shares it. */
    public static JsonMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                // NaN and Infinity reach the geometry checks as numbers, to be named as what they are
                // (a non-finite coordinate) rather than refused as unreadable JSON.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
        return JsonMapper.builder(factory).build();
    }
}
