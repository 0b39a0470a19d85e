package org.tierra.parcels;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;
import org.tierra.geo.GeometryFinding;
import org.tierra.geo.GeometryInput;
import org.tierra.geo.SourceCrs;
import org.tierra.trusts.Trust;
import tools.jackson.databind.JsonNode;

/**
 * Splitting and merging parcels. Each is one transaction: the parents are retired, the children created,
 * the lineage recorded, versions and audit entries written from one {@link Change}; any failure leaves the
 * registry as it was. Land is neither lost nor invented: a split's children cover exactly their parent
 * and do not overlap each other, and only neighbouring parcels merge, all within the trust's tolerance.
 * The writing rules (who writes, versions, codes, overlaps, leases) are {@link ParcelWrites}'s.
 */
public final class SplitsAndMerges {

    /** Parcels closer than this (metres) count as neighbours for a merge: survey noise, not a gap. */
    static final double ADJACENCY_METRES = 0.5;

    private final Database database;
    private final AuditLog audit;
    private final BoundaryReader boundaries;
    private final ParcelWrites writes;
    private final ParcelRepository parcels;

    public SplitsAndMerges(Database database, AuditLog audit, BoundaryReader boundaries, ParcelWrites writes) {
        this.database = database;
        this.audit = audit;
        this.boundaries = boundaries;
        this.writes = writes;
        this.parcels = new ParcelRepository(database);
    }

    /**
     * A split as it was written: the retired parent and its children as they now are.
     *
     * @param parentAreaSquareMetres geodesic, as stored
     * @param childrenAreaSquareMetres the children's geodesic areas, summed
     */
    public record SplitResult(
            ParcelRepository.ParcelFeature parent,
            List<ParcelRepository.ParcelFeature> children,
            double parentAreaSquareMetres,
            double childrenAreaSquareMetres) {}

    /**
     * A merge as it was written: the merged parcel and its retired parents as they now are.
     *
     * @param parentsAreaSquareMetres the parents' geodesic areas, summed
     * @param mergedAreaSquareMetres geodesic
     */
    public record MergeResult(
            ParcelRepository.ParcelFeature parcel,
            List<ParcelRepository.ParcelFeature> parents,
            double parentsAreaSquareMetres,
            double mergedAreaSquareMetres) {}

    /** A child to create: its attributes (inherited from the parent unless given) and boundary. */
    private record Child(ParcelAttributes attributes, MultiPolygon geometry, int sourceSrid) {}

    /**
     * Splits parcel {@code split.id()} as {@code caller}: the parent is retired, the children created.
     *
     * @throws Problem 404, 403, 409 ({@code parcel-retired}), 428 or 412 as for any change of the parent;
     *     422 when the line does not cut it, a child is invalid or the children do not cover it exactly
     *     ({@code children-do-not-cover-parent}, {@code children-overlap}); 409 ({@code code-taken},
     *     {@code parcels-overlap}, {@code parcel-leased}) when a child's code is taken, a child overlaps
     *     another parcel, or a lease holds the parent
     */
    public SplitResult split(ParcelSplit split, Principal caller, Change change) {
        long id = split.id();
        Split written = database.inTransaction(connection -> {
            Trust trust = ParcelWrites.lockTrustOf(connection, id);
            ParcelWrites.requireWriter(caller, trust);
            ParcelStore.ParcelRow parent = ParcelWrites.lockActiveParcel(connection, id);
            split.expected().requireCurrent("parcel", parent.code(), parent.versionTag());
            SourceCrs crs =
                    BoundaryReader.parseContentCrs(connection, split.format().contentCrs());
            List<Child> children = split.line().isPresent()
                    ? childrenByLine(connection, parent, split.line().get(), crs, split.codes())
                    : childrenByBoundaries(connection, parent, split.children(), crs, trust, split.format());
            requireCoverage(connection, parent, children);
            List<Long> childIds = createChildren(
                    connection, trust, parent, children, change, split.format().language());
            writes.retire(connection, trust, parent, change, ParcelOperation.SPLIT);
            double childrenArea = children.stream()
                    .mapToDouble(child -> ParcelStore.areaSquareMetres(connection, child.geometry()))
                    .sum();
            return new Split(childIds, parent.areaSquareMetres(), childrenArea);
        });
        return new SplitResult(
                feature(id),
                written.childIds().stream().map(this::feature).toList(),
                written.parentArea(),
                written.childrenArea());
    }

    private record Split(List<Long> childIds, double parentArea, double childrenArea) {}

    private ParcelRepository.ParcelFeature feature(long id) {
        return parcels.findCurrentFeature(id, false).orElseThrow();
    }

    /** Cuts the parent along {@code line}: the pieces of the parent's area between its edges and the line. */
    private static List<Child> childrenByLine(
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
            children.add(new Child(ParcelAttributes.inherited(code), geometry, parent.sourceSrid()));
        }
        return children;
    }

    /** The children as drawn by the client, each checked like any boundary. */
    private List<Child> childrenByBoundaries(
            Connection connection,
            ParcelStore.ParcelRow parent,
            List<ParcelSplit.Child> drawn,
            SourceCrs crs,
            Trust trust,
            BoundaryFormat format) {
        if (drawn.size() < 2) {
            throw Problem.invalidField("children", "A split makes at least two parcels.");
        }
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            ParcelSplit.Child child = drawn.get(i);
            String code = defaultCode(parent, i);
            ParcelAttributes attributes = child.attributes()
                    .map(given -> given.code().isPresent() ? given : given.withCode(code))
                    .orElse(ParcelAttributes.inherited(code));
            attributes.requireKnownCodes(connection);
            String path = "children[" + i + "].geometry";
            JsonNode geometry =
                    child.geometry().orElseThrow(() -> Problem.invalidField(path, "Each child needs its boundary."));
            BoundaryReader.Boundary boundary =
                    boundaries.read(connection, geometry, crs, trust.id(), format.language());
            children.add(new Child(attributes, boundary.geometry(), boundary.sourceSrid()));
        }
        return children;
    }

    /**
     * The children must cover the parent and nothing more, within the trust's tolerance, and must not
     * overlap each other: land is neither lost nor invented by a split.
     */
    private static void requireCoverage(Connection connection, ParcelStore.ParcelRow parent, List<Child> children) {
        Coverage coverage = Sql.on(connection, """
                        WITH children AS (
                            SELECT ST_Union(ST_GeomFromWKB(decode(wkb, 'hex'), 4326)) AS u
                            FROM unnest(CAST(:children AS text[])) AS wkb
                        )
                        SELECT ST_Area(ST_CollectionExtract(ST_Difference(p.geom, c.u), 3)::geography) AS uncovered,
                               ST_Area(ST_CollectionExtract(ST_Difference(c.u, p.geom), 3)::geography) AS outside,
                               t.overlap_tolerance_m2 AS tolerance
                        FROM parcel p JOIN trust t ON t.id = p.trust_id, children c
                        WHERE p.id = :parent
                        """)
                .bind(
                        "children",
                        children.stream().map(child -> hexWkb(child.geometry())).toList())
                .bind("parent", parent.id())
                .get(row ->
                        new Coverage(row.getDouble("uncovered"), row.getDouble("outside"), row.getDouble("tolerance")));
        for (int i = 0; i < children.size(); i++) {
            for (int j = i + 1; j < children.size(); j++) {
                double overlap = pairOverlap(
                        connection, children.get(i).geometry(), children.get(j).geometry());
                if (overlap > coverage.tolerance()) {
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
        if (coverage.uncovered() > coverage.tolerance() || coverage.outside() > coverage.tolerance()) {
            throw new Problem(
                    ParcelProblem.CHILDREN_DO_NOT_COVER_PARENT,
                    String.format(
                            Locale.ROOT,
                            "The children leave %.2f m² of parcel %s uncovered and reach %.2f m² beyond it;"
                                    + " within %.2f m² both ways, they must cover exactly the parent.",
                            coverage.uncovered(),
                            parent.code(),
                            coverage.outside(),
                            coverage.tolerance()),
                    Map.of(
                            "uncoveredSquareMetres",
                            Areas.rounded(coverage.uncovered()),
                            "outsideSquareMetres",
                            Areas.rounded(coverage.outside())));
        }
    }

    /** How the children meet their parent (m²): its land they leave out, land they add, what is tolerated. */
    private record Coverage(double uncovered, double outside, double tolerance) {}

    private static double pairOverlap(Connection connection, Geometry a, Geometry b) {
        return Sql.on(connection, """
                        SELECT ST_Area(ST_CollectionExtract(ST_Intersection(ST_GeomFromWKB(:a, 4326),
                                                                            ST_GeomFromWKB(:b, 4326)), 3)::geography)
                               AS overlap_m2
                        """)
                .bind("a", Geometries.toWkb(a))
                .bind("b", Geometries.toWkb(b))
                .get(row -> row.getDouble("overlap_m2"));
    }

    private List<Long> createChildren(
            Connection connection,
            Trust trust,
            ParcelStore.ParcelRow parent,
            List<Child> children,
            Change change,
            Locale language) {
        Set<String> codes = new HashSet<>();
        for (Child child : children) {
            String code = child.attributes().code().orElseThrow();
            if (!codes.add(code)) {
                throw Problem.invalidField("codes", "Two children have the code " + code + ".");
            }
            ParcelWrites.requireFreeCode(connection, trust, code, 0);
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
        change.mark(connection, ParcelOperation.SPLIT.databaseCode());
        List<Long> ids = new ArrayList<>();
        for (Child child : children) {
            ParcelStore.ParcelRow values = child.attributes().over(parent);
            long childId = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewRow(
                            trust.id(),
                            values.code(),
                            values.name(),
                            values.tenureCategory(),
                            values.landUse(),
                            values.status(),
                            values.notes(),
                            child.geometry(),
                            child.sourceSrid()));
            ParcelStore.recordLineage(connection, parent.id(), childId, LineageOperation.SPLIT);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "parcel",
                            childId,
                            "create",
                            Map.of("code", values.code(), "splitFrom", parent.code())));
            ids.add(childId);
        }
        return ids;
    }

    /**
     * Merges the parcels {@code merge.ids()} as {@code caller}: the parents are retired, the merged parcel
     * created.
     *
     * @throws Problem 404, 403, 409 ({@code parcel-retired}), 428 or 412 as for any change of each parent;
     *     422 when a parent is of another trust, the parents are not neighbours ({@code not-adjacent}), the
     *     new code is missing, or the parents differ in tenure or use and the merge does not say which; 409
     *     ({@code code-taken}, {@code parcels-overlap}, {@code parcel-leased}) when the code is taken, the
     *     merged parcel overlaps another, or a lease holds a parent
     */
    public MergeResult merge(ParcelMerge merge, Principal caller, Change change) {
        List<Long> ids = merge.ids();
        Merged written = database.inTransaction(connection -> {
            Trust trust = ParcelWrites.lockTrustOf(connection, ids.get(0));
            ParcelWrites.requireWriter(caller, trust);
            ParcelAttributes attributes = merge.attributes();
            attributes.requireKnownCodes(connection);
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
                ParcelStore.ParcelRow parent = ParcelWrites.lockActiveParcel(connection, parentId);
                merge.expected().requireCurrent("parcel", parent.code(), parent.versionTag());
                parents.add(parent);
            }
            requireAdjacent(connection, parents);
            MultiPolygon merged = union(connection, parents);
            String code = attributes
                    .code()
                    .orElseThrow(() -> Problem.invalidField("properties.code", "The merged parcel needs a new code."));
            ParcelWrites.requireFreeCode(connection, trust, code, 0);
            ParcelStore.ParcelRow values = attributes.over(parents.get(0));
            requireCommon(parents, attributes);
            writes.rejectOverlaps(connection, trust, merged, ids);
            change.mark(connection, ParcelOperation.MERGE.databaseCode());
            long childId = ParcelStore.insertParcel(
                    connection,
                    new ParcelStore.NewRow(
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
                ParcelStore.recordLineage(connection, parent.id(), childId, LineageOperation.MERGE);
            }
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "parcel",
                            childId,
                            "create",
                            Map.of(
                                    "code",
                                    code,
                                    "mergedFrom",
                                    parents.stream()
                                            .map(ParcelStore.ParcelRow::code)
                                            .toList())));
            for (ParcelStore.ParcelRow parent : parents) {
                writes.retire(connection, trust, parent, change, ParcelOperation.MERGE);
            }
            double parentsArea = parents.stream()
                    .mapToDouble(ParcelStore.ParcelRow::areaSquareMetres)
                    .sum();
            return new Merged(childId, parentsArea, ParcelStore.areaSquareMetres(connection, merged));
        });
        return new MergeResult(
                feature(written.childId()),
                ids.stream().map(this::feature).toList(),
                written.parentsArea(),
                written.mergedArea());
    }

    private record Merged(long childId, double parentsArea, double mergedArea) {}

    /** The parents must form one connected piece of land: each touches another, within survey noise. */
    private static void requireAdjacent(Connection connection, List<ParcelStore.ParcelRow> parents) {
        int count = parents.size();
        boolean[][] touching = new boolean[count][count];
        double[][] distance = new double[count][count];
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                Neighbours neighbours = neighbours(
                        connection, parents.get(i).geometry(), parents.get(j).geometry());
                touching[i][j] = touching[j][i] = neighbours.touching();
                distance[i][j] = distance[j][i] = neighbours.distanceMetres();
            }
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
                        Map.of("parcel", parents.get(i).id(), "distanceMetres", Areas.rounded(nearest)));
            }
        }
    }

    /** Whether two parcels are neighbours (within {@link #ADJACENCY_METRES}), and how far apart they are. */
    private record Neighbours(boolean touching, double distanceMetres) {}

    private static Neighbours neighbours(Connection connection, Geometry a, Geometry b) {
        return Sql.on(connection, """
                        SELECT ST_DWithin(ST_GeomFromWKB(:a, 4326)::geography, ST_GeomFromWKB(:b, 4326)::geography,
                                          :metres) AS touching,
                               ST_Distance(ST_GeomFromWKB(:a, 4326)::geography, ST_GeomFromWKB(:b, 4326)::geography)
                                   AS distance_m
                        """)
                .bind("a", Geometries.toWkb(a))
                .bind("b", Geometries.toWkb(b))
                .bind("metres", BigDecimal.valueOf(ADJACENCY_METRES))
                .get(row -> new Neighbours(row.getBoolean("touching"), row.getDouble("distance_m")));
    }

    private static MultiPolygon union(Connection connection, List<ParcelStore.ParcelRow> parents) {
        return Sql.on(connection, """
                        SELECT ST_AsBinary(ST_Multi(ST_CollectionExtract(
                                   ST_Union(ST_GeomFromWKB(decode(wkb, 'hex'), 4326)), 3))) AS geom
                        FROM unnest(CAST(:parents AS text[])) AS wkb
                        """)
                .bind(
                        "parents",
                        parents.stream()
                                .map(parent -> hexWkb(parent.geometry()))
                                .toList())
                .get(row -> ParcelStore.readMultiPolygon(row.getBytes("geom")));
    }

    /** WKB as hexadecimal text: how a list of geometries is bound as one array parameter. */
    private static String hexWkb(Geometry geometry) {
        return WKBWriter.toHex(Geometries.toWkb(geometry));
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

    /** P-07 splits into P-07-A, P-07-B, ... */
    private static String defaultCode(ParcelStore.ParcelRow parent, int index) {
        return parent.code() + "-" + (char) ('A' + index);
    }
}
