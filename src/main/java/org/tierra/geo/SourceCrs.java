package org.tierra.geo;

/**
 * The coordinate reference system coordinates arrive in.
 *
 * @param srid the EPSG code
 * @param geographic degrees of longitude and latitude (range-checked), rather than metres
 * @param latitudeFirst positions are given latitude first; once read, x is always longitude/easting
 */
public record SourceCrs(int srid, boolean geographic, boolean latitudeFirst) {

    /** GeoJSON's own CRS (RFC 7946): WGS 84, longitude then latitude. */
    public static final SourceCrs CRS84 = new SourceCrs(Geometries.WGS84, true, false);
}
