package org.tierra.resale;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tierra.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON terms of a resale policy strictly, as they are given and as they are stored: an object
 * without unknown members, texts that are texts. A mistake is a 422 naming the member by its path
 * ({@code terms.items[0].key}), in the words request bodies get.
 */
final class TermsReader {

    private final JsonNode object;
    /** Where this object sits, e.g. {@code terms.}, prefixed to member names in errors. */
    private final String path;

    private TermsReader(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /**
     * {@code node}, found at {@code path}, as an object with only the members in {@code allowed}.
     *
     * @throws Problem 422 naming {@code path} when it is no object, or the first unknown member
     */
    static TermsReader of(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw Problem.invalidField(path, "'" + path + "' must be a JSON object.");
        }
        String prefix = path + ".";
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw Problem.invalidField(
                        prefix + name,
                        "Unknown field '" + prefix + name + "'. Accepted: " + String.join(", ", new TreeSet<>(allowed))
                                + ".");
            }
        }
        return new TermsReader(node, prefix);
    }

    /** Whether the member is present, even as {@code null}. */
    boolean has(String field) {
        return object.has(field);
    }

    /** A non-blank text, stripped, when present and not {@code null}. */
    Optional<String> optionalText(String field) {
        JsonNode value = object.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        String text = value.isString() ? value.asString().strip() : null;
        if (text == null) {
            throw invalid(field, "must be a text");
        }
        if (text.isEmpty()) {
            throw invalid(field, "must not be blank");
        }
        return Optional.of(text);
    }

    String requiredText(String field) {
        return optionalText(field).orElseThrow(() -> invalid(field, "is required"));
    }

    /** A nested object, read as strictly. */
    TermsReader requiredObject(String field, Set<String> allowed) {
        JsonNode value = object.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw invalid(field, "is required");
        }
        return of(value, path + field, allowed);
    }

    /** The items of an array; empty when absent. */
    List<JsonNode> optionalNodes(String field) {
        JsonNode value = object.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(field, "must be an array");
        }
        List<JsonNode> nodes = new ArrayList<>();
        value.forEach(nodes::add);
        return nodes;
    }

    /** 422 naming the member: {@code 'terms.losses' must be a text.} */
    private Problem invalid(String field, String says) {
        return Problem.invalidField(path + field, "'" + path + field + "' " + says + ".");
    }
}
