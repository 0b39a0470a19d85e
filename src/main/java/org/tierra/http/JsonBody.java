package org.tierra.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON request body read strictly: the media type must be JSON (415), the text must parse (400),
 * it must be an object without unknown members, and every field is checked as it is read (422 naming
 * the field).
 */
public final class JsonBody {

    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /** Reads the body of {@code ctx}, accepting only the members in {@code allowed}. */
    public static JsonBody read(Context ctx, JsonMapper json, Set<String> allowed) {
        String contentType = ctx.contentType();
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiProblem(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "Send the body as JSON with Content-Type: application/json.",
                    Map.of());
        }
        JsonNode node;
        try {
            node = json.readTree(ctx.bodyAsBytes()); // bodyAsBytes enforces the size limit, chunked or not
        } catch (JacksonException e) {
            throw HttpServer.malformedJson(e);
        }
        if (node == null || !node.isObject()) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON", "The body must be a JSON object.", Map.of());
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw invalidField(
                        name,
                        "Unknown field '" + name + "'. Accepted: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
        }
        return new JsonBody(node);
    }

    /** A non-blank text, stripped. */
    public String requiredText(String field) {
        return optionalText(field).orElseThrow(() -> invalidField(field, "'" + field + "' is required."));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw invalidField(field, "'" + field + "' must be a text.");
        }
        String text = value.asString().strip();
        if (text.isEmpty()) {
            throw invalidField(field, "'" + field + "' must not be blank.");
        }
        return Optional.of(text);
    }

    /** A text exactly as sent (passwords: spaces count). */
    public String requiredRawText(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw invalidField(field, "'" + field + "' is required.");
        }
        if (!value.isString()) {
            throw invalidField(field, "'" + field + "' must be a text.");
        }
        return value.asString();
    }

    /** An RFC 3339 instant such as {@code 2027-01-31T00:00:00Z}. */
    public Optional<Instant> optionalInstant(String field) {
        return optionalText(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw invalidField(
                        field,
                        "'" + field + "' must be an RFC 3339 instant such as 2027-01-31T00:00:00Z, got '" + text
                                + "'.");
            }
        });
    }

    public static ApiProblem invalidField(String field, String detail) {
        return new ApiProblem(422, "invalid-field", "Invalid field", detail, Map.of("field", field));
    }
}
