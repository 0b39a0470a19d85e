package org.tierra.geo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;

/**
 * One reason a boundary cannot be accepted (or, for warnings, what was changed on reading it), as data:
 * a stable {@code rule} id such as {@code self-intersection}, {@code where} it is (polygon, ring,
 * position, 1-based, and hints), and its {@code location} in the source CRS when there is one.
 */
public record GeometryFinding(String rule, Map<String, Object> where, Optional<Coordinate> location) {

    public GeometryFinding {
        where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    }

    static GeometryFinding of(String rule, Map<String, Object> where) {
        return new GeometryFinding(rule, where, Optional.empty());
    }

    static GeometryFinding at(String rule, Map<String, Object> where, Coordinate location) {
        return new GeometryFinding(rule, where, Optional.ofNullable(location).map(Coordinate::new));
    }

    /** The message for people, in Spanish for {@code es*} locales and in English otherwise. */
    public String message(Locale locale) {
        return GeometryMessages.message(this, locale);
    }
}
