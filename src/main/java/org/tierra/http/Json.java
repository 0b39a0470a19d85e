package org.tierra.http;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Tierra's one JSON configuration. */
public final class Json {

    /**
     * Deeper than any document Tierra accepts needs (a GeoJSON FeatureCollection of MultiPolygons
     * nests 7 levels), shallow enough that a hostile body cannot exhaust the stack.
     */
    public static final int MAX_NESTING_DEPTH = 32;

    private Json() {}

    /** Builds the mapper; the application builds one and shares it. */
    public static JsonMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
        return JsonMapper.builder(factory).build();
    }
}
