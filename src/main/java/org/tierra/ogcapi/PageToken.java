package org.tierra.ogcapi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.tierra.core.Problem;
import org.tierra.http.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a page of items ends (or starts), as an opaque {@code cursor}: the values of the sort keys and
 * the id of the boundary feature (keyset paging: page 1,000 costs what page 1 costs), the instant the
 * first page was read at (every page reads the registry as it was then, so edits between pages neither
 * repeat nor drop a feature), and a fingerprint of the query it belongs to.
 */
record PageToken(Instant snapshot, List<Object> keys, boolean forward, String query) {

    private static final JsonMapper json = Json.newMapper();

    String encode() {
        Map<String, Object> token = Map.of("s", snapshot.toString(), "k", keys, "f", forward, "q", query);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.writeValueAsBytes(token));
    }

    /**
     * Reads a cursor from a {@code next} or {@code prev} link.
     *
     * @throws Problem 400 when it is not one, or belongs to another query
     */
    static PageToken decode(String cursor, String expectedQuery) {
        JsonNode token;
        try {
            token = json.readTree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid();
        }
        if (token == null
                || !token.isObject()
                || !token.path("k").isArray()
                || !token.path("s").isString()) {
            throw invalid();
        }
        if (!expectedQuery.equals(token.path("q").asString(""))) {
            throw Problem.invalidParameter(
                    "cursor",
                    "This cursor belongs to another query: follow the next and prev"
                            + " links of a response without changing its other parameters.");
        }
        List<Object> keys = new ArrayList<>();
        for (JsonNode key : token.get("k")) {
            if (key.isNumber()) {
                keys.add(key.isIntegralNumber() ? (Object) key.asLong() : (Object) key.asDouble());
            } else if (key.isString()) {
                keys.add(key.asString());
            } else {
                throw invalid();
            }
        }
        try {
            return new PageToken(
                    Instant.parse(token.get("s").asString()),
                    keys,
                    token.path("f").asBoolean(true),
                    expectedQuery);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid();
        }
    }

    private static Problem invalid() {
        return Problem.invalidParameter(
                "cursor", "The cursor is not one this server made: follow the next and prev links as given.");
    }
}
