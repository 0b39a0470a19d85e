package org.tierra.ogcapi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.tierra.core.DateTimes;
import org.tierra.core.Problem;
import org.tierra.ogcapi.cql2.Cql2Exception;
import org.tierra.ogcapi.cql2.Cql2Json;
import org.tierra.ogcapi.cql2.Cql2Sql;
import org.tierra.ogcapi.cql2.Cql2Text;
import org.tierra.ogcapi.cql2.Expression;
import org.tierra.ogcapi.cql2.Queryable;
import org.tierra.ogcapi.cql2.SqlFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request for a collection's items, read from its query parameters and checked, and turned into
 * one SQL statement whose every value is bound: the page of features as GeoJSON text written by
 * PostGIS, in the requested CRS and order, with the sort keys of each row for the next cursor.
 */
final class ItemsQuery {

    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;
    private static final Instant FAR_PAST = Instant.parse("1900-01-01T00:00:00Z");

    /** A sort key: the property, the trusted SQL expression, and the direction. */
    record Sort(String property, String expression, boolean descending) {}

    /** What part of valid time the request reads: an instant, or an interval (both ends closed). */
    record Time(Instant start, Instant end) {
        boolean instant() {
            return start.equals(end);
        }
    }

    final OgcCollection collection;
    final int limit;
    final OgcCrs crs;
    final Optional<double[]> bbox;
    final OgcCrs bboxCrs;
    final Time time;
    /** Trusted SQL expression → the value it must equal (text, or a whole number). */
    final Map<String, Object> equalities;

    final Optional<SqlFilter> filter;
    final OgcCrs filterCrs;
    final List<Geometry> filterGeometries;
    final List<Sort> sorts;
    final List<String> properties;
    final Optional<PageToken> cursor;
    final Instant snapshot;
    final String fingerprint;

    private ItemsQuery(Builder builder) {
        this.collection = builder.collection;
        this.limit = builder.limit;
        this.crs = builder.crs;
        this.bbox = builder.bbox;
        this.bboxCrs = builder.bboxCrs;
        this.time = builder.time;
        this.equalities = builder.equalities;
        this.filter = builder.filter;
        this.filterCrs = builder.filterCrs;
        this.filterGeometries = builder.filterGeometries;
        this.sorts = builder.sorts;
        this.properties = builder.properties;
        this.cursor = builder.cursor;
        this.snapshot = builder.snapshot;
        this.fingerprint = builder.fingerprint;
    }

    /** The names of the query parameters the items route accepts for {@code collection}. */
    static List<String> parameterNames(OgcCollection collection) {
        List<String> names = new ArrayList<>(List.of(
                "f",
                "limit",
                "bbox",
                "bbox-crs",
                "crs",
                "datetime",
                "filter",
                "filter-lang",
                "filter-crs",
                "sortby",
                "properties",
                "cursor"));
        names.addAll(collection.queryParameters().keySet());
        return names;
    }

    /**
     * Reads the request's parameters.
     *
     * @param registryInstant when the registry last changed: the snapshot of a first page
     * @throws Problem 400 naming the parameter at fault and what it accepts
     */
    static ItemsQuery parse(
            OgcCollection collection, Map<String, List<String>> parameters, Instant registryInstant, JsonMapper json) {
        Builder builder = new Builder(collection);
        for (String name : parameters.keySet()) {
            if (!parameterNames(collection).contains(name)) {
                throw Problem.invalidParameter(
                        name,
                        "Unknown query parameter '" + name + "'. Accepted: "
                                + String.join(", ", parameterNames(collection)) + ".");
            }
        }
        Map<String, String> single = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                throw Problem.invalidParameter(name, "Give '" + name + "' once.");
            }
            single.put(name, values.get(0));
        });
        builder.fingerprint = fingerprint(single);
        builder.limit = parseLimit(single.get("limit"));
        builder.crs = crsParameter("crs", single.get("crs"));
        builder.bboxCrs = crsParameter("bbox-crs", single.get("bbox-crs"));
        if (single.containsKey("bbox-crs") && !single.containsKey("bbox")) {
            throw Problem.invalidParameter("bbox-crs", "'bbox-crs' says which CRS 'bbox' is in: give a bbox too.");
        }
        builder.bbox = Optional.ofNullable(single.get("bbox")).map(text -> parseBbox(text, builder.bboxCrs));
        builder.cursor =
                Optional.ofNullable(single.get("cursor")).map(value -> PageToken.decode(value, builder.fingerprint));
        builder.snapshot = builder.cursor.map(PageToken::snapshot).orElse(registryInstant);
        builder.time = parseTime(collection, single.get("datetime"), builder.snapshot);
        collection.queryParameters().forEach((name, queryable) -> {
            if (single.containsKey(name)) {
                builder.equalities.put(queryable.sql(), equalityValue(queryable, single.get(name)));
            }
        });
        builder.filterCrs = crsParameter("filter-crs", single.get("filter-crs"));
        builder.filter = parseFilter(collection, single, json, builder);
        builder.sorts = parseSortBy(collection, single.get("sortby"));
        builder.properties = parseProperties(collection, single.get("properties"));
        if (builder.cursor.isPresent() && builder.cursor.get().keys().size() != builder.sorts.size() + 1) {
            throw Problem.invalidParameter("cursor", "The cursor does not fit this query's sort order.");
        }
        return new ItemsQuery(builder);
    }

    private static final class Builder {
        final OgcCollection collection;
        int limit;
        OgcCrs crs;
        Optional<double[]> bbox;
        OgcCrs bboxCrs;
        Time time;
        final Map<String, Object> equalities = new LinkedHashMap<>();
        Optional<SqlFilter> filter;
        OgcCrs filterCrs;
        final List<Geometry> filterGeometries = new ArrayList<>();
        List<Sort> sorts;
        List<String> properties;
        Optional<PageToken> cursor;
        Instant snapshot;
        String fingerprint;

        Builder(OgcCollection collection) {
            this.collection = collection;
        }
    }

    /**
     * A whole number of at least 1; above the maximum it is served as the maximum, as Part 1 allows
     * (QGIS and GDAL ask for large pages and follow the next link for the rest).
     */
    private static Object equalityValue(Queryable queryable, String value) {
        if (queryable.type() != Queryable.Type.INTEGER) {
            return value;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw Problem.invalidParameter(
                    queryable.name(), "'" + queryable.name() + "' is a whole number, got '" + value + "'.");
        }
    }

    private static int parseLimit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        String digits = value.strip();
        if (digits.matches("\\+?\\d+")) {
            BigInteger limit = new BigInteger(digits);
            if (limit.signum() > 0) {
                return limit.min(BigInteger.valueOf(MAX_LIMIT)).intValueExact();
            }
        }
        throw Problem.invalidParameter(
                "limit",
                "'limit' is a whole number of at least 1 (default " + DEFAULT_LIMIT + ", at most " + MAX_LIMIT
                        + " served per page), got '" + value + "'.");
    }

    private static OgcCrs crsParameter(String name, String value) {
        if (value == null) {
            return OgcCrs.CRS84;
        }
        return OgcCrs.find(value)
                .orElseThrow(() -> Problem.invalidParameter(
                        name,
                        "'" + name + "' is one of "
                                + String.join(
                                        ", ",
                                        OgcCrs.SUPPORTED.stream()
                                                .map(OgcCrs::uri)
                                                .toList()) + "; got '" + value + "'."));
    }

    /**
     * Four numbers, or six (3D: heights ignored), in the bbox-crs's axis order. The northing or latitude
     * pair must ascend; in CRS84, degrees must lie on the globe; only longitudes may run west to east
     * across the antimeridian.
     */
    private static double[] parseBbox(String text, OgcCrs crs) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw Problem.invalidParameter(
                    "bbox", "'bbox' is 4 numbers (or 6 with heights), comma-separated; got " + parts.length + ".");
        }
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw Problem.invalidParameter("bbox", "'bbox' holds numbers only; '" + parts[i] + "' is not one.");
            }
            if (!Double.isFinite(numbers[i])) {
                throw Problem.invalidParameter("bbox", "'bbox' holds finite numbers only.");
            }
        }
        double[] box = parts.length == 4 ? numbers : new double[] {numbers[0], numbers[1], numbers[3], numbers[4]};
        int y = crs.firstAxisIsY() ? 0 : 1;
        int x = 1 - y;
        if (box[y] > box[y + 2]) {
            throw Problem.invalidParameter(
                    "bbox",
                    "The bbox's " + (crs.srid() == 4326 ? "south" : "lower") + " edge (number " + (y + 1)
                            + ") must not lie above its " + (crs.srid() == 4326 ? "north" : "upper") + " edge (number "
                            + (y + 3) + ").");
        }
        // In EPSG:4326 (latitude first) a box beyond ±90° is most likely lon/lat sent in the wrong order,
        // but the OGC test suite (1.9) sends exactly that and expects 200: it is answered (with the
        // parcels at those coordinates, none) rather than refused. CRS84 has no such ambiguity.
        if (crs.equals(OgcCrs.CRS84)) {
            requireDegrees(box[y], box[y + 2], 90, "Latitudes");
            requireDegrees(box[x], box[x + 2], 180, "Longitudes");
        } else if (crs.srid() != 4326 && box[x] > box[x + 2]) {
            throw Problem.invalidParameter(
                    "bbox", "The bbox's western edge (number " + (x + 1) + ") must not lie east of its eastern one.");
        }
        return box;
    }

    private static void requireDegrees(double low, double high, double limit, String what) {
        if (Math.abs(low) > limit || Math.abs(high) > limit) {
            throw Problem.invalidParameter(
                    "bbox",
                    what + " in a bbox lie between -" + (int) limit + " and " + (int) limit + " degrees; got " + low
                            + " and " + high + ".");
        }
    }

    /**
     * The valid time to read: an instant (the registry as of then) or an interval (each feature in its
     * latest state within it). Open ends and the future stop at the snapshot.
     */
    private static Time parseTime(OgcCollection collection, String value, Instant snapshot) {
        if (value == null) {
            return new Time(snapshot, snapshot);
        }
        if (!collection.temporal()) {
            throw Problem.invalidParameter("datetime", "Collection '" + collection.id() + "' has no valid time.");
        }
        String[] ends = value.split("/", -1);
        if (ends.length == 1) {
            Instant instant = earliest(instant(ends[0], false), snapshot);
            return new Time(instant, instant);
        }
        if (ends.length != 2 || (isOpen(ends[0]) && isOpen(ends[1]))) {
            throw Problem.invalidParameter(
                    "datetime",
                    "'datetime' is an instant (2024-03-01T00:00:00Z), or an interval"
                            + " start/end where one end may be '..' (2020-01-01T00:00:00Z/..); got '" + value + "'.");
        }
        Instant start = isOpen(ends[0]) ? FAR_PAST : instant(ends[0], false);
        if (!isOpen(ends[1]) && instant(ends[1], true).isBefore(start)) {
            throw Problem.invalidParameter("datetime", "The interval ends before it starts.");
        }
        // The registry knows nothing later than its snapshot: the future reads as the registry now,
        // as an instant in the future does.
        Instant end = isOpen(ends[1]) ? snapshot : earliest(instant(ends[1], true), snapshot);
        return new Time(earliest(start, end), end);
    }

    private static boolean isOpen(String end) {
        return end.isEmpty() || end.equals("..");
    }

    /** An RFC 3339 date-time, or a date (its start, or its end when {@code endOfDay}). */
    private static Instant instant(String text, boolean endOfDay) {
        return DateTimes.parseInstant(text)
                .or(() -> DateTimes.parseDate(text).map(date -> (endOfDay ? date.plusDays(1) : date)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC)))
                .orElseThrow(() -> Problem.invalidParameter(
                        "datetime",
                        "'" + text + "' is not an RFC 3339 instant such as 2024-03-01T00:00:00Z, nor a date such as"
                                + " 2024-03-01 (" + DateTimes.YEARS + ")."));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Optional<SqlFilter> parseFilter(
            OgcCollection collection, Map<String, String> single, JsonMapper json, Builder builder) {
        String text = single.get("filter");
        String language = single.getOrDefault("filter-lang", "cql2-text");
        if (text == null) {
            if (single.containsKey("filter-lang") || single.containsKey("filter-crs")) {
                throw Problem.invalidParameter("filter", "'filter-lang' and 'filter-crs' go with a 'filter'.");
            }
            return Optional.empty();
        }
        OgcCrs filterCrs = builder.filterCrs;
        try {
            Expression expression =
                    switch (language) {
                        case "cql2-text" -> Cql2Text.parse(text);
                        case "cql-text" -> Cql2Text.parseDraft(text);
                        case "cql2-json" -> Cql2Json.parse(readJson(json, text));
                        default ->
                            throw Problem.invalidParameter(
                                    "filter-lang",
                                    "'filter-lang' is cql2-text (the default), cql2-json, or cql-text (the draft CQL GDAL"
                                            + " writes); got '" + language + "'.");
                    };
            collectGeometries(expression, builder.filterGeometries);
            return Optional.of(Cql2Sql.toSql(
                    expression,
                    collection.queryables(),
                    filterCrs.toStorage("ST_GeomFromText(?, " + filterCrs.srid() + ")")));
        } catch (Cql2Exception e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("parameter", "filter");
            if (e.position() >= 0) {
                fields.put("position", e.position());
            }
            if (!e.path().isEmpty()) {
                fields.put("path", e.path());
            }
            throw new Problem(OgcProblem.INVALID_FILTER, e.getMessage(), fields);
        }
    }

    private static void collectGeometries(Expression expression, List<Geometry> geometries) {
        if (expression instanceof Expression.GeometryLiteral literal) {
            geometries.add(literal.geometry());
        } else if (expression instanceof Expression.Call call) {
            call.args().forEach(argument -> collectGeometries(argument, geometries));
        } else if (expression instanceof Expression.ArrayLiteral array) {
            array.items().forEach(item -> collectGeometries(item, geometries));
        }
    }

    private static tools.jackson.databind.JsonNode readJson(JsonMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new Problem(
                    OgcProblem.INVALID_FILTER,
                    "The cql2-json filter is not valid JSON: " + e.getOriginalMessage(),
                    Map.of("parameter", "filter"));
        }
    }

    /** {@code sortby=+name,-areaSquareMetres}: a sortable property each, ascending unless prefixed with -. */
    private static List<Sort> parseSortBy(OgcCollection collection, String value) {
        List<Sort> sorts = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return sorts;
        }
        for (String item : value.split(",", -1)) {
            String term = item.strip();
            boolean descending = term.startsWith("-");
            String name = term.startsWith("-") || term.startsWith("+")
                    ? term.substring(1).strip()
                    : term;
            String expression = collection.sortables().get(name);
            if (expression == null) {
                throw Problem.invalidParameter(
                        "sortby",
                        "Cannot sort by '" + name + "'. Sortable: "
                                + String.join(", ", collection.sortables().keySet()) + " (prefix - for descending).");
            }
            if (sorts.stream().anyMatch(sort -> sort.property().equals(name))) {
                throw Problem.invalidParameter("sortby", "'" + name + "' appears twice in sortby.");
            }
            sorts.add(new Sort(name, expression, descending));
        }
        return sorts;
    }

    private static List<String> parseProperties(OgcCollection collection, String value) {
        if (value == null) {
            return new ArrayList<>(collection.properties().keySet());
        }
        List<String> properties = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String name = item.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!collection.properties().containsKey(name)) {
                throw Problem.invalidParameter(
                        "properties",
                        "No property '" + name + "'. Properties: "
                                + String.join(", ", collection.properties().keySet()) + ".");
            }
            if (!properties.contains(name)) {
                properties.add(name);
            }
        }
        return properties;
    }

    /** The query's identity, whatever its page: its parameters but the cursor and the format. */
    private static String fingerprint(Map<String, String> parameters) {
        Map<String, String> sorted = new TreeMap<>(parameters);
        sorted.remove("cursor");
        sorted.remove("f");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(sorted.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SQL and its parameters, in the order of their placeholders. */
    record Statement(String sql, List<Object> parameters) {

        /** The statement prepared on {@code connection} with every parameter bound. */
        PreparedStatement prepare(Connection connection) throws SQLException {
            PreparedStatement prepared = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                prepared.setObject(i + 1, parameters.get(i));
            }
            return prepared;
        }
    }

    /**
     * A statement that says whether the bbox (first column) or a filter geometry (second) lies where its
     * CRS cannot be transformed to lon/lat; empty when both are already lon/lat. Run before the page's
     * statement, it turns PROJ's error into the caller's 400 instead of our 500.
     */
    Optional<Statement> transformCheck() {
        boolean bboxNeedsCheck = bbox.isPresent() && bboxCrs.srid() != 4326;
        boolean filterNeedsCheck = !filterGeometries.isEmpty() && filterCrs.srid() != 4326;
        if (!bboxNeedsCheck && !filterNeedsCheck) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>();
        String bboxFails = "false";
        if (bboxNeedsCheck) {
            bboxFails = bboxCrs.toStorageOrNull("ST_MakeEnvelope(?, ?, ?, ?, " + bboxCrs.srid() + ")") + " IS NULL";
            addBboxParameters(parameters, bbox.get());
        }
        List<String> filterChecks = new ArrayList<>(List.of("false"));
        if (filterNeedsCheck) {
            for (Geometry geometry : filterGeometries) {
                filterChecks.add(
                        filterCrs.toStorageOrNull("ST_GeomFromText(?, " + filterCrs.srid() + ")") + " IS NULL");
                parameters.add(new WKTWriter().write(geometry));
            }
        }
        return Optional.of(new Statement("SELECT " + bboxFails + ", " + String.join(" OR ", filterChecks), parameters));
    }

    /**
     * One statement for the page: the features (limit + 1, to know whether another page follows), each
     * with its id and sort keys, after the cursor's position in the cursor's direction.
     */
    Statement statement() {
        List<Object> parameters = new ArrayList<>();
        boolean forward = cursor.map(PageToken::forward).orElse(true);
        StringBuilder sql =
                new StringBuilder("SELECT ").append(collection.idColumn()).append(" AS id");
        for (int i = 0; i < sorts.size(); i++) {
            sql.append(", ").append(sorts.get(i).expression()).append(" AS k").append(i);
        }
        sql.append(",\n       ").append(featureText()).append(" AS feature\n");
        appendFromWhere(sql, parameters);
        cursor.ifPresent(token -> sql.append("\n  AND ").append(keyset(token, parameters)));
        sql.append("\nORDER BY ");
        for (Sort sort : sorts) {
            sql.append(sort.expression()).append(sort.descending() == forward ? " DESC, " : " ASC, ");
        }
        sql.append(collection.idColumn()).append(forward ? " ASC" : " DESC").append("\nLIMIT ?");
        parameters.add(limit + 1);
        return new Statement(sql.toString(), parameters);
    }

    /** Every selected feature as GeoJSON text, in id order, without a limit: for bulk downloads. */
    Statement everyFeature() {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(featureText()).append(" AS feature\n");
        appendFromWhere(sql, parameters);
        sql.append("\nORDER BY ").append(collection.idColumn());
        return new Statement(sql.toString(), parameters);
    }

    /**
     * Every selected feature as a row, in id order, without a limit: its id, its geometry as WKB in the
     * query's CRS, then one column per selected property, named after it.
     */
    Statement everyRow() {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(collection.idColumn())
                .append(" AS id, ST_AsBinary(")
                .append(crs.fromStorage(collection.geometryColumn()))
                .append(") AS geometry, properties.*\n");
        appendFromWhere(sql, parameters);
        sql.append("\nORDER BY ").append(collection.idColumn());
        return new Statement(sql.toString(), parameters);
    }

    /** A feature as GeoJSON text, written by PostGIS. */
    private String featureText() {
        return "'{\"type\":\"Feature\",\"id\":' || " + collection.idColumn()
                + " || ',\"geometry\":' || ST_AsGeoJSON(" + crs.fromStorage(collection.geometryColumn()) + ", "
                + crs.decimals() + ", 0)"
                + " || ',\"properties\":' || row_to_json(properties)::text || '}'";
    }

    /** The rows at the requested time with their selected properties, narrowed by bbox, equalities and filter. */
    private void appendFromWhere(StringBuilder sql, List<Object> parameters) {
        boolean during = collection.temporal() && (!time.instant() || collection.from() == null);
        if (during) {
            sql.append(collection.fromDuring());
            parameters.add(Timestamp.from(time.end()));
            parameters.add(Timestamp.from(time.start()));
        } else {
            sql.append(collection.from());
        }
        sql.append("CROSS JOIN LATERAL (SELECT ");
        for (int i = 0; i < properties.size(); i++) {
            String name = properties.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append(collection.properties().get(name))
                    .append(" AS \"")
                    .append(name)
                    .append('"');
        }
        sql.append(") AS properties\nWHERE ");
        if (during) {
            sql.append("true");
        } else {
            sql.append(collection.whereAt());
            if (collection.temporal()) {
                parameters.add(Timestamp.from(time.end()));
                parameters.add(Timestamp.from(time.end()));
            }
        }
        bbox.ifPresent(box -> {
            sql.append("\n  AND ST_Intersects(")
                    .append(collection.geometryColumn())
                    .append(", ")
                    .append(envelope(box))
                    .append(")");
            addBboxParameters(parameters, box);
        });
        equalities.forEach((expression, value) -> {
            sql.append("\n  AND ").append(expression).append(" = ?");
            parameters.add(value);
        });
        filter.ifPresent(sqlFilter -> {
            sql.append("\n  AND (").append(sqlFilter.sql()).append(")");
            parameters.addAll(sqlFilter.parameters());
        });
    }

    /** Rows strictly after (or, going back, before) the cursor's row in the sort order. */
    private String keyset(PageToken token, List<Object> parameters) {
        List<String> expressions = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (Sort sort : sorts) {
            expressions.add(sort.expression());
            descending.add(sort.descending());
        }
        expressions.add(collection.idColumn());
        descending.add(false);
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            StringBuilder alternative = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                alternative.append(expressions.get(j)).append(" = ? AND ");
                parameters.add(token.keys().get(j));
            }
            boolean greater = descending.get(i) != token.forward();
            alternative
                    .append(expressions.get(i))
                    .append(greater ? " > ?" : " < ?")
                    .append(")");
            parameters.add(token.keys().get(i));
            alternatives.add(alternative.toString());
        }
        return "(" + String.join(" OR ", alternatives) + ")";
    }

    /** The bbox as a lon/lat geometry; across the antimeridian (west east of east) as two boxes. */
    private String envelope(double[] box) {
        if (acrossAntimeridian(box)) {
            return "ST_Collect(ST_MakeEnvelope(?, ?, 180, ?, 4326), ST_MakeEnvelope(-180, ?, ?, ?, 4326))";
        }
        return bboxCrs.toStorage("ST_MakeEnvelope(?, ?, ?, ?, " + bboxCrs.srid() + ")");
    }

    private void addBboxParameters(List<Object> parameters, double[] box) {
        if (acrossAntimeridian(box)) {
            // west, south, east, north whichever axis comes first
            int lat = bboxCrs.firstAxisIsY() ? 0 : 1;
            double west = box[1 - lat];
            double south = box[lat];
            double east = box[3 - lat];
            double north = box[lat + 2];
            parameters.addAll(List.of(west, south, north, south, east, north));
        } else {
            parameters.addAll(List.of(box[0], box[1], box[2], box[3]));
        }
    }

    private boolean acrossAntimeridian(double[] box) {
        int lon = bboxCrs.firstAxisIsY() ? 1 : 0;
        return bboxCrs.srid() == 4326 && box[lon] > box[lon + 2];
    }
}
