package org.tierra.parcels;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.tierra.db.DatabaseException;
import org.tierra.geo.Geometries;

/**
 * No two active parcels of a trust may overlap by more than the trust's tolerance. Callers hold the
 * trust's write lock ({@link ParcelStore#lockTrustForGeometryWrites}) from this check until they
 * commit, so two concurrent writers cannot both pass it.
 */
public final class Overlaps {

    private Overlaps() {}

    /** An active parcel that a candidate boundary overlaps, with the overlap's area and shape (GeoJSON). */
    public record Overlap(long parcelId, String code, double areaSquareMetres, String geometryGeoJson) {}

    private static final String FIND = """
            WITH candidate AS (SELECT ST_GeomFromWKB(?, 4326) AS g)
            SELECT p.id, p.code, ST_Area(overlap::geography) AS area_m2, ST_AsGeoJSON(overlap) AS overlap
            FROM parcel p
            CROSS JOIN candidate c
            JOIN trust t ON t.id = p.trust_id
            CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(p.geom, c.g), 3) AS overlap) x
            WHERE p.trust_id = ?
              AND p.status <> 'retired'
              AND NOT p.id = ANY (?)
              AND ST_Intersects(p.geom, c.g)
              AND ST_Relate(p.geom, c.g, '2********')
              AND ST_Area(overlap::geography) > t.overlap_tolerance_m2
            ORDER BY p.code
            """;

    /** Active parcels of trust {@code trustId}, other than {@code excluded}, that {@code boundary} overlaps. */
    public static List<Overlap> findOverlaps(
            Connection connection, long trustId, Geometry boundary, Collection<Long> excluded) {
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setBytes(1, Geometries.toWkb(boundary));
            statement.setLong(2, trustId);
            statement.setArray(3, connection.createArrayOf("bigint", excluded.toArray()));
            List<Overlap> overlaps = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    overlaps.add(new Overlap(
                            rows.getLong("id"),
                            rows.getString("code"),
                            rows.getDouble("area_m2"),
                            rows.getString("overlap")));
                }
            }
            return overlaps;
        } catch (SQLException e) {
            throw new DatabaseException(FIND, e);
        }
    }
}
