package org.tierra.parcels;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.PrecisionModel;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;
import org.tierra.db.Sql;
import org.tierra.geo.Geometries;
import org.tierra.geo.SourceCrs;
import tools.jackson.databind.JsonNode;

/** A cutting line for a split: a GeoJSON LineString in the request's CRS, returned in lon/lat. */
final class LineInput {

    private LineInput() {}

    static LineString read(Connection connection, JsonNode geometry, SourceCrs crs) {
        if (!geometry.isObject() || !"LineString".equals(geometry.path("type").asString(""))) {
            throw Problem.invalidField("line", "The cutting line is a GeoJSON LineString.");
        }
        JsonNode positions = geometry.path("coordinates");
        if (!positions.isArray() || positions.size() < 2) {
            throw Problem.invalidField("line", "The cutting line needs at least two positions.");
        }
        List<Coordinate> coordinates = new ArrayList<>();
        for (JsonNode position : positions) {
            if (!position.isArray()
                    || position.size() < 2
                    || !position.get(0).isNumber()
                    || !position.get(1).isNumber()) {
                throw Problem.invalidField("line", "Each position of the line is [x, y] in numbers.");
            }
            double first = position.get(0).asDouble();
            double second = position.get(1).asDouble();
            if (!Double.isFinite(first) || !Double.isFinite(second)) {
                throw Problem.invalidField("line", "The line has a coordinate that is not a finite number.");
            }
            coordinates.add(crs.latitudeFirst() ? new Coordinate(second, first) : new Coordinate(first, second));
        }
        GeometryFactory factory = new GeometryFactory(new PrecisionModel(), crs.srid());
        LineString line = factory.createLineString(coordinates.toArray(Coordinate[]::new));
        if (crs.srid() == Geometries.WGS84) {
            return Geometries.FACTORY.createLineString(line.getCoordinates());
        }
        try {
            return Sql.on(connection, """
                            SELECT ST_AsBinary(ST_Transform(ST_GeomFromWKB(:wkb, :srid), 4326)) AS wkb
                            """)
                    .bind("wkb", Geometries.toWkb(line))
                    .bind("srid", crs.srid())
                    .get(row -> (LineString) Geometries.fromWkb(row.getBytes("wkb")));
        } catch (DatabaseException | IllegalArgumentException e) {
            throw Problem.invalidField(
                    "line", "The line cannot be transformed from EPSG:" + crs.srid() + " to longitude/latitude.");
        }
    }
}
