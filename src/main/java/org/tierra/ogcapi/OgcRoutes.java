package org.tierra.ogcapi;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.http.Access;
import org.tierra.http.Json;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.parcels.RegistryGeneration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API – Features under {@code /ogc}: Part 1 (core, GeoJSON, HTML, OpenAPI 3.0), Part 2 (CRS by
 * reference) and Part 3 (queryables and CQL2 filters), over the public registry. Pages are produced
 * by PostGIS and streamed to the socket; paging is by opaque keyset cursors pinned to a snapshot.
 */
public final class OgcRoutes implements RouteGroup {

    static final String GEOJSON = "application/geo+json";
    static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    static final String SCHEMA = "application/schema+json";

    /** What this server passes: only classes with tests behind them are declared. */
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions");

    /** A page should take milliseconds; a filter that scans for longer is stopped, not left to pile up. */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private final Database database;
    private final JsonMapper json;

    public OgcRoutes(Database database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/ogc", this::landing, Access.PUBLIC);
        routes.get("/ogc/conformance", this::conformance, Access.PUBLIC);
        routes.get("/ogc/api", this::api, Access.PUBLIC);
        routes.get("/ogc/collections", this::collections, Access.PUBLIC);
        routes.get("/ogc/collections/{collectionId}", this::collection, Access.PUBLIC);
        routes.get("/ogc/collections/{collectionId}/queryables", this::queryables, Access.PUBLIC);
        routes.get("/ogc/collections/{collectionId}/items", this::items, Access.PUBLIC);
        routes.get("/ogc/collections/{collectionId}/items/{featureId}", this::item, Access.PUBLIC);
    }

    private void landing(Context ctx) {
        boolean html = OgcFormat.html(ctx, Set.of());
        String base = base(ctx);
        Map<String, Object> landing = Json.fields(
                "title",
                "Tierra",
                "description",
                "The public registry of community land trusts and ejidos: parcels and trusts, as"
                        + " OGC API – Features. No personal data.",
                "links",
                List.of(
                        link(base + "/ogc", "self", "application/json", "This document"),
                        link(base + "/ogc?f=html", "alternate", "text/html", "This document as HTML"),
                        link(base + "/ogc/api", "service-desc", OPENAPI, "The API definition (OpenAPI 3.0)"),
                        link(base + "/ogc/conformance", "conformance", "application/json", "Conformance classes"),
                        link(base + "/ogc/collections", "data", "application/json", "The collections")));
        respond(ctx, html, landing, () -> OgcHtml.landing(landing));
    }

    private void conformance(Context ctx) {
        boolean html = OgcFormat.html(ctx, Set.of());
        Map<String, Object> conformance = Json.fields("conformsTo", CONFORMANCE);
        respond(ctx, html, conformance, () -> OgcHtml.list("Conformance", CONFORMANCE));
    }

    private void api(Context ctx) {
        QueryParameters.of(ctx, Set.of("f"));
        ctx.contentType(OPENAPI).result(json.writeValueAsString(OpenApiDocument.build(base(ctx))));
    }

    private void collections(Context ctx) {
        boolean html = OgcFormat.html(ctx, Set.of());
        String base = base(ctx);
        List<Map<String, Object>> collections = new ArrayList<>();
        for (OgcCollection collection : OgcCollection.ALL) {
            collections.add(describe(collection, base));
        }
        Map<String, Object> body = Json.fields(
                "links",
                        List.of(
                                link(base + "/ogc/collections", "self", "application/json", "This document"),
                                link(
                                        base + "/ogc/collections?f=html",
                                        "alternate",
                                        "text/html",
                                        "This document as HTML")),
                "crs", OgcCrs.SUPPORTED.stream().map(OgcCrs::uri).toList(),
                "collections", collections);
        respond(ctx, html, body, () -> OgcHtml.collections(collections));
    }

    private void collection(Context ctx) {
        OgcCollection collection = find(ctx);
        boolean html = OgcFormat.html(ctx, Set.of());
        Map<String, Object> body = describe(collection, base(ctx));
        respond(ctx, html, body, () -> OgcHtml.collections(List.of(body)));
    }

    private void queryables(Context ctx) {
        OgcCollection collection = find(ctx);
        boolean html = OgcFormat.html(ctx, Set.of());
        Map<String, Object> schema = Queryables.schema(collection, base(ctx));
        if (html) {
            ctx.contentType("text/html;charset=utf-8").result(OgcHtml.queryables(collection, schema));
        } else {
            ctx.contentType(schemaOrJson(ctx)).result(json.writeValueAsString(schema));
        }
    }

    /**
     * JSON Schema's own type, unless the client asks for JSON but not for it: GDAL's OAPIF driver asks
     * for {@code application/geo+json, application/json} and refuses any other type in the answer.
     */
    private static String schemaOrJson(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        boolean plainJsonOnly = accept.contains("application/json") && !accept.contains(SCHEMA);
        return plainJsonOnly ? "application/json" : SCHEMA;
    }

    private Map<String, Object> describe(OgcCollection collection, String base) {
        String href = base + "/ogc/collections/" + collection.id();
        Extent extent = extent(collection);
        Map<String, Object> spatial = Json.fields("bbox", List.of(extent.bbox()), "crs", OgcCrs.CRS84.uri());
        Map<String, Object> described = Json.fields(
                "id", collection.id(),
                "title", collection.title(),
                "description", collection.description(),
                "itemType", "feature",
                "extent",
                        collection.temporal()
                                ? Json.fields(
                                        "spatial",
                                        spatial,
                                        "temporal",
                                        Json.fields(
                                                "interval",
                                                List.of(java.util.Arrays.asList(
                                                        extent.firstChange()
                                                                .map(Instant::toString)
                                                                .orElse(null),
                                                        null)),
                                                "trs",
                                                "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"))
                                : Json.fields("spatial", spatial),
                "crs", OgcCrs.SUPPORTED.stream().map(OgcCrs::uri).toList(),
                "storageCrs", OgcCrs.CRS84.uri(),
                "links",
                        List.of(
                                link(href, "self", "application/json", "This collection"),
                                link(href + "?f=html", "alternate", "text/html", "This collection as HTML"),
                                link(href + "/items", "items", GEOJSON, "The features"),
                                link(href + "/items?f=html", "items", "text/html", "The features as HTML"),
                                link(
                                        href + "/queryables",
                                        "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                                        SCHEMA,
                                        "What may be filtered"),
                                // GDAL's OAPIF driver (3.x) looks for the short rel only
                                link(
                                        href + "/queryables",
                                        "queryables",
                                        "application/json",
                                        "What may be filtered, as GDAL reads it")));
        return described;
    }

    private record Extent(List<Double> bbox, Optional<Instant> firstChange) {}

    private Extent extent(OgcCollection collection) {
        String sql = collection.temporal() ? """
                  SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), (SELECT min(valid_from) FROM parcel_version)
                  FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcel WHERE status <> 'retired') x
                  """ : """
                  SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), NULL::timestamptz
                  FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcel WHERE status <> 'retired') x
                  """;
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getObject(1) == null) {
                    return new Extent(List.of(-180.0, -90.0, 180.0, 90.0), Optional.empty());
                }
                return new Extent(
                        List.of(row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4)),
                        Optional.ofNullable(row.getTimestamp(5)).map(Timestamp::toInstant));
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        });
    }

    private void items(Context ctx) {
        OgcCollection collection = find(ctx);
        boolean html = OgcFormat.html(ctx, Set.copyOf(ItemsQuery.parameterNames(collection)));
        Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
        // One pooled connection for the generation and the page: the page is the hot path.
        database.withConnection(connection -> {
            RegistryGeneration generation = RegistryGeneration.current(connection);
            ItemsQuery query = ItemsQuery.parse(collection, parameters, generation.changedAt(), json);
            if (notModified(ctx, generation, html)) {
                return null;
            }
            requireTransformable(connection, query);
            streamPage(ctx, connection, query, query.statement(), html);
            return null;
        });
    }

    /** A bbox or filter geometry given in a projected CRS must lie where that CRS can be turned into lon/lat. */
    static void requireTransformable(Connection connection, ItemsQuery query) throws SQLException {
        Optional<ItemsQuery.Statement> check = query.transformCheck();
        if (check.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = check.get().prepare(connection)) {
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    throw Problem.invalidParameter(
                            "bbox",
                            "The bbox lies outside where " + query.bboxCrs.uri()
                                    + " is defined: check the numbers and their order.");
                }
                if (row.getBoolean(2)) {
                    throw Problem.invalidParameter(
                            "filter",
                            "A geometry in the filter lies outside where " + query.filterCrs.uri()
                                    + " is defined: check the coordinates and the filter-crs.");
                }
            }
        }
    }

    /** 304 when the client holds this very page of this very registry state; sets the validators. */
    private static boolean notModified(Context ctx, RegistryGeneration generation, boolean html) {
        String etag = "W/\"" + hash(generation.generation() + " " + html + " " + ctx.fullUrl()) + "\"";
        ctx.header("ETag", etag);
        ctx.header(
                "Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        generation.changedAt().atOffset(ZoneOffset.UTC)));
        ctx.header("Cache-Control", "no-cache");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.contains(etag.substring(2)))) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    /**
     * Runs the page's statement and writes the FeatureCollection. Forward pages stream row by row; a page
     * read backwards (a prev link) is buffered, at most limit rows, to be written in order.
     */
    private void streamPage(
            Context ctx, Connection connection, ItemsQuery query, ItemsQuery.Statement statement, boolean html)
            throws SQLException {
        boolean forward = query.cursor.map(PageToken::forward).orElse(true);
        boolean useCursor = forward && query.limit >= 2_000 && !html;
        connection.setAutoCommit(!useCursor);
        try (PreparedStatement prepared = statement.prepare(connection)) {
            prepared.setFetchSize(useCursor ? 2_000 : 0);
            prepared.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rows = prepared.executeQuery()) {
                Page page = forward && !html ? null : Page.read(rows, query);
                if (page != null) {
                    writeBuffered(ctx, query, page, forward, html);
                } else {
                    writeStreamed(ctx, query, rows);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (SQLException e) {
            throw new DatabaseException(statement.sql(), e);
        } finally {
            if (useCursor) {
                endReadOnlyTransaction(connection);
            }
        }
    }

    private static void endReadOnlyTransaction(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // a broken connection: the pool notices and replaces it
        }
    }

    /** A page held in memory: the features in output order and the sort keys of its first and last. */
    private record Page(List<byte[]> features, List<Object> firstKeys, List<Object> lastKeys, boolean more) {
        static Page read(ResultSet rows, ItemsQuery query) throws SQLException {
            List<byte[]> features = new ArrayList<>();
            List<List<Object>> keys = new ArrayList<>();
            boolean more = false;
            while (rows.next()) {
                if (features.size() == query.limit) {
                    more = true;
                    break;
                }
                features.add(rows.getBytes("feature"));
                keys.add(keys(rows, query));
            }
            if (!query.cursor.map(PageToken::forward).orElse(true)) {
                java.util.Collections.reverse(features);
                java.util.Collections.reverse(keys);
            }
            return new Page(
                    features,
                    keys.isEmpty() ? List.of() : keys.get(0),
                    keys.isEmpty() ? List.of() : keys.get(keys.size() - 1),
                    more);
        }
    }

    private static List<Object> keys(ResultSet row, ItemsQuery query) throws SQLException {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < query.sorts.size(); i++) {
            Object value = row.getObject("k" + i);
            keys.add(
                    value instanceof Number number
                            ? (Object)
                                    (number instanceof Double || number instanceof java.math.BigDecimal
                                            ? number.doubleValue()
                                            : number.longValue())
                            : (Object) String.valueOf(value));
        }
        keys.add(row.getLong("id"));
        return keys;
    }

    private void writeStreamed(Context ctx, ItemsQuery query, ResultSet rows) throws SQLException, IOException {
        ctx.status(200).contentType(GEOJSON);
        ctx.header("Content-Crs", query.crs.header());
        try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
            out.write(ascii("{\"type\":\"FeatureCollection\",\"features\":["));
            int written = 0;
            List<Object> firstKeys = List.of();
            List<Object> lastKeys = List.of();
            boolean more = false;
            while (rows.next()) {
                if (written == query.limit) {
                    more = true;
                    break;
                }
                if (written > 0) {
                    out.write(',');
                }
                out.write(rows.getBytes("feature"));
                lastKeys = keys(rows, query);
                if (written == 0) {
                    firstKeys = lastKeys;
                }
                written++;
            }
            out.write(ascii("],"));
            out.write(tail(ctx, query, written, firstKeys, lastKeys, more, true));
        }
    }

    private void writeBuffered(Context ctx, ItemsQuery query, Page page, boolean forward, boolean html)
            throws IOException {
        boolean nextExists = forward ? page.more() : true;
        boolean prevExists = forward ? query.cursor.isPresent() : page.more();
        if (html) {
            List<JsonNode> features = page.features().stream()
                    .map(feature -> json.readTree(new String(feature, StandardCharsets.UTF_8)))
                    .toList();
            Map<String, String> links = new LinkedHashMap<>();
            links.put("JSON", withFormat(ctx, "json"));
            if (prevExists && !page.features().isEmpty()) {
                links.put("Previous page", pageLink(ctx, query, page.firstKeys(), false, "html"));
            }
            if (nextExists && !page.features().isEmpty()) {
                links.put("Next page", pageLink(ctx, query, page.lastKeys(), true, "html"));
            }
            ctx.contentType("text/html;charset=utf-8").result(OgcHtml.items(query.collection, features, links));
            return;
        }
        ctx.status(200).contentType(GEOJSON);
        ctx.header("Content-Crs", query.crs.header());
        try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 1 << 16)) {
            out.write(ascii("{\"type\":\"FeatureCollection\",\"features\":["));
            for (int i = 0; i < page.features().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(page.features().get(i));
            }
            out.write(ascii("],"));
            Map<String, Object> tail = tailFields(
                    ctx, query, page.features().size(), page.firstKeys(), page.lastKeys(), nextExists, prevExists);
            byte[] fields = json.writeValueAsBytes(tail);
            out.write(fields, 1, fields.length - 1);
        }
    }

    /** The members after the features: counts, time stamp and links, closing the object. */
    private byte[] tail(
            Context ctx,
            ItemsQuery query,
            int returned,
            List<Object> firstKeys,
            List<Object> lastKeys,
            boolean more,
            boolean forward) {
        boolean nextExists = forward && more;
        boolean prevExists = query.cursor.isPresent();
        byte[] fields =
                json.writeValueAsBytes(tailFields(ctx, query, returned, firstKeys, lastKeys, nextExists, prevExists));
        return java.util.Arrays.copyOfRange(fields, 1, fields.length);
    }

    private Map<String, Object> tailFields(
            Context ctx,
            ItemsQuery query,
            int returned,
            List<Object> firstKeys,
            List<Object> lastKeys,
            boolean nextExists,
            boolean prevExists) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("numberReturned", returned);
        if (query.cursor.isEmpty() && !nextExists) {
            fields.put("numberMatched", returned); // the whole answer is on this page: exact, and free
        }
        fields.put("timeStamp", Instant.now().toString());
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link(withFormat(ctx, null), "self", GEOJSON, "This page"));
        links.add(link(withFormat(ctx, "html"), "alternate", "text/html", "This page as HTML"));
        if (nextExists && returned > 0) {
            links.add(link(pageLink(ctx, query, lastKeys, true, null), "next", GEOJSON, "Next page"));
        }
        if (prevExists && returned > 0) {
            links.add(link(pageLink(ctx, query, firstKeys, false, null), "prev", GEOJSON, "Previous page"));
        }
        links.add(link(
                base(ctx) + "/ogc/collections/" + query.collection.id(),
                "collection",
                "application/json",
                "The collection"));
        fields.put("links", links);
        return fields;
    }

    /**
     * The page before or after this one: the same query, the cursor at {@code keys}, the limit actually
     * served (a limit above the maximum is clamped, and the link says so), and {@code f} only when a
     * format is asked for (null: the default, JSON).
     */
    private static String pageLink(Context ctx, ItemsQuery query, List<Object> keys, boolean forward, String format) {
        String cursor = new PageToken(query.snapshot, keys, forward, query.fingerprint).encode();
        List<String> pairs = new ArrayList<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.equals("limit")) {
                pairs.add("limit=" + query.limit);
            } else if (!name.equals("cursor") && !name.equals("f")) {
                values.forEach(value -> pairs.add(encode(name) + "=" + encode(value)));
            }
        });
        pairs.add("cursor=" + cursor);
        if (format != null) {
            pairs.add("f=" + format);
        }
        return base(ctx) + ctx.path() + "?" + String.join("&", pairs);
    }

    /** The feature's GeoJSON as the items query writes it, or null when the collection has no such id. */
    private String findFeatureText(OgcCollection collection, ItemsQuery page, long id) {
        ItemsQuery.Statement statement = page.statement();
        // The same statement, narrowed to one id (its LIMIT stays: one row at most matches).
        String sql = statement.sql().replace("\nORDER BY", "\n  AND " + collection.idColumn() + " = ?\nORDER BY");
        List<Object> values = new ArrayList<>(statement.parameters());
        values.add(values.size() - 1, id);
        return database.withConnection(connection -> {
            try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    prepared.setObject(i + 1, values.get(i));
                }
                try (ResultSet row = prepared.executeQuery()) {
                    return row.next() ? row.getString("feature") : null;
                }
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        });
    }

    private void item(Context ctx) {
        OgcCollection collection = find(ctx);
        String featureId = ctx.pathParam("featureId");
        long id = QueryParameters.parseId("featureId", featureId);
        boolean html = OgcFormat.html(ctx, Set.of("crs", "datetime"));
        QueryParameters.of(ctx, Set.of("f", "crs", "datetime"));
        RegistryGeneration generation = RegistryGeneration.current(database);
        Map<String, List<String>> parameters = new LinkedHashMap<>(ctx.queryParamMap());
        parameters.remove("f");
        ItemsQuery page = ItemsQuery.parse(collection, parameters, generation.changedAt(), json);
        if (notModified(ctx, generation, html)) {
            return;
        }
        String feature = findFeatureText(collection, page, id);
        if (feature == null) {
            throw Problem.notFound("Collection '" + collection.id() + "' has no feature " + featureId + ".");
        }
        String href = base(ctx) + "/ogc/collections/" + collection.id() + "/items/" + id;
        if (html) {
            ctx.contentType("text/html;charset=utf-8").result(OgcHtml.item(collection, json.readTree(feature), href));
            return;
        }
        String links = json.writeValueAsString(List.of(
                link(href, "self", GEOJSON, "This feature"),
                link(href + "?f=html", "alternate", "text/html", "This feature as HTML"),
                link(
                        base(ctx) + "/ogc/collections/" + collection.id(),
                        "collection",
                        "application/json",
                        "The collection")));
        ctx.contentType(GEOJSON);
        ctx.header("Content-Crs", page.crs.header());
        ctx.result(feature.substring(0, feature.length() - 1) + ",\"links\":" + links + "}");
    }

    private static OgcCollection find(Context ctx) {
        String id = ctx.pathParam("collectionId");
        return OgcCollection.ALL.stream()
                .filter(collection -> collection.id().equals(id))
                .findFirst()
                .orElseThrow(() -> Problem.notFound("There is no collection '" + id + "'. Collections: "
                        + String.join(
                                ", ",
                                OgcCollection.ALL.stream()
                                        .map(OgcCollection::id)
                                        .toList()) + "."));
    }

    private void respond(
            Context ctx, boolean html, Map<String, Object> body, java.util.function.Supplier<String> page) {
        if (html) {
            ctx.contentType("text/html;charset=utf-8").result(page.get());
        } else {
            ctx.contentType("application/json").result(json.writeValueAsString(body));
        }
    }

    static Map<String, Object> link(String href, String rel, String type, String title) {
        return Json.fields("href", href, "rel", rel, "type", type, "title", title);
    }

    /** Scheme, host, port and path prefix the client reaches Tierra at. */
    static String base(Context ctx) {
        return PublicAddress.base(ctx);
    }

    /** This request's URL with {@code f=format}, or without any {@code f} when {@code format} is null. */
    private static String withFormat(Context ctx, String format) {
        List<String> pairs = new ArrayList<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("f")) {
                values.forEach(value -> pairs.add(encode(name) + "=" + encode(value)));
            }
        });
        if (format != null) {
            pairs.add("f=" + format);
        }
        return base(ctx) + ctx.path() + (pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
