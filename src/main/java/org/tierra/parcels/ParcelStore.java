package org.tierra.parcels;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.tierra.core.VersionTag;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;

/**
 * Parcel writes. Every method works on the caller's connection and transaction, which must carry a
 * {@link org.tierra.access.Change}: the database then records a version of every change.
 */
public final class ParcelStore {

    private ParcelStore() {}

    /**
     * A parcel's current state, as writes read it.
     *
     * @param geometry in EPSG:4326
     * @param sourceSrid the CRS the boundary was sent in
     * @param areaSquareMetres geodesic, as the database measures it
     */
    public record ParcelRow(
            long id,
            long trustId,
            String code,
            Optional<String> name,
            String tenureCategory,
            String landUse,
            ParcelStatus status,
            Optional<String> notes,
            int version,
            MultiPolygon geometry,
            int sourceSrid,
            double areaSquareMetres) {

        public boolean retired() {
            return status.retired();
        }

        /** This version, as its ETag names it. */
        public VersionTag versionTag() {
            return new VersionTag(id, version);
        }

        /** The same parcel with another status. */
        ParcelRow withStatus(ParcelStatus newStatus) {
            return new ParcelRow(
                    id,
                    trustId,
                    code,
                    name,
                    tenureCategory,
                    landUse,
                    newStatus,
                    notes,
                    version,
                    geometry,
                    sourceSrid,
                    areaSquareMetres);
        }

        /** The same parcel with another boundary, sent in {@code newSourceSrid}. */
        ParcelRow withGeometry(MultiPolygon newGeometry, int newSourceSrid) {
            return new ParcelRow(
                    id,
                    trustId,
                    code,
                    name,
                    tenureCategory,
                    landUse,
                    status,
                    notes,
                    version,
                    newGeometry,
                    newSourceSrid,
                    areaSquareMetres);
        }
    }

    /**
     * A parcel to insert.
     *
     * @param geometry in EPSG:4326
     * @param sourceSrid the CRS the boundary was sent in
     */
    public record NewRow(
            long trustId,
            String code,
            Optional<String> name,
            String tenureCategory,
            String landUse,
            ParcelStatus status,
            Optional<String> notes,
            MultiPolygon geometry,
            int sourceSrid) {}

    /** Any constant of its own, with the trust id: one geometry writer per trust at a time. */
    private static final int PARCEL_WRITE_LOCK = 0x7061_7263;

    /**
     * Serialises the trust's geometry writes until the caller's transaction ends, so that an overlap
     * check and the write it allows cannot interleave with another's.
     */
    public static void lockTrustForGeometryWrites(Connection connection, long trustId) {
        Sql.on(connection, "SELECT true AS locked FROM pg_advisory_xact_lock(:lock, :trust)")
                .bind("lock", PARCEL_WRITE_LOCK)
                .bind("trust", Math.toIntExact(trustId))
                .get(row -> row.getBoolean("locked"));
    }

    /** Inserts {@code parcel} as its first version and returns its id. */
    public static long insertParcel(Connection connection, NewRow parcel) {
        return Sql.on(connection, """
                        INSERT INTO parcel (trust_id, code, name, tenure_category, land_use, status, notes, geom,
                                            source_srid)
                        VALUES (:trust, :code, :name, :tenure, :landUse, :status, :notes,
                                ST_Multi(ST_GeomFromWKB(:geom, 4326)), :sourceSrid)
                        RETURNING id
                        """)
                .bind("trust", parcel.trustId())
                .bind("code", parcel.code())
                .bind("name", parcel.name())
                .bind("tenure", parcel.tenureCategory())
                .bind("landUse", parcel.landUse())
                .bind("status", parcel.status())
                .bind("notes", parcel.notes())
                .bind("geom", Geometries.toWkb(parcel.geometry()))
                .bind("sourceSrid", parcel.sourceSrid())
                .get(row -> row.getLong("id"));
    }

    /** The parcel's current state, row-locked until the caller's transaction ends. */
    public static Optional<ParcelRow> findParcelForUpdate(Connection connection, long id) {
        return Sql.on(connection, """
                        SELECT id, trust_id, code, name, tenure_category, land_use, status, notes, version,
                               ST_AsBinary(geom) AS geom, source_srid, area_m2
                        FROM parcel
                        WHERE id = :id
                        FOR UPDATE
                        """).bind("id", id).find(ParcelStore::parcelFrom);
    }

    /**
     * Writes {@code changed} as the next version if the parcel is still at {@code changed.version()};
     * false when someone else changed it first.
     */
    public static boolean updateParcel(Connection connection, ParcelRow changed) {
        return Sql.on(connection, """
                        UPDATE parcel
                        SET code = :code, name = :name, tenure_category = :tenure, land_use = :landUse,
                            status = :status, notes = :notes, geom = ST_Multi(ST_GeomFromWKB(:geom, 4326)),
                            source_srid = :sourceSrid, version = version + 1, updated_at = now()
                        WHERE id = :id AND version = :version
                        """)
                        .bind("code", changed.code())
                        .bind("name", changed.name())
                        .bind("tenure", changed.tenureCategory())
                        .bind("landUse", changed.landUse())
                        .bind("status", changed.status())
                        .bind("notes", changed.notes())
                        .bind("geom", Geometries.toWkb(changed.geometry()))
                        .bind("sourceSrid", changed.sourceSrid())
                        .bind("id", changed.id())
                        .bind("version", changed.version())
                        .update()
                == 1;
    }

    /** Whether another parcel of the trust than {@code exceptId}, retired or not, has {@code code}. */
    public static boolean codeTaken(Connection connection, long trustId, String code, long exceptId) {
        return Sql.on(connection, """
                        SELECT EXISTS (SELECT 1 FROM parcel WHERE trust_id = :trust AND code = :code AND id <> :except)
                               AS taken
                        """)
                .bind("trust", trustId)
                .bind("code", code)
                .bind("except", exceptId)
                .get(row -> row.getBoolean("taken"));
    }

    /** Records that {@code parentId}'s land went, wholly or in part, to {@code childId}. */
    public static void recordLineage(Connection connection, long parentId, long childId, LineageOperation operation) {
        Sql.on(connection, """
                        INSERT INTO parcel_lineage (parent_id, child_id, operation) VALUES (:parent, :child, :operation)
                        """)
                .bind("parent", parentId)
                .bind("child", childId)
                .bind("operation", operation)
                .update();
    }

    /** The geodesic area in m² of a lon/lat geometry, as the database measures stored parcels. */
    public static double areaSquareMetres(Connection connection, Geometry geometry) {
        return Sql.on(connection, "SELECT ST_Area(ST_GeomFromWKB(:geom, 4326)::geography) AS area_m2")
                .bind("geom", Geometries.toWkb(geometry))
                .get(row -> row.getDouble("area_m2"));
    }

    /** A lease holding a parcel today or later: its land cannot be retired, split or merged under it. */
    public record HoldingLease(long id, String code, LocalDate inForceUntil) {}

    /** The leases holding the parcel today or later, by id. */
    public static List<HoldingLease> listHoldingLeases(Connection connection, long parcelId) {
        // A lease's days in force are [start, end): it holds the parcel while the end is after today.
        return Sql.on(connection, """
                        SELECT l.id, l.code, upper(gp.in_force) AS until_day
                        FROM ground_lease_parcel gp
                        JOIN ground_lease l ON l.id = gp.lease_id
                        WHERE gp.parcel_id = :parcel AND gp.in_force IS NOT NULL AND upper(gp.in_force) > current_date
                        ORDER BY l.id
                        """)
                .bind("parcel", parcelId)
                .list(row -> new HoldingLease(row.getLong("id"), row.getString("code"), row.getDate("until_day")));
    }

    /** The codes of the registry's tenure categories (table {@code tenure_category}). */
    public static Set<String> listTenureCategories(Connection connection) {
        return new HashSet<>(
                Sql.on(connection, "SELECT code FROM tenure_category").list(row -> row.getString("code")));
    }

    /** The codes of the registry's land uses (table {@code land_use}). */
    public static Set<String> listLandUses(Connection connection) {
        return new HashSet<>(Sql.on(connection, "SELECT code FROM land_use").list(row -> row.getString("code")));
    }

    private static ParcelRow parcelFrom(Row row) throws SQLException {
        return new ParcelRow(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("code"),
                row.findString("name"),
                row.getString("tenure_category"),
                row.getString("land_use"),
                row.getCode("status", ParcelStatus.class),
                row.findString("notes"),
                row.getInt("version"),
                readMultiPolygon(row.getBytes("geom")),
                row.getInt("source_srid"),
                row.getDouble("area_m2"));
    }

    /** The MultiPolygon in {@code wkb}, as PostGIS's {@code ST_AsBinary} writes it. */
    static MultiPolygon readMultiPolygon(byte[] wkb) {
        return (MultiPolygon) Geometries.fromWkb(wkb);
    }
}
