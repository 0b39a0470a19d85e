package org.tierra.ogcapi;

import java.util.List;
import java.util.Optional;

/**
 * The coordinate reference systems the OGC API offers (Part 2), each with its axis order as the EPSG
 * registry defines it: geographic EPSG CRSs and EPSG:6372 put latitude or northing first, CRS84 and
 * the UTM zones longitude or easting first. PostGIS always works in x, y (longitude/easting first), so
 * the first kind are flipped on the way in and out.
 *
 * @param decimals the coordinate precision served: 9 decimals of a degree, 3 of a metre (a millimetre)
 */
public record OgcCrs(String uri, int srid, boolean firstAxisIsY, int decimals) {

    public static final String EPSG_PREFIX = "http://www.opengis.net/def/crs/EPSG/0/";
    public static final OgcCrs CRS84 = new OgcCrs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 9);

    /** CRS84 first (the default), then EPSG:4326, Web Mercator, Mexico's ITRF2008 CRSs and WGS 84 UTM zones. */
    public static final List<OgcCrs> SUPPORTED = List.of(
            CRS84,
            epsg(4326, true, 9),
            epsg(3857, false, 3),
            epsg(6365, true, 9),
            epsg(6366, false, 3),
            epsg(6367, false, 3),
            epsg(6368, false, 3),
            epsg(6369, false, 3),
            epsg(6370, false, 3),
            epsg(6371, false, 3),
            epsg(6372, true, 3),
            epsg(32611, false, 3),
            epsg(32612, false, 3),
            epsg(32613, false, 3),
            epsg(32614, false, 3),
            epsg(32615, false, 3),
            epsg(32616, false, 3));

    private static OgcCrs epsg(int srid, boolean firstAxisIsY, int decimals) {
        return new OgcCrs(EPSG_PREFIX + srid, srid, firstAxisIsY, decimals);
    }

    /** The CRS a {@code crs}, {@code bbox-crs} or {@code filter-crs} value names, with or without angle brackets. */
    public static Optional<OgcCrs> find(String value) {
        String uri = value.strip();
        if (uri.startsWith("<") && uri.endsWith(">")) {
            uri = uri.substring(1, uri.length() - 1);
        }
        if (uri.startsWith("https://")) {
            uri = "http://" + uri.substring("https://".length());
        }
        for (OgcCrs crs : SUPPORTED) {
            if (crs.uri.equals(uri)) {
                return Optional.of(crs);
            }
        }
        return Optional.empty();
    }

    /** The SQL expression that turns the stored lon/lat geometry {@code column} into this CRS, axes in order. */
    public String fromStorage(String column) {
        String transformed = srid == 4326 ? column : "ST_Transform(" + column + ", " + srid + ")";
        return firstAxisIsY ? "ST_FlipCoordinates(" + transformed + ")" : transformed;
    }

    /** The SQL expression that turns {@code geometry}, given in this CRS (axes in order), into lon/lat. */
    public String toStorage(String geometry) {
        String xy = firstAxisIsY ? "ST_FlipCoordinates(" + geometry + ")" : geometry;
        return srid == 4326 ? xy : "ST_Transform(" + xy + ", 4326)";
    }

    /**
     * Like {@link #toStorage}, but NULL where PROJ cannot transform (coordinates outside the CRS's
     * domain), so that a caller's mistake can be told apart from a failure of ours.
     */
    public String toStorageOrNull(String geometry) {
        String xy = firstAxisIsY ? "ST_FlipCoordinates(" + geometry + ")" : geometry;
        return srid == 4326 ? xy : "tierra_try_transform(" + xy + ", 4326)";
    }

    /** {@code <uri>}, as in Content-Crs headers. */
    public String header() {
        return "<" + uri + ">";
    }
}
