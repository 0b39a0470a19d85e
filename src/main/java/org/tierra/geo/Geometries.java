package org.tierra.geo;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKBWriter;

/** The one geometry factory of Tierra: lon/lat in EPSG:4326, floating precision. */
public final class Geometries {

    public static final int WGS84 = 4326;
    public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), WGS84);

    private Geometries() {}

    /** Well-known binary for {@code ST_GeomFromWKB(?, 4326)}; 2D only, since Tierra stores no Z or M. */
    public static byte[] toWkb(org.locationtech.jts.geom.Geometry geometry) {
        return new WKBWriter(2).write(geometry);
    }
}
