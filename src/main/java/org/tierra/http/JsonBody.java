package org.tierra.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tierra.core.CommonProblem;
import org.tierra.core.DateTimes;
import org.tierra.core.Problem;
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
    /** Where this object sits in the body, e.g. {@code properties.}, prefixed to field names in errors. */
    private final String path;

    private JsonBody(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** Reads the body of {@code ctx}, accepting only the members in {@code allowed}. */
    public static JsonBody read(Context ctx, JsonMapper json, Set<String> allowed) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE,
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
            throw new Problem(HttpProblem.MALFORMED_JSON, "The body must be a JSON object.", Map.of());
        }
        refuseNul(node, "");
        return checked(node, "", allowed);
    }

    /** PostgreSQL cannot store the NUL character: name where it is rather than fail in the database. */
    private static void refuseNul(JsonNode node, String path) {
        if (node.isString() && node.asString().indexOf('\0') >= 0) {
            throw new Problem(
                    HttpProblem.MALFORMED_JSON,
                    "'" + path + "' holds a NUL character (\\u0000), which cannot be stored.",
                    Map.of("field", path));
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String memberPath = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            if (member.getKey().indexOf('\0') >= 0) {
                throw new Problem(
                        HttpProblem.MALFORMED_JSON, "A field name holds a NUL character (\\u0000).", Map.of());
            }
            refuseNul(member.getValue(), memberPath);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** 422 for a member not in {@code allowed}, naming the {@code field} and the {@code accepted} members there. */
    private static JsonBody checked(JsonNode node, String path, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                List<String> accepted = List.copyOf(new TreeSet<>(allowed));
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("field", path + name);
                fields.put("accepted", accepted);
                throw new Problem(
                        CommonProblem.INVALID_FIELD,
                        "Unknown field '" + path + name + "'. Accepted: " + String.join(", ", accepted) + ".",
                        fields);
            }
        }
        return new JsonBody(node, path);
    }

    /** A nested object, read with the same strictness. */
    public Optional<JsonBody> optionalObject(String field, Set<String> allowed) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must be a JSON object.");
        }
        return Optional.of(checked(value, path + field + ".", allowed));
    }

    public JsonBody requiredObject(String field, Set<String> allowed) {
        return optionalObject(field, allowed)
                .orElseThrow(() -> Problem.invalidField(path + field, "'" + path + field + "' is required."));
    }

    /** A member as raw JSON (a GeoJSON geometry, say), when present and not null. */
    public Optional<JsonNode> optionalNode(String field) {
        return Optional.ofNullable(object.get(field)).filter(value -> !value.isNull());
    }

    /** Whether the member is present, even as null (null clears an optional attribute). */
    public boolean has(String field) {
        return object.has(field);
    }

    /** A non-empty array of positive whole numbers, such as parcel ids. */
    public List<Long> requiredIds(String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must be a non-empty array of ids.");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.canConvertToExactIntegral() || item.asLong() <= 0) {
                throw Problem.invalidField(path + field, "'" + path + field + "' holds positive whole numbers only.");
            }
            ids.add(item.asLong());
        }
        return ids;
    }

    /** An array of non-blank texts; empty when absent. */
    public List<String> optionalTexts(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must be an array of texts.");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().isBlank()) {
                throw Problem.invalidField(path + field, "'" + path + field + "' holds non-blank texts only.");
            }
            texts.add(item.asString().strip());
        }
        return texts;
    }

    /** The items of an array under {@code field}, each as raw JSON; empty when absent. */
    public List<JsonNode> optionalNodes(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must be an array.");
        }
        List<JsonNode> nodes = new ArrayList<>();
        value.forEach(nodes::add);
        return nodes;
    }

    /** Reads an object given as raw JSON (an item of an array) with the same strictness. */
    /** A whole body built on the server (a stored record with a client's changes laid over it). */
    public static JsonBody root(JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a body is a JSON object");
        }
        return checked(node, "", allowed);
    }

    public static JsonBody of(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw Problem.invalidField(path, "'" + path + "' must be a JSON object.");
        }
        return checked(node, path + ".", allowed);
    }

    /** A non-blank text, stripped. */
    public String requiredText(String field) {
        return optionalText(field)
                .orElseThrow(() -> Problem.invalidField(path + field, "'" + path + field + "' is required."));
    }

    public Optional<String> optionalText(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must be a text.");
        }
        String text = value.asString().strip();
        if (text.isEmpty()) {
            throw Problem.invalidField(path + field, "'" + path + field + "' must not be blank.");
        }
        return Optional.of(text);
    }

    /** A text exactly as sent (passwords: spaces count). */
    public String requiredRawText(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw Problem.invalidField(field, "'" + field + "' is required.");
        }
        if (!value.isString()) {
            throw Problem.invalidField(field, "'" + field + "' must be a text.");
        }
        return value.asString();
    }

    /** A calendar day written as ISO 8601, such as {@code 2027-01-31}. */
    public Optional<LocalDate> optionalDate(String field) {
        return optionalText(field).map(text -> DateTimes.parseDate(text)
                .orElseThrow(() -> Problem.invalidField(
                        path + field,
                        "'" + path + field + "' must be a date such as 2027-01-31 (" + DateTimes.YEARS + "), got '"
                                + text + "'.")));
    }

    public LocalDate requiredDate(String field) {
        return optionalDate(field)
                .orElseThrow(() -> Problem.invalidField(
                        path + field, "'" + path + field + "' is required: a date such as 2027-01-31."));
    }

    /** An RFC 3339 instant such as {@code 2027-01-31T00:00:00Z}. */
    public Optional<Instant> optionalInstant(String field) {
        return optionalText(field).map(text -> DateTimes.parseInstant(text)
                .orElseThrow(() -> Problem.invalidField(
                        field,
                        "'" + field + "' must be an RFC 3339 instant such as 2027-01-31T00:00:00Z (" + DateTimes.YEARS
                                + "), got '" + text + "'.")));
    }
}
