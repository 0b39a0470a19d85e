package org.tierra.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Repairs a boundary on explicit request only, with JTS {@link GeometryFixer}: self-intersections are
 * resolved, repeated points removed, collapsed parts dropped. The caller shows the result and what it
 * changed (the area, at least) for a person to accept; nothing is stored by repairing.
 */
public final class GeometryRepair {

    private GeometryRepair() {}

    /** The repaired boundary, or empty when nothing polygonal is left of it. */
    public static Optional<MultiPolygon> repair(MultiPolygon geometry) {
        Geometry fixed = GeometryFixer.fix(geometry);
        List<Polygon> polygons = new ArrayList<>();
        for (int i = 0; i < fixed.getNumGeometries(); i++) {
            if (fixed.getGeometryN(i) instanceof Polygon polygon && !polygon.isEmpty()) {
                polygons.add(polygon);
            } else if (fixed.getGeometryN(i) instanceof MultiPolygon multi) {
                for (int j = 0; j < multi.getNumGeometries(); j++) {
                    polygons.add((Polygon) multi.getGeometryN(j));
                }
            }
        }
        if (polygons.isEmpty()) {
            return Optional.empty();
        }
        MultiPolygon repaired = geometry.getFactory().createMultiPolygon(polygons.toArray(Polygon[]::new));
        return Optional.of(repaired);
    }
}
