package org.tierra.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/** The one geometry factory of Tierra: lon/lat in EPSG:4326, floating precision. */
public final class Geometries {

    public static final int WGS84 = 4326;
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), WGS84);

    private Geometries() {}

    /**
     * The geometry in {@code wkb}, as PostGIS's {@code ST_AsBinary} writes it, on the one factory.
     *
     * @throws IllegalStateException when the bytes are not WKB: the database, not a client, sent them
     */
    public static Geometry fromWkb(byte[] wkb) {
        try {
            return new WKBReader(FACTORY).read(wkb);
        } catch (ParseException e) {
            throw new IllegalStateException("the database returned unreadable WKB", e);
        }
    }

    /** Well-known binary for {@code ST_GeomFromWKB(?, 4326)}; 2D only, since Tierra stores no Z or M. */
    public static byte[] toWkb(Geometry geometry) {
        return new WKBWriter(2).write(geometry);
    }
}
