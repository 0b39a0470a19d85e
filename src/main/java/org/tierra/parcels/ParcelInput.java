package org.tierra.parcels;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Patch;
import org.tierra.core.Problem;
import org.tierra.http.IfMatch;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.QueryParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the parcel writes' requests: GeoJSON Features and their properties, the split and merge bodies,
 * {@code If-Match}, and how boundaries are written ({@code Content-Crs}, the language). Each body is read
 * strictly ({@link JsonBody}): unknown members and mistyped fields are refused before anything is done.
 */
final class ParcelInput {

    /** The header that names the CRS a request's coordinates are in. */
    static final String CONTENT_CRS = "Content-Crs";

    /** The members of a parcel's {@code properties} a client writes. */
    static final Set<String> ATTRIBUTES = Set.of("code", "name", "tenureCategory", "landUse", "status", "notes");

    private static final Set<String> FEATURE = Set.of("type", "geometry", "properties", "reason");
    private static final Set<String> CREATE_PROPERTIES =
            Set.of("code", "name", "trust", "tenureCategory", "landUse", "status", "notes");
    private static final Set<String> CHILD = Set.of("type", "properties", "geometry");

    private ParcelInput() {}

    /** A request and the reason its writer gives for it. */
    record Sent<T>(T request, String reason) {}

    /** {@code POST /api/v1/parcels}: a Feature with its trust in its properties. */
    static Sent<NewParcel> newParcel(Context ctx, JsonMapper json) {
        JsonBody body = JsonBody.read(ctx, json, FEATURE);
        String type = body.requiredText("type");
        if (!type.equals("Feature")) {
            throw Problem.invalidField(
                    "type", "A parcel is sent as a GeoJSON Feature (type 'Feature'), got '" + type + "'.");
        }
        JsonBody properties = body.requiredObject("properties", CREATE_PROPERTIES);
        String reason = body.requiredText("reason");
        String trust = properties.requiredText("trust");
        Optional<JsonNode> geometry = body.optionalNode("geometry");
        return new Sent<>(new NewParcel(trust, attributes(properties), geometry, format(ctx)), reason);
    }

    /** {@code PATCH /api/v1/parcels/{id}}: the members of a Feature to change. */
    static Sent<ParcelEdit> edit(Context ctx, JsonMapper json) {
        long id = id(ctx);
        ExpectedVersions expected = IfMatch.read(ctx);
        JsonBody body = JsonBody.read(ctx, json, FEATURE);
        body.optionalText("type").filter(type -> !type.equals("Feature")).ifPresent(type -> {
            throw Problem.invalidField(
                    "type", "An update is a GeoJSON Feature (type 'Feature') with the members to change.");
        });
        String reason = body.requiredText("reason");
        Optional<JsonBody> properties = body.optionalObject("properties", ATTRIBUTES);
        Optional<JsonNode> geometry = body.optionalNode("geometry");
        ParcelAttributes attributes = properties.map(ParcelInput::attributes).orElse(ParcelAttributes.none());
        return new Sent<>(new ParcelEdit(id, expected, attributes, geometry, format(ctx)), reason);
    }

    /** {@code POST /api/v1/parcels/{id}/retire}: the parcel, the version read, the reason. */
    record Retirement(long id, ExpectedVersions expected, String reason) {}

    static Retirement retirement(Context ctx, JsonMapper json) {
        long id = id(ctx);
        ExpectedVersions expected = IfMatch.read(ctx);
        String reason = JsonBody.read(ctx, json, Set.of("reason")).requiredText("reason");
        return new Retirement(id, expected, reason);
    }

    /** {@code POST /api/v1/parcels/{id}/split}: a cutting line with optional codes, or the children. */
    static Sent<ParcelSplit> split(Context ctx, JsonMapper json) {
        long id = id(ctx);
        ExpectedVersions expected = IfMatch.read(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("reason", "line", "codes", "children"));
        String reason = body.requiredText("reason");
        Optional<JsonNode> line = body.optionalNode("line");
        List<JsonNode> childFeatures = body.optionalNodes("children");
        ParcelSplit.requireOneWay(line.isPresent(), !childFeatures.isEmpty());
        List<String> codes = body.optionalTexts("codes");
        List<ParcelSplit.Child> children = new ArrayList<>();
        for (int i = 0; i < childFeatures.size(); i++) {
            JsonBody child = JsonBody.of(childFeatures.get(i), "children[" + i + "]", CHILD);
            children.add(new ParcelSplit.Child(
                    child.optionalObject("properties", ATTRIBUTES).map(ParcelInput::attributes),
                    child.optionalNode("geometry")));
        }
        return new Sent<>(new ParcelSplit(id, expected, line, codes, children, format(ctx)), reason);
    }

    /** {@code POST /api/v1/parcels/merge}: the parents' ids and the merged parcel's properties. */
    static Sent<ParcelMerge> merge(Context ctx, JsonMapper json) {
        ExpectedVersions expected = IfMatch.read(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("reason", "parcels", "properties"));
        String reason = body.requiredText("reason");
        List<Long> ids =
                body.requiredIds("parcels").stream().distinct().sorted().toList();
        if (ids.size() < 2) {
            throw Problem.invalidField("parcels", "A merge joins at least two parcels.");
        }
        JsonBody properties = body.requiredObject("properties", ATTRIBUTES);
        return new Sent<>(new ParcelMerge(ids, expected, attributes(properties)), reason);
    }

    /** {@code POST /api/v1/geometry/repair}: the boundary to repair. */
    static JsonNode boundaryToRepair(Context ctx, JsonMapper json) {
        return JsonBody.read(ctx, json, Set.of("geometry"))
                .optionalNode("geometry")
                .orElseThrow(() -> Problem.invalidField("geometry", "Send the boundary to repair as 'geometry'."));
    }

    /** The CRS the request's coordinates are in, as named, and the language to explain problems in. */
    static BoundaryFormat format(Context ctx) {
        return new BoundaryFormat(Optional.ofNullable(ctx.header(CONTENT_CRS)), Language.of(ctx));
    }

    /** The parcel id in the path. */
    static long id(Context ctx) {
        return QueryParameters.parseId("id", ctx.pathParam("id"));
    }

    /** The attributes present in {@code properties}, the code and status checked. */
    private static ParcelAttributes attributes(JsonBody properties) {
        Optional<String> code = properties.optionalText("code").map(ParcelAttributes::requireValidCode);
        Optional<String> tenureCategory = properties.optionalText("tenureCategory");
        Optional<String> landUse = properties.optionalText("landUse");
        Optional<ParcelStatus> status = properties
                .optionalText("status")
                .map(value -> ParcelStatus.settableFromField("properties.status", value));
        return new ParcelAttributes(
                code, patch(properties, "name"), tenureCategory, landUse, status, patch(properties, "notes"));
    }

    /** The name or notes as sent: absent leaves the attribute as it is, {@code null} clears it. */
    private static Patch<String> patch(JsonBody properties, String field) {
        if (!properties.has(field)) {
            return Patch.absent();
        }
        return properties.optionalText(field).map(Patch::set).orElseGet(Patch::clear);
    }
}
