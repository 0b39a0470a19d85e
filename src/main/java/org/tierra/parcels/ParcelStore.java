package org.tierra.parcels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.tierra.db.DatabaseException;
import org.tierra.geo.Geometries;

/**
 * Parcel writes. Every method works on the caller's connection and transaction, which must carry a
 * {@link org.tierra.access.Change}: the database then records a version of every change.
 */
public final class ParcelStore {

    private ParcelStore() {}

    /** A parcel's current state, as writes read it. Geometry in EPSG:4326. */
    public record ParcelRow(
            long id,
            long trustId,
            String code,
            String name,
            String tenureCategory,
            String landUse,
            String status,
            String notes,
            int version,
            MultiPolygon geometry,
            int sourceSrid,
            double areaSquareMetres) {

        public boolean retired() {
            return status.equals("retired");
        }

        /** The strong ETag of this version: {@code "<id>-<version>"}. */
        public String etag() {
            return "\"" + id + "-" + version + "\"";
        }
    }

    /** A parcel to create. */
    public record NewParcel(
            long trustId,
            String code,
            String name,
            String tenureCategory,
            String landUse,
            String status,
            String notes,
            MultiPolygon geometry,
            int sourceSrid) {}

    /** Any constant of its own, with the trust id: one geometry writer per trust at a time. */
    private static final int PARCEL_WRITE_LOCK = 0x7061_7263;

    private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

    /**
     * Serialises the trust's geometry writes until the caller's transaction ends, so that an overlap
     * check and the write it allows cannot interleave with another's.
     */
    public static void lockTrustForGeometryWrites(Connection connection, long trustId) {
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setInt(1, PARCEL_WRITE_LOCK);
            statement.setInt(2, Math.toIntExact(trustId));
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(LOCK, e);
        }
    }

    private static final String INSERT = """
            INSERT INTO parcel (trust_id, code, name, tenure_category, land_use, status, notes, geom, source_srid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ST_Multi(ST_GeomFromWKB(?, 4326)), ?)
            RETURNING id
            """;

    public static long insertParcel(Connection connection, NewParcel parcel) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setLong(1, parcel.trustId());
            statement.setString(2, parcel.code());
            statement.setString(3, parcel.name());
            statement.setString(4, parcel.tenureCategory());
            statement.setString(5, parcel.landUse());
            statement.setString(6, parcel.status());
            statement.setString(7, parcel.notes());
            statement.setBytes(8, Geometries.toWkb(parcel.geometry()));
            statement.setInt(9, parcel.sourceSrid());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT, e);
        }
    }

    private static final String FIND_FOR_UPDATE = """
            SELECT id, trust_id, code, name, tenure_category, land_use, status, notes, version,
                   ST_AsBinary(geom) AS geom, source_srid, area_m2
            FROM parcel
            WHERE id = ?
            FOR UPDATE
            """;

    /** The parcel's current state, row-locked until the caller's transaction ends. */
    public static Optional<ParcelRow> findParcelForUpdate(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_FOR_UPDATE)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(parcelFrom(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_FOR_UPDATE, e);
        }
    }

    private static final String UPDATE = """
            UPDATE parcel
            SET code = ?, name = ?, tenure_category = ?, land_use = ?, status = ?, notes = ?,
                geom = ST_Multi(ST_GeomFromWKB(?, 4326)), source_srid = ?, version = version + 1, updated_at = now()
            WHERE id = ? AND version = ?
            """;

    /**
     * Writes {@code changed} as the next version if the parcel is still at {@code changed.version()};
     * false when someone else changed it first.
     */
    public static boolean updateParcel(Connection connection, ParcelRow changed) {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            statement.setString(1, changed.code());
            statement.setString(2, changed.name());
            statement.setString(3, changed.tenureCategory());
            statement.setString(4, changed.landUse());
            statement.setString(5, changed.status());
            statement.setString(6, changed.notes());
            statement.setBytes(7, Geometries.toWkb(changed.geometry()));
            statement.setInt(8, changed.sourceSrid());
            statement.setLong(9, changed.id());
            statement.setInt(10, changed.version());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(UPDATE, e);
        }
    }

    private static final String CODE_TAKEN = """
            SELECT EXISTS (SELECT 1 FROM parcel WHERE trust_id = ? AND code = ? AND id <> ?)
            """;

    /** Whether another parcel of the trust, retired or not, has {@code code}. */
    public static boolean codeTaken(Connection connection, long trustId, String code, long exceptId) {
        try (PreparedStatement statement = connection.prepareStatement(CODE_TAKEN)) {
            statement.setLong(1, trustId);
            statement.setString(2, code);
            statement.setLong(3, exceptId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CODE_TAKEN, e);
        }
    }

    private static final String LINEAGE = """
            INSERT INTO parcel_lineage (parent_id, child_id, operation) VALUES (?, ?, ?)
            """;

    public static void recordLineage(Connection connection, long parentId, long childId, String operation) {
        try (PreparedStatement statement = connection.prepareStatement(LINEAGE)) {
            statement.setLong(1, parentId);
            statement.setLong(2, childId);
            statement.setString(3, operation);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(LINEAGE, e);
        }
    }

    private static final String GEODESIC = """
            SELECT ST_Area(ST_GeomFromWKB(?, 4326)::geography)
            """;

    /** The geodesic area in m² of a lon/lat geometry, as the database measures stored parcels. */
    public static double areaSquareMetres(Connection connection, Geometry geometry) {
        try (PreparedStatement statement = connection.prepareStatement(GEODESIC)) {
            statement.setBytes(1, Geometries.toWkb(geometry));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getDouble(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(GEODESIC, e);
        }
    }

    /** A lease holding a parcel today or later: its land cannot be retired, split or merged under it. */
    public record HoldingLease(long id, String code, LocalDate inForceUntil) {}

    // A lease's days in force are [start, end): it holds the parcel while the end is after today.
    private static final String LEASES_HOLDING = """
            SELECT l.id, l.code, upper(gp.in_force) AS until_day
            FROM ground_lease_parcel gp
            JOIN ground_lease l ON l.id = gp.lease_id
            WHERE gp.parcel_id = ? AND gp.in_force IS NOT NULL AND upper(gp.in_force) > current_date
            ORDER BY l.id
            """;

    public static List<HoldingLease> listHoldingLeases(Connection connection, long parcelId) {
        try (PreparedStatement statement = connection.prepareStatement(LEASES_HOLDING)) {
            statement.setLong(1, parcelId);
            List<HoldingLease> leases = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    leases.add(new HoldingLease(
                            rows.getLong("id"), rows.getString("code"), rows.getObject("until_day", LocalDate.class)));
                }
            }
            return leases;
        } catch (SQLException e) {
            throw new DatabaseException(LEASES_HOLDING, e);
        }
    }

    private static ParcelRow parcelFrom(ResultSet row) throws SQLException {
        return new ParcelRow(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("code"),
                row.getString("name"),
                row.getString("tenure_category"),
                row.getString("land_use"),
                row.getString("status"),
                row.getString("notes"),
                row.getInt("version"),
                readMultiPolygon(row.getBytes("geom")),
                row.getInt("source_srid"),
                row.getDouble("area_m2"));
    }

    static MultiPolygon readMultiPolygon(byte[] wkb) {
        try {
            Geometry geometry = new WKBReader(Geometries.FACTORY).read(wkb);
            return (MultiPolygon) geometry;
        } catch (ParseException e) {
            throw new IllegalStateException("the database returned unreadable WKB", e);
        }
    }
}
