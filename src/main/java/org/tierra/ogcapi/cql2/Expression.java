package org.tierra.ogcapi.cql2;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * A parsed CQL2 filter. CQL2 text and CQL2 JSON both parse to this tree; every operator, whether
 * written infix ({@code a = b}) or as a function ({@code S_INTERSECTS(a, b)}), is a {@link Call} named
 * as CQL2 JSON names it, lower-cased. Each node remembers where it came from, for error messages.
 */
public sealed interface Expression {

    Origin origin();

    /** Where in the filter a node was written. */
    record Origin(int position, String path) {

        static Origin at(int position) {
            return new Origin(position, "");
        }

        static Origin path(String path) {
            return new Origin(-1, path);
        }

        String describe() {
            if (position >= 0) {
                return " (at character " + position + ")";
            }
            return path.isEmpty() ? " (at the top of the filter)" : " (at " + path + ")";
        }
    }

    record Property(String name, Origin origin) implements Expression {}

    record TextLiteral(String value, Origin origin) implements Expression {}

    record NumberLiteral(BigDecimal value, Origin origin) implements Expression {}

    record BooleanLiteral(boolean value, Origin origin) implements Expression {}

    /** A TIMESTAMP (start = end), or a DATE, which stands for its whole day in UTC, through its last microsecond. */
    record TimeLiteral(Instant start, Instant end, Origin origin) implements Expression {

        boolean isInstant() {
            return start.equals(end);
        }
    }

    /** An INTERVAL; {@code null} start or end means open (written {@code '..'}). */
    record IntervalLiteral(Instant start, Instant end, Origin origin) implements Expression {}

    /** A geometry in the filter's CRS, axes in that CRS's order. */
    record GeometryLiteral(Geometry geometry, Origin origin) implements Expression {}

    record ArrayLiteral(List<Expression> items, Origin origin) implements Expression {

        public ArrayLiteral {
            items = List.copyOf(items);
        }
    }

    record Call(String op, List<Expression> args, Origin origin) implements Expression {

        public Call {
            args = List.copyOf(args);
        }
    }
}
