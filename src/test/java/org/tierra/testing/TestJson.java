package org.tierra.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tierra.http.Json;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies built rather than escaped: {@code TestJson.body("reason", "test", "properties",
 * object("name", "Ejido Ñuu Sávi"))}. Members keep the order given; values are whatever Jackson
 * writes (texts, numbers, booleans, null, nested {@link #object}s and {@link #array}s).
 */
public final class TestJson {

    private static final JsonMapper MAPPER = Json.newMapper();

    private TestJson() {}

    /** A JSON object as text, from name, value pairs. */
    public static String body(Object... namesAndValues) {
        return MAPPER.writeValueAsString(object(namesAndValues));
    }

    /** A JSON object to nest in a {@link #body}, from name, value pairs. */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("members come in name, value pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** A JSON array to nest in a {@link #body}. */
    public static List<Object> array(Object... items) {
        return Arrays.asList(items);
    }
}
