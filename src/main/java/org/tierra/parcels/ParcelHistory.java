package org.tierra.parcels;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/**
 * A parcel's past, read from {@code parcel_version} and {@code parcel_lineage}: its versions, the
 * difference between two of them, and its lineage. Every method works on the caller's connection.
 */
public final class ParcelHistory {

    private ParcelHistory() {}

    /**
     * One version as listed.
     *
     * @param validTo empty while the version is current
     * @param areaSquareMetres geodesic, rounded to square centimetres
     * @param author who made the change and why: for the trust's own people only, since reasons are free
     *     text and may name someone
     */
    public record Version(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            ParcelOperation operation,
            String code,
            ParcelStatus status,
            double areaSquareMetres,
            Optional<Author> author) {

        /** The same version without who made it and why. */
        public Version withoutAuthor() {
            return new Version(
                    version, validFrom, validTo, operation, code, status, areaSquareMetres, Optional.empty());
        }
    }

    /**
     * Who made a change and why.
     *
     * @param requestId the request that made it; empty for work Tierra did itself
     */
    public record Author(String changedBy, String reason, Optional<String> requestId) {}

    /** Every version of the parcel, oldest first; empty for a parcel that does not exist. */
    public static List<Version> listVersions(Connection connection, long parcelId) {
        return Sql.on(connection, """
                        SELECT version, valid_from, valid_to, operation, code, status, area_m2, changed_by_name,
                               reason, request_id
                        FROM parcel_version
                        WHERE parcel_id = :parcel
                        ORDER BY version
                        """)
                .bind("parcel", parcelId)
                .list(row -> new Version(
                        row.getInt("version"),
                        row.getInstant("valid_from"),
                        row.findInstant("valid_to"),
                        row.getCode("operation", ParcelOperation.class),
                        row.getString("code"),
                        row.getCode("status", ParcelStatus.class),
                        Areas.rounded(row.getDouble("area_m2")),
                        Optional.of(new Author(
                                row.getString("changed_by_name"),
                                row.getString("reason"),
                                row.findString("request_id")))));
    }

    /** Version {@code version} of the parcel as a GeoJSON Feature, written by PostGIS. */
    public static Optional<String> findVersionFeature(Connection connection, long parcelId, int version) {
        return Sql.on(connection, """
                        SELECT '{"type":"Feature","id":' || v.parcel_id
                               || ',"geometry":' || ST_AsGeoJSON(v.geom)
                               || ',"properties":' || row_to_json(properties)::text
                               || '}' AS feature
                        FROM parcel_version v
                        JOIN trust t ON t.id = v.trust_id
                        CROSS JOIN LATERAL (
                            SELECT v.code,
                                   v.name,
                                   t.code AS trust,
                                   v.tenure_category AS "tenureCategory",
                                   v.land_use AS "landUse",
                                   v.status,
                                   v.version,
                                   v.operation,
                                   v.valid_from AS "validFrom",
                                   v.valid_to AS "validTo",
                                   round(v.area_m2::numeric, 2) AS "areaSquareMetres",
                                   round((v.area_m2 / 10000)::numeric, 4) AS "areaHectares",
                                   round(v.perimeter_m::numeric, 2) AS "perimeterMetres"
                        ) AS properties
                        WHERE v.parcel_id = :parcel AND v.version = :version
                        """)
                .bind("parcel", parcelId)
                .bind("version", version)
                .find(row -> row.getString("feature"));
    }

    /**
     * What changed between two versions: each attribute as it was and became; land gained and lost.
     *
     * @param gainedGeoJson the land in {@code to} that was not in {@code from}, as GeoJSON
     * @param lostGeoJson the land in {@code from} that is not in {@code to}, as GeoJSON
     */
    public record Diff(
            int from,
            int to,
            List<AttributeChange> attributes,
            boolean geometryChanged,
            double areaFromSquareMetres,
            double areaToSquareMetres,
            double gainedSquareMetres,
            double lostSquareMetres,
            String gainedGeoJson,
            String lostGeoJson) {}

    /** One attribute as version {@code from} and version {@code to} had it; empty when it had none. */
    public record AttributeChange(String attribute, Optional<String> from, Optional<String> to) {}

    /** The difference between versions {@code from} and {@code to}; empty when either does not exist. */
    public static Optional<Diff> findDiff(Connection connection, long parcelId, int from, int to) {
        return Sql.on(connection, """
                        SELECT a.code AS code_a, b.code AS code_b, a.name AS name_a, b.name AS name_b,
                               a.tenure_category AS tenure_a, b.tenure_category AS tenure_b,
                               a.land_use AS use_a, b.land_use AS use_b,
                               a.status AS status_a, b.status AS status_b, a.area_m2 AS area_a, b.area_m2 AS area_b,
                               ST_Equals(a.geom, b.geom) AS same_geometry,
                               ST_Area(gained::geography) AS gained_m2, ST_Area(lost::geography) AS lost_m2,
                               ST_AsGeoJSON(gained) AS gained, ST_AsGeoJSON(lost) AS lost
                        FROM parcel_version a
                        JOIN parcel_version b ON b.parcel_id = a.parcel_id
                        CROSS JOIN LATERAL (
                            SELECT ST_CollectionExtract(ST_Difference(b.geom, a.geom), 3) AS gained,
                                   ST_CollectionExtract(ST_Difference(a.geom, b.geom), 3) AS lost
                        ) change
                        WHERE a.parcel_id = :parcel AND a.version = :from AND b.version = :to
                        """)
                .bind("parcel", parcelId)
                .bind("from", from)
                .bind("to", to)
                .find(row -> diffFrom(row, from, to));
    }

    private static Diff diffFrom(Row row, int from, int to) throws SQLException {
        List<AttributeChange> changes = new ArrayList<>();
        addChange(changes, "code", row.findString("code_a"), row.findString("code_b"));
        addChange(changes, "name", row.findString("name_a"), row.findString("name_b"));
        addChange(changes, "tenureCategory", row.findString("tenure_a"), row.findString("tenure_b"));
        addChange(changes, "landUse", row.findString("use_a"), row.findString("use_b"));
        addChange(changes, "status", row.findString("status_a"), row.findString("status_b"));
        return new Diff(
                from,
                to,
                changes,
                !row.getBoolean("same_geometry"),
                Areas.rounded(row.getDouble("area_a")),
                Areas.rounded(row.getDouble("area_b")),
                Areas.rounded(row.getDouble("gained_m2")),
                Areas.rounded(row.getDouble("lost_m2")),
                row.getString("gained"),
                row.getString("lost"));
    }

    private static void addChange(
            List<AttributeChange> changes, String attribute, Optional<String> from, Optional<String> to) {
        if (!Objects.equals(from, to)) {
            changes.add(new AttributeChange(attribute, from, to));
        }
    }

    /**
     * A parcel related by split or merge, and how far up or down the family tree it is.
     *
     * @param generation 1 for a parent or child, 2 for a grandparent or grandchild, ...
     */
    public record Relative(
            long id,
            String code,
            ParcelStatus status,
            LineageOperation operation,
            Instant occurredAt,
            int generation) {}

    /** Where the land came from and where it went, nearest first. */
    public record Lineage(List<Relative> ancestors, List<Relative> descendants) {}

    /** The parcel's ancestors and descendants, up to 100 generations each way. */
    public static Lineage readLineage(Connection connection, long parcelId) {
        return new Lineage(relatives(connection, parcelId, """
                        WITH RECURSIVE ancestor (id, operation, occurred_at, generation) AS (
                            SELECT parent_id, operation, occurred_at, 1 FROM parcel_lineage WHERE child_id = :parcel
                            UNION
                            SELECT l.parent_id, l.operation, l.occurred_at, a.generation + 1
                            FROM parcel_lineage l JOIN ancestor a ON l.child_id = a.id
                            WHERE a.generation < 100
                        )
                        SELECT a.id, p.code, p.status, a.operation, a.occurred_at, min(a.generation) AS generation
                        FROM ancestor a JOIN parcel p ON p.id = a.id
                        GROUP BY a.id, p.code, p.status, a.operation, a.occurred_at
                        ORDER BY generation, p.code
                        """), relatives(connection, parcelId, """
                        WITH RECURSIVE descendant (id, operation, occurred_at, generation) AS (
                            SELECT child_id, operation, occurred_at, 1 FROM parcel_lineage WHERE parent_id = :parcel
                            UNION
                            SELECT l.child_id, l.operation, l.occurred_at, d.generation + 1
                            FROM parcel_lineage l JOIN descendant d ON l.parent_id = d.id
                            WHERE d.generation < 100
                        )
                        SELECT d.id, p.code, p.status, d.operation, d.occurred_at, min(d.generation) AS generation
                        FROM descendant d JOIN parcel p ON p.id = d.id
                        GROUP BY d.id, p.code, p.status, d.operation, d.occurred_at
                        ORDER BY generation, p.code
                        """));
    }

    private static List<Relative> relatives(Connection connection, long parcelId, String sql) {
        return Sql.on(connection, sql)
                .bind("parcel", parcelId)
                .list(row -> new Relative(
                        row.getLong("id"),
                        row.getString("code"),
                        row.getCode("status", ParcelStatus.class),
                        row.getCode("operation", LineageOperation.class),
                        row.getInstant("occurred_at"),
                        row.getInt("generation")));
    }
}
