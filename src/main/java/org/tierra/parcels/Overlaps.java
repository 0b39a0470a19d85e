package org.tierra.parcels;

import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.tierra.db.Sql;
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

    /** Active parcels of trust {@code trustId}, other than {@code excluded}, that {@code boundary} overlaps. */
    public static List<Overlap> findOverlaps(
            Connection connection, long trustId, Geometry boundary, Collection<Long> excluded) {
        return Sql.on(connection, """
                        WITH candidate AS (SELECT ST_GeomFromWKB(:boundary, 4326) AS g)
                        SELECT p.id, p.code, ST_Area(overlap::geography) AS area_m2, ST_AsGeoJSON(overlap) AS overlap
                        FROM parcel p
                        CROSS JOIN candidate c
                        JOIN trust t ON t.id = p.trust_id
                        CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(p.geom, c.g), 3) AS overlap) x
                        WHERE p.trust_id = :trust
                          AND p.status <> 'retired'
                          AND NOT p.id = ANY (:excluded)
                          AND ST_Intersects(p.geom, c.g)
                          AND ST_Relate(p.geom, c.g, '2********')
                          AND ST_Area(overlap::geography) > t.overlap_tolerance_m2
                        ORDER BY p.code
                        """)
                .bind("boundary", Geometries.toWkb(boundary))
                .bind("trust", trustId)
                .bind("excluded", List.copyOf(excluded))
                .list(row -> new Overlap(
                        row.getLong("id"), row.getString("code"), row.getDouble("area_m2"), row.getString("overlap")));
    }
}
