package org.tierra.parcels;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.db.Database;
import org.tierra.db.DatabaseException;

/** A parcel's past: its versions, the difference between two of them, and its lineage. */
public final class ParcelHistory {

    private final Database database;

    public ParcelHistory(Database database) {
        this.database = database;
    }

    /** One version as listed; who and why are for the trust's own people only. */
    public record Version(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            String operation,
            String code,
            String status,
            double areaSquareMetres,
            String changedBy,
            String reason,
            Optional<String> requestId) {}

    private static final String VERSIONS = """
            SELECT version, valid_from, valid_to, operation, code, status, area_m2, changed_by_name, reason, request_id
            FROM parcel_version
            WHERE parcel_id = ?
            ORDER BY version
            """;

    public List<Version> listVersions(long parcelId) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(VERSIONS)) {
                statement.setLong(1, parcelId);
                List<Version> versions = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        versions.add(new Version(
                                rows.getInt("version"),
                                rows.getTimestamp("valid_from").toInstant(),
                                Optional.ofNullable(rows.getTimestamp("valid_to"))
                                        .map(Timestamp::toInstant),
                                rows.getString("operation"),
                                rows.getString("code"),
                                rows.getString("status"),
                                Math.round(rows.getDouble("area_m2") * 100) / 100.0,
                                rows.getString("changed_by_name"),
                                rows.getString("reason"),
                                Optional.ofNullable(rows.getString("request_id"))));
                    }
                }
                return versions;
            } catch (SQLException e) {
                throw new DatabaseException(VERSIONS, e);
            }
        });
    }

    private static final String VERSION_FEATURE = """
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
            WHERE v.parcel_id = ? AND v.version = ?
            """;

    /** Version {@code version} of the parcel as a GeoJSON Feature. */
    public Optional<String> findVersionFeature(long parcelId, int version) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(VERSION_FEATURE)) {
                statement.setLong(1, parcelId);
                statement.setInt(2, version);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new DatabaseException(VERSION_FEATURE, e);
            }
        });
    }

    /** What changed between two versions: each attribute as it was and became; land gained and lost. */
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

    public record AttributeChange(String attribute, String from, String to) {}

    private static final String DIFF = """
            SELECT a.code AS code_a, b.code AS code_b, a.name AS name_a, b.name AS name_b,
                   a.tenure_category AS tenure_a, b.tenure_category AS tenure_b, a.land_use AS use_a, b.land_use AS use_b,
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
            WHERE a.parcel_id = ? AND a.version = ? AND b.version = ?
            """;

    public Optional<Diff> diff(long parcelId, int from, int to) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(DIFF)) {
                statement.setLong(1, parcelId);
                statement.setInt(2, from);
                statement.setInt(3, to);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    List<AttributeChange> changes = new ArrayList<>();
                    addChange(changes, "code", row.getString("code_a"), row.getString("code_b"));
                    addChange(changes, "name", row.getString("name_a"), row.getString("name_b"));
                    addChange(changes, "tenureCategory", row.getString("tenure_a"), row.getString("tenure_b"));
                    addChange(changes, "landUse", row.getString("use_a"), row.getString("use_b"));
                    addChange(changes, "status", row.getString("status_a"), row.getString("status_b"));
                    return Optional.of(new Diff(
                            from,
                            to,
                            changes,
                            !row.getBoolean("same_geometry"),
                            round(row.getDouble("area_a")),
                            round(row.getDouble("area_b")),
                            round(row.getDouble("gained_m2")),
                            round(row.getDouble("lost_m2")),
                            row.getString("gained"),
                            row.getString("lost")));
                }
            } catch (SQLException e) {
                throw new DatabaseException(DIFF, e);
            }
        });
    }

    private static void addChange(List<AttributeChange> changes, String attribute, String from, String to) {
        if (!java.util.Objects.equals(from, to)) {
            changes.add(new AttributeChange(attribute, from, to));
        }
    }

    private static double round(double squareMetres) {
        return Math.round(squareMetres * 100) / 100.0;
    }

    /** A parcel related by split or merge, and how far up or down the family tree it is. */
    public record Relative(long id, String code, String status, String operation, Instant occurredAt, int generation) {}

    /** Where the land came from and where it went. */
    public record Lineage(List<Relative> ancestors, List<Relative> descendants) {}

    private static final String ANCESTORS = """
            WITH RECURSIVE ancestor (id, operation, occurred_at, generation) AS (
                SELECT parent_id, operation, occurred_at, 1 FROM parcel_lineage WHERE child_id = ?
                UNION
                SELECT l.parent_id, l.operation, l.occurred_at, a.generation + 1
                FROM parcel_lineage l JOIN ancestor a ON l.child_id = a.id
                WHERE a.generation < 100
            )
            SELECT a.id, p.code, p.status, a.operation, a.occurred_at, min(a.generation) AS generation
            FROM ancestor a JOIN parcel p ON p.id = a.id
            GROUP BY a.id, p.code, p.status, a.operation, a.occurred_at
            ORDER BY generation, p.code
            """;

    private static final String DESCENDANTS = """
            WITH RECURSIVE descendant (id, operation, occurred_at, generation) AS (
                SELECT child_id, operation, occurred_at, 1 FROM parcel_lineage WHERE parent_id = ?
                UNION
                SELECT l.child_id, l.operation, l.occurred_at, d.generation + 1
                FROM parcel_lineage l JOIN descendant d ON l.parent_id = d.id
                WHERE d.generation < 100
            )
            SELECT d.id, p.code, p.status, d.operation, d.occurred_at, min(d.generation) AS generation
            FROM descendant d JOIN parcel p ON p.id = d.id
            GROUP BY d.id, p.code, p.status, d.operation, d.occurred_at
            ORDER BY generation, p.code
            """;

    public Lineage lineage(long parcelId) {
        return new Lineage(relatives(ANCESTORS, parcelId), relatives(DESCENDANTS, parcelId));
    }

    private List<Relative> relatives(String sql, long parcelId) {
        return database.withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, parcelId);
                List<Relative> relatives = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        relatives.add(new Relative(
                                rows.getLong("id"),
                                rows.getString("code"),
                                rows.getString("status"),
                                rows.getString("operation"),
                                rows.getTimestamp("occurred_at").toInstant(),
                                rows.getInt("generation")));
                    }
                }
                return relatives;
            } catch (SQLException e) {
                throw new DatabaseException(sql, e);
            }
        });
    }
}
