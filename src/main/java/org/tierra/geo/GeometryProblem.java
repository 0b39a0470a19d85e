package org.tierra.geo;

import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;

/**
 * Why a geometry cannot be accepted, as data: a stable {@code rule} id (e.g. {@code self-intersection}),
 * a message for people, and where it happens as a lon/lat point when there is one.
 */
public record GeometryProblem(String rule, String message, Optional<Coordinate> location) {

    public static GeometryProblem at(String rule, String message, Coordinate location) {
        return new GeometryProblem(rule, message, Optional.ofNullable(location));
    }

    public static GeometryProblem of(String rule, String message) {
        return new GeometryProblem(rule, message, Optional.empty());
    }
}
