package org.tierra.ogcapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tierra.http.Json;
import org.tierra.ogcapi.cql2.Queryable;

/**
 * The OpenAPI 3.0 definition of {@code /ogc}: every path and every parameter the server really
 * accepts, built from the same collection definitions the routes use, so that the two cannot drift.
 *
 * <p>Its {@code servers} is the landing page, and the OGC paths are relative to it ({@code /collections},
 * not {@code /ogc/collections}): clients such as the OGC test suite and GDAL join the two, whichever
 * landing URL ({@code /ogc} or {@code /ogc/}) they were given. The tiles and downloads beside the OGC
 * API name the server's root as their own {@code servers}.
 */
final class OpenApiDocument {

    private OpenApiDocument() {}

    /**
     * Every route here is public; a client may still sign in or send a token (a bad token is a 401).
     * The empty requirement is what says that no credentials are needed.
     */
    private static final List<Map<String, Object>> PUBLIC_OR_SIGNED_IN =
            List.of(Map.of(), Map.of("bearerToken", List.of()), Map.of("sessionCookie", List.of()));

    static Map<String, Object> build(String base) {
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("/", get("Landing page", "landing", List.of(ref("f")), jsonOrHtml("The landing page")));
        paths.put(
                "/conformance",
                get(
                        "Conformance classes",
                        "conformance",
                        List.of(ref("f")),
                        jsonOrHtml("The conformance classes this server passes")));
        paths.put(
                "/api",
                get(
                        "This API definition",
                        "api",
                        List.of(ref("f")),
                        Json.fields(
                                "200",
                                Json.fields(
                                        "description",
                                        "OpenAPI 3.0",
                                        "content",
                                        Json.fields(
                                                OgcRoutes.OPENAPI,
                                                Json.fields("schema", Json.fields("type", "object")))))));
        paths.put(
                "/collections",
                get("The collections", "collections", List.of(ref("f")), jsonOrHtml("The feature collections")));
        for (OgcCollection collection : OgcCollection.ALL) {
            String path = "/collections/" + collection.id();
            paths.put(
                    path,
                    get(
                            collection.title() + ": the collection",
                            collection.id() + "Collection",
                            List.of(ref("f")),
                            jsonOrHtml(collection.description())));
            paths.put(
                    path + "/queryables",
                    get(
                            collection.title() + ": what may be filtered",
                            collection.id() + "Queryables",
                            List.of(ref("f")),
                            Json.fields(
                                    "200",
                                            Json.fields(
                                                    "description",
                                                    "A JSON Schema of the queryables",
                                                    "content",
                                                    Json.fields(
                                                            OgcRoutes.SCHEMA,
                                                            Json.fields("schema", Json.fields("type", "object")),
                                                            "text/html",
                                                            Json.fields("schema", Json.fields("type", "string")))),
                                    "404", Json.fields("$ref", "#/components/responses/NotFound"))));
            paths.put(
                    path + "/items",
                    get(
                            collection.title() + ": the features",
                            collection.id() + "Items",
                            itemsParameters(collection),
                            features("A page of features", "FeatureCollection")));
            paths.put(
                    path + "/items/{featureId}",
                    get(
                            collection.title() + ": one feature",
                            collection.id() + "Item",
                            collection.temporal()
                                    ? List.of(ref("featureId"), ref("f"), ref("crs"), ref("datetime"))
                                    : List.of(ref("featureId"), ref("f"), ref("crs")),
                            features("The feature", "Feature")));
        }
        addTiles(paths, base);
        addDownloads(paths, base);
        return Json.fields(
                "openapi",
                "3.0.3",
                "info",
                Json.fields(
                        "title", "Tierra – OGC API – Features",
                        "version", "1.0.0",
                        "description", "The public registry of community land trusts and ejidos (no personal data).",
                        "license", Json.fields("name", "Open data: see the registry's terms")),
                "servers",
                List.of(Json.fields("url", base + "/ogc", "description", "The landing page of Tierra's OGC API")),
                "security",
                PUBLIC_OR_SIGNED_IN,
                "paths",
                paths,
                "components",
                components());
    }

    /** The vector tiles the web map draws, beside the OGC API on the same server. */
    private static void addTiles(Map<String, Object> paths, String base) {
        paths.put(
                "/tiles/parcels.json",
                besideTheApi(
                        base,
                        get(
                                "TileJSON 3.0 of the parcel tiles, with a summary of the registry",
                                "parcelTileJson",
                                List.of(),
                                Json.fields(
                                        "200",
                                        Json.fields(
                                                "description",
                                                "TileJSON 3.0: tile URL, zooms, bounds, layers and fields",
                                                "content",
                                                Json.fields(
                                                        "application/json",
                                                        Json.fields("schema", Json.fields("type", "object"))))))));
        List<Object> coordinates = new ArrayList<>();
        for (String name : List.of("z", "x", "y")) {
            coordinates.add(Json.fields(
                    "name",
                    name,
                    "in",
                    "path",
                    "required",
                    true,
                    "description",
                    name.equals("z") ? "Zoom, 0 to 22" : "Tile column or row, 0 to 2^z - 1",
                    "schema",
                    Json.fields("type", "integer", "minimum", 0)));
        }
        paths.put(
                "/tiles/parcels/{z}/{x}/{y}.mvt",
                besideTheApi(
                        base,
                        get(
                                "A vector tile (Web Mercator): layers parcels and parcel-points",
                                "parcelTile",
                                coordinates,
                                Json.fields(
                                        "200",
                                        Json.fields(
                                                "description",
                                                "Mapbox Vector Tile 2.1",
                                                "content",
                                                Json.fields(
                                                        "application/vnd.mapbox-vector-tile",
                                                        Json.fields(
                                                                "schema",
                                                                Json.fields("type", "string", "format", "binary")))),
                                        "204",
                                        Json.fields("description", "No parcel reaches this tile"),
                                        "304",
                                        Json.fields(
                                                "description", "Not modified since the ETag given in If-None-Match"),
                                        "400",
                                        Json.fields("$ref", "#/components/responses/BadRequest")))));
    }

    /** Bulk downloads of the public parcels: the items filters, every feature, one file. */
    private static void addDownloads(Map<String, Object> paths, String base) {
        Map<String, Object> geoJson = Json.fields(
                "200",
                download("geojson", OgcRoutes.GEOJSON, Json.fields("$ref", "#/components/schemas/FeatureCollection")));
        paths.put(
                "/api/v1/exports/parcels.geojson",
                besideTheApi(
                        base,
                        get(
                                "Every selected public parcel in one GeoJSON file (lon/lat, ordered by id)",
                                "parcelsDownloadGEOJSON",
                                selectionParameters(OgcCollection.PARCELS),
                                geoJson)));
        Map<String, Object> geoPackage = Json.fields(
                "200",
                download("gpkg", "application/geopackage+sqlite3", Json.fields("type", "string", "format", "binary")),
                "206",
                Json.fields("description", "The one byte range asked for with Range (Accept-Ranges: bytes)"),
                "304",
                Json.fields("description", "Not modified since the ETag given in If-None-Match"),
                "416",
                Json.fields("description", "The range asked for starts past the end of the file"));
        List<Object> geoPackageParameters = new ArrayList<>(selectionParameters(OgcCollection.PARCELS));
        geoPackageParameters.add(Json.fields(
                "name",
                "gpkg-version",
                "in",
                "query",
                "required",
                false,
                "description",
                "The GeoPackage version the file declares: 1.2 is read by every GDAL and QGIS (GDAL 3.6 warns on 1.4)",
                "schema",
                Json.fields("type", "string", "enum", List.of("1.2", "1.3", "1.4"), "default", "1.2")));
        paths.put(
                "/api/v1/exports/parcels.gpkg",
                besideTheApi(
                        base,
                        get(
                                "Every selected public parcel in one GeoPackage file (lon/lat, ordered by id)",
                                "parcelsDownloadGPKG",
                                geoPackageParameters,
                                geoPackage)));
    }

    private static Map<String, Object> download(String extension, String mediaType, Map<String, Object> schema) {
        return Json.fields(
                "description",
                "The file, as an attachment named tierra-parcels-<date>." + extension,
                "content",
                Json.fields(mediaType, Json.fields("schema", schema)));
    }

    /** A path of Tierra's outside the OGC API: relative to the server's root, not to the landing page. */
    private static Map<String, Object> besideTheApi(String base, Map<String, Object> pathItem) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("servers", List.of(Json.fields("url", base, "description", "Tierra's root")));
        item.putAll(pathItem);
        return item;
    }

    private static List<Object> itemsParameters(OgcCollection collection) {
        List<Object> parameters = new ArrayList<>(List.of(ref("f"), ref("limit"), ref("crs"), ref("cursor")));
        parameters.addAll(selectionParameters(collection));
        parameters.add(commaSeparatedParameter(
                "sortby",
                "Comma-separated sortable properties, '-' in front for descending: "
                        + String.join(", ", collection.sortables().keySet())));
        return parameters;
    }

    /** An optional query parameter naming a CRS by URI, CRS84 when absent. */
    private static Map<String, Object> crsParameter(String name, List<String> crsUris) {
        return Json.fields(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "schema",
                Json.fields("type", "string", "format", "uri", "enum", crsUris, "default", OgcCrs.CRS84.uri()),
                "style",
                "form",
                "explode",
                false);
    }

    /** An optional query parameter holding a comma-separated list, as OpenAPI's form style without explode. */
    private static Map<String, Object> commaSeparatedParameter(String name, String description) {
        return Json.fields(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "description",
                description,
                "schema",
                Json.fields("type", "string"),
                "style",
                "form",
                "explode",
                false);
    }

    /** The parameters that choose features, shared by the items route and bulk downloads. */
    private static List<Object> selectionParameters(OgcCollection collection) {
        List<Object> parameters = new ArrayList<>(
                List.of(ref("bbox"), ref("bbox-crs"), ref("filter"), ref("filter-lang"), ref("filter-crs")));
        if (collection.temporal()) {
            parameters.add(ref("datetime"));
        }
        parameters.add(commaSeparatedParameter(
                "properties",
                "Comma-separated properties to return (default: all): "
                        + String.join(", ", collection.properties().keySet())));
        collection
                .queryParameters()
                .values()
                .forEach(queryable -> parameters.add(Json.fields(
                        "name",
                        queryable.name(),
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "Only features whose " + queryable.name() + " equals this value (a queryable): "
                                + queryable.description(),
                        "schema",
                        Json.fields("type", queryable.type() == Queryable.Type.INTEGER ? "integer" : "string"))));
        return parameters;
    }

    private static Map<String, Object> components() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(
                "f",
                Json.fields(
                        "name",
                        "f",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "The format: json (default for programs) or html (default for browsers)",
                        "schema",
                        Json.fields("type", "string", "enum", List.of("json", "html"))));
        parameters.put(
                "featureId",
                Json.fields(
                        "name",
                        "featureId",
                        "in",
                        "path",
                        "required",
                        true,
                        "schema",
                        Json.fields("type", "integer", "minimum", 1)));
        parameters.put(
                "limit",
                Json.fields(
                        "name",
                        "limit",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "Most features on a page; above the maximum the maximum is served (the next link says so), below 1 is a 400",
                        "schema",
                        Json.fields(
                                "type",
                                "integer",
                                "minimum",
                                1,
                                "maximum",
                                ItemsQuery.MAX_LIMIT,
                                "default",
                                ItemsQuery.DEFAULT_LIMIT),
                        "style",
                        "form",
                        "explode",
                        false));
        parameters.put(
                "bbox",
                Json.fields(
                        "name",
                        "bbox",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "Features that intersect this box: minx,miny,maxx,maxy (or with heights, 6 numbers), in"
                                + " bbox-crs and its axis order",
                        "schema",
                        Json.fields(
                                "type", "array", "minItems", 4, "maxItems", 6, "items", Json.fields("type", "number")),
                        "style",
                        "form",
                        "explode",
                        false));
        List<String> crsUris = OgcCrs.SUPPORTED.stream().map(OgcCrs::uri).toList();
        parameters.put("bbox-crs", crsParameter("bbox-crs", crsUris));
        parameters.put(
                "crs",
                Json.fields(
                        "name",
                        "crs",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "The CRS of the answer's coordinates (axis order as the CRS defines it)",
                        "schema",
                        Json.fields("type", "string", "format", "uri", "enum", crsUris, "default", OgcCrs.CRS84.uri()),
                        "style",
                        "form",
                        "explode",
                        false));
        parameters.put(
                "datetime",
                Json.fields(
                        "name",
                        "datetime",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "The registry's valid time: an instant (the registry as of then) or an interval"
                                + " start/end with '..' for an open end (each feature in its latest state within it)",
                        "schema",
                        Json.fields("type", "string"),
                        "style",
                        "form",
                        "explode",
                        false));
        parameters.put(
                "filter",
                Json.fields(
                        "name",
                        "filter",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "A CQL2 filter on the queryables",
                        "schema",
                        Json.fields("type", "string"),
                        "style",
                        "form",
                        "explode",
                        false));
        parameters.put(
                "filter-lang",
                Json.fields(
                        "name",
                        "filter-lang",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "The filter's language: CQL2 text or JSON; cql-text is the draft CQL text GDAL's OAPIF"
                                + " driver writes (CQL2 text, and ILIKE), listed here so that GDAL sends its filters",
                        "schema",
                        Json.fields(
                                "type",
                                "string",
                                "enum",
                                List.of("cql2-text", "cql2-json", "cql-text"),
                                "default",
                                "cql2-text"),
                        "style",
                        "form",
                        "explode",
                        false));
        parameters.put("filter-crs", crsParameter("filter-crs", crsUris));
        parameters.put(
                "cursor",
                Json.fields(
                        "name",
                        "cursor",
                        "in",
                        "query",
                        "required",
                        false,
                        "description",
                        "Opaque: follow the next and prev links",
                        "schema",
                        Json.fields("type", "string"),
                        "style",
                        "form",
                        "explode",
                        false));
        return Json.fields(
                "parameters", parameters,
                "securitySchemes",
                        Json.fields(
                                "bearerToken",
                                Json.fields(
                                        "type",
                                        "http",
                                        "scheme",
                                        "bearer",
                                        "description",
                                        "An API token (POST /api/v1/tokens), sent as 'Authorization: Bearer <token>'"),
                                "sessionCookie",
                                Json.fields(
                                        "type",
                                        "apiKey",
                                        "in",
                                        "cookie",
                                        "name",
                                        "tierra_session",
                                        "description",
                                        "The session of a signed-in user (POST /api/v1/auth/login)")),
                "responses",
                        Json.fields(
                                "BadRequest",
                                problem("A parameter is wrong; the problem names it and what it accepts"),
                                "Unauthorized",
                                problem("The Authorization header holds a token that is unknown, revoked or expired"),
                                "NotFound",
                                problem("No such collection or feature"),
                                "ServiceUnavailable",
                                problem("The query ran too long or the database is unreachable; see Retry-After")),
                "schemas",
                        Json.fields(
                                "Problem",
                                        Json.fields(
                                                "type",
                                                "object",
                                                "properties",
                                                Json.fields(
                                                        "type", Json.fields("type", "string"),
                                                        "title", Json.fields("type", "string"),
                                                        "status", Json.fields("type", "integer"),
                                                        "detail", Json.fields("type", "string"),
                                                        "instance", Json.fields("type", "string"))),
                                "Feature",
                                        Json.fields(
                                                "type",
                                                "object",
                                                "required",
                                                List.of("type", "geometry", "properties"),
                                                "properties",
                                                Json.fields(
                                                        "type",
                                                                Json.fields(
                                                                        "type", "string", "enum", List.of("Feature")),
                                                        "id", Json.fields("type", "integer"),
                                                        "geometry", Json.fields("type", "object"),
                                                        "properties", Json.fields("type", "object"))),
                                "FeatureCollection",
                                        Json.fields(
                                                "type",
                                                "object",
                                                "required",
                                                List.of("type", "features"),
                                                "properties",
                                                Json.fields(
                                                        "type",
                                                                Json.fields(
                                                                        "type",
                                                                        "string",
                                                                        "enum",
                                                                        List.of("FeatureCollection")),
                                                        "features",
                                                                Json.fields(
                                                                        "type",
                                                                        "array",
                                                                        "items",
                                                                        Json.fields(
                                                                                "$ref",
                                                                                "#/components/schemas/Feature")),
                                                        "numberReturned", Json.fields("type", "integer"),
                                                        "numberMatched", Json.fields("type", "integer"),
                                                        "timeStamp",
                                                                Json.fields("type", "string", "format", "date-time"),
                                                        "links",
                                                                Json.fields(
                                                                        "type",
                                                                        "array",
                                                                        "items",
                                                                        Json.fields("type", "object"))))));
    }

    private static Map<String, Object> problem(String description) {
        return Json.fields(
                "description",
                description,
                "content",
                Json.fields(
                        "application/problem+json",
                        Json.fields("schema", Json.fields("$ref", "#/components/schemas/Problem"))));
    }

    /** The refusals every public route can make, besides its own. */
    private static Map<String, Object> withRefusals(Map<String, Object> responses) {
        Map<String, Object> all = new LinkedHashMap<>(responses);
        all.putIfAbsent("400", Json.fields("$ref", "#/components/responses/BadRequest"));
        all.put("401", Json.fields("$ref", "#/components/responses/Unauthorized"));
        all.put("503", Json.fields("$ref", "#/components/responses/ServiceUnavailable"));
        return all;
    }

    private static Map<String, Object> get(
            String summary, String operationId, List<Object> parameters, Map<String, Object> responses) {
        return Json.fields(
                "get",
                Json.fields(
                        "summary",
                        summary,
                        "operationId",
                        operationId,
                        "parameters",
                        parameters,
                        "responses",
                        withRefusals(responses)));
    }

    private static Map<String, Object> ref(String parameter) {
        return Json.fields("$ref", "#/components/parameters/" + parameter);
    }

    private static Map<String, Object> jsonOrHtml(String description) {
        return Json.fields(
                "200",
                        Json.fields(
                                "description",
                                description,
                                "content",
                                Json.fields(
                                        "application/json", Json.fields("schema", Json.fields("type", "object")),
                                        "text/html", Json.fields("schema", Json.fields("type", "string")))),
                "400", Json.fields("$ref", "#/components/responses/BadRequest"),
                "404", Json.fields("$ref", "#/components/responses/NotFound"));
    }

    private static Map<String, Object> features(String description, String schema) {
        return Json.fields(
                "200",
                        Json.fields(
                                "description",
                                description,
                                "headers",
                                Json.fields(
                                        "Content-Crs",
                                        Json.fields(
                                                "description",
                                                "The CRS of the coordinates, as <uri>",
                                                "schema",
                                                Json.fields("type", "string"))),
                                "content",
                                Json.fields(
                                        OgcRoutes.GEOJSON,
                                        Json.fields("schema", Json.fields("$ref", "#/components/schemas/" + schema)),
                                        "text/html",
                                        Json.fields("schema", Json.fields("type", "string")))),
                "304", Json.fields("description", "Not modified since the ETag given in If-None-Match"),
                "400", Json.fields("$ref", "#/components/responses/BadRequest"),
                "404", Json.fields("$ref", "#/components/responses/NotFound"));
    }
}
