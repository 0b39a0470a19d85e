package org.tierra.parcels;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.SourceCrs;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.http.Language;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.trusts.Trust;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splitting and merging parcels: {@code POST /api/v1/parcels/{id}/split} (by a cutting line or by the
 * children's boundaries) and {@code POST /api/v1/parcels/merge}. Each is one transaction: the parents
 * are retired, the children created, the lineage recorded, versions and audit entries written; any
 * failure leaves the registry as it was. The answer reports how much area the operation conserved.
 */
public final class SplitMergeRoutes implements RouteGroup {

    /** Parcels closer than this (metres) count as neighbours for a merge: survey noise, not a gap. */
    static final double ADJACENCY_METRES = 0.5;

    private final Database database;
    private final JsonMapper json;
    private final AuditLog audit;
    private final BoundaryReader boundaries;
    private final ParcelWriteRoutes writes;
    private final ParcelRepository parcels;

    public SplitMergeRoutes(
            Database database, JsonMapper json, AuditLog audit, BoundaryReader boundaries, ParcelWriteRoutes writes) {
        this.database = database;
        this.json = json;
        this.audit = audit;
        this.boundaries = boundaries;
        this.writes = writes;
        this.parcels = new ParcelRepository(database);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/parcels/{id}/split", this::split, Access.SIGNED_IN);
        routes.post("/api/v1/parcels/merge", this::merge, Access.SIGNED_IN);
    }

    /** A child to create: its code, attributes (inherited unless given) and boundary. */
    private record Child(
            ParcelAttributes attributes, MultiPolygon geometry, int sourceSrid, List<GeometryFinding> warnings) {}

    private void split(Context ctx) {
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Map<Long, Integer> expected = Preconditions.expectedVersions(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("reason", "line", "codes", "children"));
        String reason = body.requiredText("reason");
        Optional<JsonNode> line = body.optionalNode("line");
        List<JsonNode> childFeatures = body.optionalNodes("children");
        if (line.isPresent() == !childFeatures.isEmpty()) {
            throw Problem.invalidField(
                    "line",
                    "Split by a cutting 'line' (a GeoJSON LineString) or by the 'children'"
                            + " (GeoJSON Features with their boundaries): one of the two.");
        }
        List<String> codes = body.optionalTexts("codes");
        Locale language = Language.of(ctx);
        String requestId = HttpServer.requestId(ctx);
        SplitResult result = database.inTransaction(connection -> {
            Trust trust = ParcelWriteRoutes.lockTrustOf(connection, id);
            ParcelWriteRoutes.requireWriter(principal, trust);
            ParcelStore.ParcelRow parent = ParcelWriteRoutes.lockActiveParcel(connection, id);
            Preconditions.requireCurrent(expected, parent);
            SourceCrs crs = BoundaryReader.parseContentCrs(
                    connection, Optional.ofNullable(ctx.header(ParcelWriteRoutes.CONTENT_CRS)));
            List<Child> children = line.isPresent()
                    ? childrenByLine(connection, parent, line.get(), crs, codes)
                    : childrenByBoundaries(connection, parent, childFeatures, crs, trust, language);
            requireCoverage(connection, parent, children);
            List<Long> childIds =
                    createChildren(connection, principal, trust, parent, children, reason, requestId, language);
            writes.retire(connection, principal, trust, parent, reason, requestId, "split");
            double childrenArea = children.stream()
                    .mapToDouble(child -> ParcelStore.areaSquareMetres(connection, child.geometry()))
                    .sum();
            return new SplitResult(childIds, parent.areaSquareMetres(), childrenArea);
        });
        ctx.status(201)
                .contentType(ParcelRoutes.GEOJSON)
                .result(json.writeValueAsString(Json.fields(
                        "parent",
                                json.readTree(parcels.findCurrentFeature(id, false)
                                        .orElseThrow()
                                        .json()),
                        "children",
                                result.childIds().stream()
                                        .map(childId -> json.readTree(parcels.findCurrentFeature(childId, false)
                                                .orElseThrow()
                                                .json()))
                                        .toList(),
                        "areaParentSquareMetres", round(result.parentArea()),
                        "areaChildrenSquareMetres", round(result.childrenArea()),
                        "areaDifferenceSquareMetres", round(result.childrenArea() - result.parentArea()))));
    }

    private record SplitResult(List<Long> childIds, double parentArea, double childrenArea) {}

    /** Cuts the parent along {@code line}: the pieces of the parent's area between its edges and the line. */
    private List<Child> childrenByLine(
            Connection connection, ParcelStore.ParcelRow parent, JsonNode lineJson, SourceCrs crs, List<String> codes) {
        LineString line = LineInput.read(connection, lineJson, crs);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(parent.geometry().getBoundary().union(line));
        List<Polygon> pieces = new ArrayList<>();
        for (Object polygon : polygonizer.getPolygons()) {
            Polygon piece = (Polygon) polygon;
            if (parent.geometry().contains(piece.getInteriorPoint())) {
                pieces.add(piece);
            }
        }
        if (pieces.size() < 2) {
            throw Problem.invalidField(
                    "line",
                    "The line does not cut parcel " + parent.code()
                            + " in two: it must cross the parcel from one edge to another.");
        }
        pieces.sort((a, b) -> Double.compare(b.getArea(), a.getArea())); // the largest piece first: A
        if (!codes.isEmpty() && codes.size() != pieces.size()) {
            throw Problem.invalidField(
                    "codes",
                    "The line cuts " + pieces.size() + " pieces; give " + pieces.size() + " codes, or none for "
                            + defaultCode(parent, 0) + ", " + defaultCode(parent, 1) + ", ...");
        }
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            String code = codes.isEmpty() ? defaultCode(parent, i) : codes.get(i);
            MultiPolygon geometry = Geometries.FACTORY.createMultiPolygon(new Polygon[] {pieces.get(i)});
            children.add(new Child(inherited(code), geometry, parent.sourceSrid(), List.of()));
        }
        return children;
    }

    /** The children as drawn by the client, each checked like any boundary. */
    private List<Child> childrenByBoundaries(
            Connection connection,
            ParcelStore.ParcelRow parent,
            List<JsonNode> features,
            SourceCrs crs,
            Trust trust,
            Locale language) {
        if (features.size() < 2) {
            throw Problem.invalidField("children", "A split makes at least two parcels.");
        }
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            String path = "children[" + i + "]";
            JsonBody feature = JsonBody.of(features.get(i), path, Set.of("type", "properties", "geometry"));
            ParcelAttributes attributes = feature.optionalObject("properties", ParcelAttributes.FIELDS)
                    .map(properties -> ParcelAttributes.read(connection, properties))
                    .orElse(inherited(defaultCode(parent, i)));
            if (attributes.code().isEmpty()) {
                attributes = withCode(attributes, defaultCode(parent, i));
            }
            JsonNode geometry = feature.optionalNode("geometry")
                    .orElseThrow(() -> Problem.invalidField(path + ".geometry", "Each child needs its boundary."));
            BoundaryReader.Boundary boundary = boundaries.read(connection, geometry, crs, trust.id(), language);
            children.add(new Child(attributes, boundary.geometry(), boundary.sourceSrid(), boundary.warnings()));
        }
        return children;
    }

    private static final String COVERAGE = """
            WITH children AS (SELECT ST_Union(ST_GeomFromWKB(wkb, 4326)) AS u FROM unnest(?::bytea[]) AS wkb)
            SELECT ST_Area(ST_CollectionExtract(ST_Difference(p.geom, c.u), 3)::geography) AS uncovered,
                   ST_Area(ST_CollectionExtract(ST_Difference(c.u, p.geom), 3)::geography) AS outside,
                   t.overlap_tolerance_m2 AS tolerance
            FROM parcel p JOIN trust t ON t.id = p.trust_id, children c
            WHERE p.id = ?
            """;

    private static final String CHILD_OVERLAP = """
            SELECT ST_Area(ST_CollectionExtract(ST_Intersection(ST_GeomFromWKB(?, 4326), ST_GeomFromWKB(?, 4326)), 3)::geography)
            """;

    /**
     * The children must cover the parent and nothing more, within the trust's tolerance, and must not
     * overlap each other: land is neither lost nor invented by a split.
     */
    private static void requireCoverage(Connection connection, ParcelStore.ParcelRow parent, List<Child> children) {
        double uncovered;
        double outside;
        double tolerance;
        try (PreparedStatement statement = connection.prepareStatement(COVERAGE)) {
            statement.setArray(
                    1,
                    connection.createArrayOf(
                            "bytea",
                            children.stream()
                                    .map(child -> Geometries.toWkb(child.geometry()))
                                    .toArray(byte[][]::new)));
            statement.setLong(2, parent.id());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                uncovered = row.getDouble("uncovered");
                outside = row.getDouble("outside");
                tolerance = row.getDouble("tolerance");
            }
        } catch (SQLException e) {
            throw new DatabaseException(COVERAGE, e);
        }
        for (int i = 0; i < children.size(); i++) {
            for (int j = i + 1; j < children.size(); j++) {
                double overlap = pairOverlap(
                        connection, children.get(i).geometry(), children.get(j).geometry());
                if (overlap > tolerance) {
                    throw new Problem(
                            ParcelProblem.CHILDREN_OVERLAP,
                            String.format(
                                    Locale.ROOT,
                                    "Children %s and %s overlap by %.2f m²; a split's parts must not overlap.",
                                    children.get(i).attributes().code().orElseThrow(),
                                    children.get(j).attributes().code().orElseThrow(),
                                    overlap),
                            Map.of());
                }
            }
        }
        if (uncovered > tolerance || outside > tolerance) {
            throw new Problem(
                    ParcelProblem.CHILDREN_DO_NOT_COVER_PARENT,
                    String.format(
                            Locale.ROOT,
                            "The children leave %.2f m² of parcel %s uncovered and reach %.2f m² beyond it;"
                                    + " within %.2f m² both ways, they must cover exactly the parent.",
                            uncovered,
                            parent.code(),
                            outside,
                            tolerance),
                    Map.of("uncoveredSquareMetres", round(uncovered), "outsideSquareMetres", round(outside)));
        }
    }

    private static double pairOverlap(Connection connection, Geometry a, Geometry b) {
        try (PreparedStatement statement = connection.prepareStatement(CHILD_OVERLAP)) {
            statement.setBytes(1, Geometries.toWkb(a));
            statement.setBytes(2, Geometries.toWkb(b));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getDouble(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CHILD_OVERLAP, e);
        }
    }

    private List<Long> createChildren(
            Connection connection,
            Principal principal,
            Trust trust,
            ParcelStore.ParcelRow parent,
            List<Child> children,
            String reason,
            String requestId,
            Locale language) {
        Set<String> codes = new HashSet<>();
        for (Child child : children) {
            String code = child.attributes().code().orElseThrow();
            if (!codes.add(code)) {
                throw Problem.invalidField("codes", "Two children have the code " + code + ".");
            }
            ParcelWriteRoutes.requireFreeCode(connection, trust, code, 0);
            List<GeometryFinding> findings = GeometryInput.validate(child.geometry());
            if (!findings.isEmpty()) {
                throw BoundaryReader.invalidGeometry(
                        "Child " + code + " would not be a valid boundary.",
                        List.of(Map.of(
                                "rule",
                                findings.get(0).rule(),
                                "message",
                                findings.get(0).message(language))));
            }
            writes.rejectOverlaps(connection, trust, child.geometry(), List.of(parent.id()));
        }
        Change.by(principal, reason, requestId).mark(connection, "split");
        List<Long> ids = new ArrayList<>();
        for (Child child : children) {
            ParcelStore.ParcelRow values = child.attributes().over(parent);
            long childId = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewParcel(
                            trust.id(),
                            values.code(),
                            values.name(),
                            values.tenureCategory(),
                            values.landUse(),
                            values.status(),
                            values.notes(),
                            child.geometry(),
                            child.sourceSrid()));
            ParcelStore.recordLineage(connection, parent.id(), childId, "split");
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "parcel",
                            Long.toString(childId),
                            "create",
                            Map.of("code", values.code(), "splitFrom", parent.code())));
            ids.add(childId);
        }
        return ids;
    }

    private void merge(Context ctx) {
        Principal principal = Callers.get(ctx);
        Map<Long, Integer> expected = Preconditions.expectedVersions(ctx);
        JsonBody body = JsonBody.read(ctx, json, Set.of("reason", "parcels", "properties"));
        String reason = body.requiredText("reason");
        List<Long> ids =
                body.requiredIds("parcels").stream().distinct().sorted().toList();
        if (ids.size() < 2) {
            throw Problem.invalidField("parcels", "A merge joins at least two parcels.");
        }
        JsonBody properties = body.requiredObject("properties", ParcelAttributes.FIELDS);
        String requestId = HttpServer.requestId(ctx);
        MergeResult result = database.inTransaction(connection -> {
            Trust trust = ParcelWriteRoutes.lockTrustOf(connection, ids.get(0));
            ParcelWriteRoutes.requireWriter(principal, trust);
            ParcelAttributes attributes = ParcelAttributes.read(connection, properties);
            List<ParcelStore.ParcelRow> parents = new ArrayList<>();
            for (long parentId : ids) { // rows locked in id order, as every writer does
                if (ParcelRepository.findTrustId(connection, parentId)
                        .filter(trustId -> trustId == trust.id())
                        .isEmpty()) {
                    throw Problem.invalidField(
                            "parcels",
                            "Parcel " + parentId + " is not a parcel of trust " + trust.code()
                                    + "; only parcels of one trust merge.");
                }
                ParcelStore.ParcelRow parent = ParcelWriteRoutes.lockActiveParcel(connection, parentId);
                Preconditions.requireCurrent(expected, parent);
                parents.add(parent);
            }
            requireAdjacent(connection, parents);
            MultiPolygon merged = union(connection, parents);
            ParcelStore.ParcelRow first = parents.get(0);
            String code = attributes
                    .code()
                    .orElseThrow(() -> Problem.invalidField("properties.code", "The merged parcel needs a new code."));
            ParcelWriteRoutes.requireFreeCode(connection, trust, code, 0);
            ParcelStore.ParcelRow values = attributes.over(first);
            requireCommon(parents, attributes);
            writes.rejectOverlaps(connection, trust, merged, ids);
            Change.by(principal, reason, requestId).mark(connection, "merge");
            long childId = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewParcel(
                            trust.id(),
                            code,
                            values.name(),
                            values.tenureCategory(),
                            values.landUse(),
                            values.status(),
                            values.notes(),
                            merged,
                            Geometries.WGS84));
            for (ParcelStore.ParcelRow parent : parents) {
                ParcelStore.recordLineage(connection, parent.id(), childId, "merge");
            }
            audit.record(
                    connection,
                    Change.by(principal, reason, requestId),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "parcel",
                            Long.toString(childId),
                            "create",
                            Map.of(
                                    "code",
                                    code,
                                    "mergedFrom",
                                    parents.stream()
                                            .map(ParcelStore.ParcelRow::code)
                                            .toList())));
            for (ParcelStore.ParcelRow parent : parents) {
                writes.retire(connection, principal, trust, parent, reason, requestId, "merge");
            }
            double parentsArea = parents.stream()
                    .mapToDouble(ParcelStore.ParcelRow::areaSquareMetres)
                    .sum();
            return new MergeResult(childId, parentsArea, ParcelStore.areaSquareMetres(connection, merged));
        });
        ctx.status(201)
                .contentType(ParcelRoutes.GEOJSON)
                .result(json.writeValueAsString(Json.fields(
                        "parcel",
                                json.readTree(parcels.findCurrentFeature(result.childId(), false)
                                        .orElseThrow()
                                        .json()),
                        "parents",
                                ids.stream()
                                        .map(parentId -> json.readTree(parcels.findCurrentFeature(parentId, false)
                                                .orElseThrow()
                                                .json()))
                                        .toList(),
                        "areaParentsSquareMetres", round(result.parentsArea()),
                        "areaMergedSquareMetres", round(result.mergedArea()),
                        "areaDifferenceSquareMetres", round(result.mergedArea() - result.parentsArea()))));
    }

    private record MergeResult(long childId, double parentsArea, double mergedArea) {}

    private static final String NEIGHBOURS = """
            SELECT ST_DWithin(ST_GeomFromWKB(?, 4326)::geography, ST_GeomFromWKB(?, 4326)::geography, ?),
                   ST_Distance(ST_GeomFromWKB(?, 4326)::geography, ST_GeomFromWKB(?, 4326)::geography)
            """;

    /** The parents must form one connected piece of land: each touches another, within survey noise. */
    private static void requireAdjacent(Connection connection, List<ParcelStore.ParcelRow> parents) {
        int count = parents.size();
        boolean[][] touching = new boolean[count][count];
        double[][] distance = new double[count][count];
        try (PreparedStatement statement = connection.prepareStatement(NEIGHBOURS)) {
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    byte[] a = Geometries.toWkb(parents.get(i).geometry());
                    byte[] b = Geometries.toWkb(parents.get(j).geometry());
                    statement.setBytes(1, a);
                    statement.setBytes(2, b);
                    statement.setDouble(3, ADJACENCY_METRES);
                    statement.setBytes(4, a);
                    statement.setBytes(5, b);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        touching[i][j] = touching[j][i] = row.getBoolean(1);
                        distance[i][j] = distance[j][i] = row.getDouble(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(NEIGHBOURS, e);
        }
        boolean[] reached = new boolean[count];
        List<Integer> frontier = new ArrayList<>(List.of(0));
        reached[0] = true;
        while (!frontier.isEmpty()) {
            int current = frontier.remove(frontier.size() - 1);
            for (int other = 0; other < count; other++) {
                if (touching[current][other] && !reached[other]) {
                    reached[other] = true;
                    frontier.add(other);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            if (!reached[i]) {
                double nearest = Double.MAX_VALUE;
                for (int j = 0; j < count; j++) {
                    if (reached[j]) {
                        nearest = Math.min(nearest, distance[i][j]);
                    }
                }
                throw new Problem(
                        ParcelProblem.NOT_ADJACENT,
                        String.format(
                                Locale.ROOT,
                                "Parcel %s is %.2f m from the others; only neighbouring parcels merge (within %.1f m).",
                                parents.get(i).code(),
                                nearest,
                                ADJACENCY_METRES),
                        Map.of("parcel", parents.get(i).id(), "distanceMetres", round(nearest)));
            }
        }
    }

    private static final String UNION = """
            SELECT ST_AsBinary(ST_Multi(ST_CollectionExtract(ST_Union(ST_GeomFromWKB(wkb, 4326)), 3)))
            FROM unnest(?::bytea[]) AS wkb
            """;

    private static MultiPolygon union(Connection connection, List<ParcelStore.ParcelRow> parents) {
        try (PreparedStatement statement = connection.prepareStatement(UNION)) {
            statement.setArray(
                    1,
                    connection.createArrayOf(
                            "bytea",
                            parents.stream()
                                    .map(parent -> Geometries.toWkb(parent.geometry()))
                                    .toArray(byte[][]::new)));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return ParcelStore.readMultiPolygon(row.getBytes(1));
            }
        } catch (SQLException e) {
            throw new DatabaseException(UNION, e);
        }
    }

    /** Parents held under different tenure or use merge only when the client says what the result is. */
    private static void requireCommon(List<ParcelStore.ParcelRow> parents, ParcelAttributes attributes) {
        if (attributes.tenureCategory().isEmpty()
                && parents.stream()
                                .map(ParcelStore.ParcelRow::tenureCategory)
                                .distinct()
                                .count()
                        > 1) {
            throw Problem.invalidField(
                    "properties.tenureCategory",
                    "The parcels have different tenure categories: say which the merged parcel has.");
        }
        if (attributes.landUse().isEmpty()
                && parents.stream()
                                .map(ParcelStore.ParcelRow::landUse)
                                .distinct()
                                .count()
                        > 1) {
            throw Problem.invalidField(
                    "properties.landUse", "The parcels have different land uses: say which the merged parcel has.");
        }
    }

    private static ParcelAttributes inherited(String code) {
        return new ParcelAttributes(
                Optional.of(code),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private static ParcelAttributes withCode(ParcelAttributes attributes, String code) {
        return new ParcelAttributes(
                Optional.of(code),
                attributes.name(),
                attributes.tenureCategory(),
                attributes.landUse(),
                attributes.status(),
                attributes.notes());
    }

    /** P-07 splits into P-07-A, P-07-B, ... */
    private static String defaultCode(ParcelStore.ParcelRow parent, int index) {
        return parent.code() + "-" + (char) ('A' + index);
    }

    private static double round(double squareMetres) {
        return Math.round(squareMetres * 100) / 100.0;
    }
}
