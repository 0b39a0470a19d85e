package org.tierra.apidocs;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document of {@code /api/v1} as the tests read it: its operations found by method and
 * concrete path, their parameters and request bodies with references followed, and a validator of
 * replies against its schemas.
 *
 * <p>Replies are validated strictly: every object schema that lists its {@code properties} and says
 * nothing of others gets {@code unevaluatedProperties: false}, so that a member the server writes
 * but the document does not name fails the test (the document itself stays open to additions).
 */
final class ApiContract {

    private static final String BASE = "https://tierra.invalid/api-v1.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** A documented operation; {@code pattern} matches the concrete paths it serves. */
    record Operation(String method, String path, Pattern pattern, JsonNode node, JsonNode pathItem) {
        String key() {
            return method + " " + path;
        }

        /** The names in the path template, in order. */
        List<String> templateParameters() {
            List<String> names = new ArrayList<>();
            Matcher matcher = TEMPLATE_PARAMETER.matcher(path);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        int literalLength() {
            return TEMPLATE_PARAMETER.matcher(path).replaceAll("").length();
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry;
    private final JsonMapper json = JsonMapper.builder().build();

    ApiContract(JsonNode document) {
        this.document = document;
        document.get("paths").properties().forEach(path -> {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (METHODS.contains(entry.getKey())) {
                    operations.add(new Operation(
                            entry.getKey().toUpperCase(Locale.ROOT),
                            path.getKey(),
                            pattern(path.getKey()),
                            entry.getValue(),
                            path.getValue()));
                }
            }
        });
        ObjectNode strict = (ObjectNode) document.deepCopy();
        strict.get("components").get("schemas").forEach(ApiContract::makeStrict);
        strict.findValues("schema").forEach(ApiContract::makeStrict);
        this.registry =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(
                                Map.of(BASE, json.writeValueAsString(strict)))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build()));
    }

    JsonNode document() {
        return document;
    }

    List<Operation> operations() {
        return operations;
    }

    /** The operation serving {@code method} on {@code path} (no query), the most literal one when several match. */
    Optional<Operation> find(String method, String path) {
        return operations.stream()
                .filter(operation -> operation.method().equals(method)
                        && operation.pattern().matcher(path).matches())
                .max((a, b) -> Integer.compare(a.literalLength(), b.literalLength()));
    }

    /** {@code node}, or what its {@code $ref} points to (followed repeatedly). */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current != null && current.has("$ref")) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are expected: " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("unresolved reference " + ref);
            }
        }
        return current;
    }

    /** The operation's parameters, those of its path first, references followed. */
    List<JsonNode> parameters(Operation operation) {
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode owner : List.of(operation.pathItem(), operation.node())) {
            JsonNode listed = owner.get("parameters");
            if (listed != null) {
                listed.forEach(parameter -> parameters.add(resolve(parameter)));
            }
        }
        return parameters;
    }

    /** The names of the operation's parameters that are {@code in} the query, path or header. */
    Set<String> parameterNames(Operation operation, String in) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode parameter : parameters(operation)) {
            if (parameter.get("in").asString().equals(in)) {
                names.add(parameter.get("name").asString());
            }
        }
        return names;
    }

    /** The schema of the request body in {@code mediaType}, references followed. */
    Optional<JsonNode> requestSchema(Operation operation, String mediaType) {
        return Optional.ofNullable(operation.node().get("requestBody"))
                .map(this::resolve)
                .map(body -> body.path("content").path(mediaType).get("schema"))
                .map(this::resolve);
    }

    /** The members a request body in {@code mediaType} may hold. */
    Set<String> requestMembers(Operation operation, String mediaType) {
        Set<String> names = new LinkedHashSet<>();
        requestSchema(operation, mediaType)
                .ifPresent(schema -> schema.path("properties").propertyNames().forEach(names::add));
        return names;
    }

    /** The documented response for {@code status}, references followed. */
    Optional<JsonNode> response(Operation operation, int status) {
        return Optional.ofNullable(operation.node().path("responses").get(Integer.toString(status)))
                .map(this::resolve);
    }

    /**
     * Why {@code instance} does not validate against {@code schema} (a schema of this document, inline or
     * a reference); empty when it does.
     */
    List<String> validate(JsonNode schema, JsonNode instance) {
        JsonNode copy = schema.deepCopy();
        makeStrict(copy);
        Schema compiled = registry.getSchema(absolutized(copy));
        return compiled.validate(instance).stream().map(Object::toString).toList();
    }

    /** The schema named {@code name} in components, as a reference to validate against. */
    JsonNode component(String name) {
        return json.createObjectNode().put("$ref", "#/components/schemas/" + name);
    }

    private static JsonNode absolutized(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#")) {
                object.put("$ref", BASE + ref.asString());
            }
            object.forEach(ApiContract::absolutized);
        } else if (node.isArray()) {
            node.forEach(ApiContract::absolutized);
        }
        return node;
    }

    /** Adds {@code unevaluatedProperties: false} to every object schema in {@code schema} that lists its members. */
    private static void makeStrict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.get("properties");
        if (properties != null
                && properties.isObject()
                && !object.has("additionalProperties")
                && !object.has("unevaluatedProperties")) {
            object.put("unevaluatedProperties", false);
        }
        if (properties != null && properties.isObject()) {
            properties.forEach(ApiContract::makeStrict);
        }
        for (String keyword : List.of("items", "additionalProperties", "not")) {
            makeStrict(object.get(keyword));
        }
        for (String keyword : List.of("oneOf", "anyOf", "allOf", "prefixItems")) {
            JsonNode list = object.get(keyword);
            if (list != null) {
                list.forEach(ApiContract::makeStrict);
            }
        }
    }

    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher matcher = TEMPLATE_PARAMETER.matcher(template);
        int end = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(template.substring(end, matcher.start())))
                    .append("[^/]+");
            end = matcher.end();
        }
        regex.append(Pattern.quote(template.substring(end)));
        return Pattern.compile(regex.toString());
    }
}
