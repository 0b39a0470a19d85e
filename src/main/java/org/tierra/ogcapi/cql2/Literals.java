package org.tierra.ogcapi.cql2;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.tierra.core.DateTimes;

/** Builds and checks the literals both CQL2 encodings share, so text and JSON fail the same way. */
final class Literals {

    /** Enough for any honest query shape; stops a filter from becoming a denial of service. */
    static final int MAX_GEOMETRY_POINTS = 10_000;

    static final GeometryFactory FACTORY = new GeometryFactory();

    private Literals() {}

    static Expression.TimeLiteral timestamp(String text, Expression.Origin origin) {
        Instant instant = instant(text, origin);
        return new Expression.TimeLiteral(instant, instant, origin);
    }

    static Expression.TimeLiteral date(String text, Expression.Origin origin) {
        LocalDate day = day(text, origin);
        return new Expression.TimeLiteral(startOf(day), lastMomentOf(day), origin);
    }

    /** An interval's ends may be dates (a date end takes in its whole day), timestamps or '..'. */
    static Expression.IntervalLiteral interval(String start, String end, Expression.Origin origin) {
        Instant from = start.equals("..") ? null : isDate(start) ? startOf(day(start, origin)) : instant(start, origin);
        Instant to = end.equals("..") ? null : isDate(end) ? lastMomentOf(day(end, origin)) : instant(end, origin);
        if (from != null && to != null && from.isAfter(to)) {
            throw new Cql2Exception("The interval starts (" + start + ") after it ends (" + end + ")", origin);
        }
        return new Expression.IntervalLiteral(from, to, origin);
    }

    static Expression.GeometryLiteral geometry(Geometry geometry, Expression.Origin origin) {
        if (geometry.getNumPoints() > MAX_GEOMETRY_POINTS) {
            throw new Cql2Exception(
                    "The geometry has " + geometry.getNumPoints() + " points; a filter may use at most "
                            + MAX_GEOMETRY_POINTS,
                    origin);
        }
        for (Coordinate coordinate : geometry.getCoordinates()) {
            if (!Double.isFinite(coordinate.x) || !Double.isFinite(coordinate.y)) {
                throw new Cql2Exception("The geometry has a coordinate that is not a finite number", origin);
            }
        }
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            String where = at == null ? "" : " near (" + at.x + " " + at.y + ")";
            throw new Cql2Exception(
                    "The " + geometry.getGeometryType() + " is not valid: " + error.getMessage() + where, origin);
        }
        return new Expression.GeometryLiteral(geometry, origin);
    }

    /** BBOX(west, south, east, north), or with minimum and maximum heights, which are ignored. */
    static Expression.GeometryLiteral bbox(List<Double> values, Expression.Origin origin) {
        if (values.size() != 4 && values.size() != 6) {
            throw new Cql2Exception(
                    "A bbox has 4 numbers (west, south, east, north) or 6 with heights; got " + values.size(), origin);
        }
        boolean withHeights = values.size() == 6;
        double west = values.get(0);
        double south = values.get(1);
        double east = values.get(withHeights ? 3 : 2);
        double north = values.get(withHeights ? 4 : 3);
        if (west > east || south > north) {
            throw new Cql2Exception("A bbox runs west, south, east, north, with west ≤ east and south ≤ north", origin);
        }
        return geometry(FACTORY.toGeometry(new Envelope(west, east, south, north)), origin);
    }

    private static boolean isDate(String text) {
        return text.length() == 10;
    }

    private static Instant instant(String text, Expression.Origin origin) {
        return DateTimes.parseInstant(text)
                .orElseThrow(() -> new Cql2Exception(
                        "'" + text + "' is not a timestamp; write one as RFC 3339 with a time zone,"
                                + " such as 2024-05-01T12:00:00Z (" + DateTimes.YEARS + ")",
                        origin));
    }

    private static LocalDate day(String text, Expression.Origin origin) {
        return DateTimes.parseDate(text)
                .orElseThrow(() -> new Cql2Exception(
                        "'" + text + "' is not a date; write one as 2024-05-01 (" + DateTimes.YEARS + ")", origin));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Times compare as closed intervals, and PostgreSQL counts in microseconds: a day ends 1 µs before the next. */
    private static Instant lastMomentOf(LocalDate day) {
        return startOf(day.plusDays(1)).minus(1, ChronoUnit.MICROS);
    }
}
