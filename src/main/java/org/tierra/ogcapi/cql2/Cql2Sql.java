package org.tierra.ogcapi.cql2;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.locationtech.jts.io.WKTWriter;
import org.tierra.ogcapi.cql2.Expression.Call;

/**
 * Turns a parsed filter into a SQL condition. Properties become the queryables' own SQL, literals
 * become bound parameters, and every operand is type-checked first, so a filter that does not make
 * sense is refused with a message, never sent to PostgreSQL to fail there.
 */
public final class Cql2Sql {

    private static final String ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ";
    private static final String PLAIN = "aaaaaaeeeeiiiiooooouuuuncAAAAAAEEEEIIIIOOOOOUUUUNC";
    private static final Map<String, String> SPATIAL = Map.of(
            "s_intersects", "ST_Intersects",
            "s_equals", "ST_Equals",
            "s_touches", "ST_Touches",
            "s_within", "ST_Within",
            "s_overlaps", "ST_Overlaps",
            "s_crosses", "ST_Crosses",
            "s_contains", "ST_Contains");

    private final Map<String, Queryable> queryables;
    private final String geometryParameter;

    private Cql2Sql(Map<String, Queryable> queryables, String geometryParameter) {
        this.queryables = queryables;
        this.geometryParameter = geometryParameter;
    }

    /**
     * The filter as a SQL condition over the queryables' SQL.
     *
     * @param geometryParameter the SQL that turns one bound WKT parameter, in the filter's CRS, into the
     *     stored CRS, such as {@code ST_Transform(ST_GeomFromText(?, 6372), 4326)}
     */
    public static SqlFilter toSql(Expression filter, Map<String, Queryable> queryables, String geometryParameter) {
        Fragment condition = new Cql2Sql(queryables, geometryParameter).translate(filter);
        if (condition.type() != Queryable.Type.BOOLEAN) {
            throw new Cql2Exception(
                    "A filter is a condition, true or false for each feature, such as"
                            + " landUse = 'forest'; this one is " + article(condition.type()),
                    filter.origin());
        }
        return new SqlFilter(condition.sql(), condition.parameters());
    }

    /** A piece of SQL, its parameters in order, and the type of value it gives. */
    private record Fragment(String sql, List<Object> parameters, Queryable.Type type) {

        static Fragment of(Queryable.Type type, String sql, Object... parameters) {
            return new Fragment(sql, List.of(parameters), type);
        }

        /** The fragments joined by the SQL between them, parameters kept in order. */
        static Fragment join(
                Queryable.Type type, String prefix, String separator, String suffix, List<Fragment> parts) {
            List<Object> parameters = new ArrayList<>();
            parts.forEach(part -> parameters.addAll(part.parameters()));
            String sql = parts.stream().map(Fragment::sql).collect(Collectors.joining(separator, prefix, suffix));
            return new Fragment(sql, parameters, type);
        }
    }

    private Fragment translate(Expression expression) {
        if (expression instanceof Expression.Property property) {
            return property(property);
        } else if (expression instanceof Expression.TextLiteral text) {
            return Fragment.of(Queryable.Type.STRING, "CAST(? AS text)", text.value());
        } else if (expression instanceof Expression.NumberLiteral number) {
            return Fragment.of(Queryable.Type.NUMBER, "CAST(? AS numeric)", number.value());
        } else if (expression instanceof Expression.BooleanLiteral bool) {
            return Fragment.of(Queryable.Type.BOOLEAN, "CAST(? AS boolean)", bool.value());
        } else if (expression instanceof Expression.TimeLiteral time) {
            return timestamp(time.start());
        } else if (expression instanceof Expression.GeometryLiteral geometry) {
            return Fragment.of(Queryable.Type.GEOMETRY, geometryParameter, new WKTWriter().write(geometry.geometry()));
        } else if (expression instanceof Call call) {
            return call(call);
        } else if (expression instanceof Expression.IntervalLiteral) {
            throw new Cql2Exception(
                    "An INTERVAL belongs in a temporal function, such as T_INTERSECTS(validTime, INTERVAL(...))",
                    expression.origin());
        }
        throw new Cql2Exception(
                "A list of values belongs after IN, as in landUse IN ('forest', 'pasture')", expression.origin());
    }

    private Fragment property(Expression.Property property) {
        Queryable queryable = queryables.get(property.name());
        if (queryable == null) {
            throw new Cql2Exception(
                    "There is no queryable '" + property.name() + "' here; the queryables are "
                            + String.join(", ", queryables.keySet()),
                    property.origin());
        }
        Queryable.Type type = queryable.type() == Queryable.Type.INTEGER ? Queryable.Type.NUMBER : queryable.type();
        return Fragment.of(type, queryable.sql());
    }

    private Fragment call(Call call) {
        String op = call.op();
        return switch (op) {
            case "and", "or" -> logical(call);
            case "not" -> Fragment.join(Queryable.Type.BOOLEAN, "NOT (", "", ")", List.of(booleanArgument(call, 0, 1)));
            case "=", "<>", "<", ">", "<=", ">=" -> comparison(call);
            case "like" -> like(call);
            case "between" -> between(call);
            case "in" -> in(call);
            case "isnull" -> {
                arity(call, 1);
                yield Fragment.join(
                        Queryable.Type.BOOLEAN,
                        "(",
                        "",
                        ") IS NULL",
                        List.of(translate(call.args().get(0))));
            }
            case "casei" -> Fragment.join(Queryable.Type.STRING, "lower(", "", ")", List.of(stringArgument(call)));
            case "accenti" ->
                Fragment.join(
                        Queryable.Type.STRING,
                        "translate(",
                        "",
                        ", '" + ACCENTED + "', '" + PLAIN + "')",
                        List.of(stringArgument(call)));
            case "s_disjoint" ->
                Fragment.join(Queryable.Type.BOOLEAN, "NOT ST_Intersects(", ", ", ")", geometries(call));
            default -> {
                if (SPATIAL.containsKey(op)) {
                    yield Fragment.join(Queryable.Type.BOOLEAN, SPATIAL.get(op) + "(", ", ", ")", geometries(call));
                }
                if (op.startsWith("t_")) {
                    yield temporal(call);
                }
                throw new Cql2Exception(
                        "'" + op + "' is not a function or operator this server knows; see"
                                + " /ogc/conformance for the CQL2 classes it implements",
                        call.origin());
            }
        };
    }

    private Fragment logical(Call call) {
        if (call.args().size() < 2) {
            throw new Cql2Exception("'" + call.op() + "' joins two or more conditions", call.origin());
        }
        List<Fragment> parts = new ArrayList<>();
        for (int i = 0; i < call.args().size(); i++) {
            parts.add(booleanArgument(call, i, call.args().size()));
        }
        String separator = call.op().equals("and") ? " AND " : " OR ";
        return Fragment.join(Queryable.Type.BOOLEAN, "(", separator, ")", parts);
    }

    private Fragment booleanArgument(Call call, int index, int arity) {
        arity(call, arity);
        Expression argument = call.args().get(index);
        Fragment fragment = translate(argument);
        if (fragment.type() != Queryable.Type.BOOLEAN) {
            throw new Cql2Exception(
                    "'" + call.op() + "' takes conditions; " + describe(argument, fragment) + " is not one",
                    argument.origin());
        }
        return fragment;
    }

    private Fragment comparison(Call call) {
        arity(call, 2);
        List<Fragment> sides = comparable(call, call.args());
        return Fragment.join(Queryable.Type.BOOLEAN, "(", " " + call.op() + " ", ")", sides);
    }

    private Fragment like(Call call) {
        arity(call, 2);
        List<Fragment> sides = comparable(call, call.args());
        if (sides.get(0).type() != Queryable.Type.STRING) {
            throw new Cql2Exception(
                    "LIKE matches text; " + describe(call.args().get(0), sides.get(0)) + " is not text", call.origin());
        }
        return Fragment.join(Queryable.Type.BOOLEAN, "(", " LIKE ", ")", sides);
    }

    private Fragment between(Call call) {
        arity(call, 3);
        List<Fragment> parts = comparable(call, call.args());
        List<Object> parameters = new ArrayList<>();
        parts.forEach(part -> parameters.addAll(part.parameters()));
        String sql = "(" + parts.get(0).sql() + " BETWEEN " + parts.get(1).sql() + " AND "
                + parts.get(2).sql() + ")";
        return new Fragment(sql, parameters, Queryable.Type.BOOLEAN);
    }

    private Fragment in(Call call) {
        arity(call, 2);
        if (!(call.args().get(1) instanceof Expression.ArrayLiteral list)
                || list.items().isEmpty()) {
            throw new Cql2Exception(
                    "IN takes a list of one or more values, as in landUse IN ('forest', 'pasture')",
                    call.args().get(1).origin());
        }
        List<Expression> operands = new ArrayList<>();
        operands.add(call.args().get(0));
        operands.addAll(list.items());
        List<Fragment> parts = comparable(call, operands);
        Fragment needle = parts.get(0);
        Fragment haystack = Fragment.join(Queryable.Type.BOOLEAN, " IN (", ", ", "))", parts.subList(1, parts.size()));
        List<Object> parameters = new ArrayList<>(needle.parameters());
        parameters.addAll(haystack.parameters());
        return new Fragment("(" + needle.sql() + haystack.sql(), parameters, Queryable.Type.BOOLEAN);
    }

    /** Operands that can be compared: all text, all numbers, all booleans or all timestamps. */
    private List<Fragment> comparable(Call call, List<Expression> operands) {
        List<Fragment> fragments = new ArrayList<>();
        for (Expression operand : operands) {
            Fragment fragment = translate(operand);
            if (fragment.type() == Queryable.Type.GEOMETRY || fragment.type() == Queryable.Type.INTERVAL) {
                throw new Cql2Exception(
                        describe(operand, fragment) + " is " + article(fragment.type())
                                + "; compare "
                                + (fragment.type() == Queryable.Type.GEOMETRY
                                        ? "geometries with S_INTERSECTS, S_EQUALS, ..."
                                        : "times with T_INTERSECTS, T_BEFORE, ..."),
                        operand.origin());
            }
            if (!fragments.isEmpty() && fragments.get(0).type() != fragment.type()) {
                throw new Cql2Exception(
                        describe(operands.get(0), fragments.get(0)) + " is "
                                + article(fragments.get(0).type())
                                + " and " + describe(operand, fragment) + " is " + article(fragment.type())
                                + ": '" + call.op() + "' cannot compare them",
                        operand.origin());
            }
            fragments.add(fragment);
        }
        return fragments;
    }

    private Fragment stringArgument(Call call) {
        arity(call, 1);
        Fragment fragment = translate(call.args().get(0));
        if (fragment.type() != Queryable.Type.STRING) {
            throw new Cql2Exception(
                    call.op().toUpperCase(Locale.ROOT) + " takes text; "
                            + describe(call.args().get(0), fragment) + " is " + article(fragment.type()),
                    call.origin());
        }
        return fragment;
    }

    private List<Fragment> geometries(Call call) {
        arity(call, 2);
        List<Fragment> fragments = new ArrayList<>();
        for (Expression argument : call.args()) {
            Fragment fragment = translate(argument);
            if (fragment.type() != Queryable.Type.GEOMETRY) {
                throw new Cql2Exception(
                        call.op().toUpperCase(Locale.ROOT) + " takes geometries; " + describe(argument, fragment)
                                + " is " + article(fragment.type()),
                        argument.origin());
            }
            fragments.add(fragment);
        }
        return fragments;
    }

    /** An instant or interval as its first and last moments, open ends as ±infinity. */
    private record Bounds(Fragment start, Fragment end) {}

    private Fragment temporal(Call call) {
        arity(call, 2);
        Bounds a = bounds(call, call.args().get(0));
        Bounds b = bounds(call, call.args().get(1));
        return switch (call.op()) {
            case "t_before" -> all(is(a.end(), "<", b.start()));
            case "t_after" -> all(is(a.start(), ">", b.end()));
            case "t_meets" -> all(is(a.end(), "=", b.start()));
            case "t_metby" -> all(is(a.start(), "=", b.end()));
            case "t_overlaps" ->
                all(is(a.start(), "<", b.start()), is(a.end(), ">", b.start()), is(a.end(), "<", b.end()));
            case "t_overlappedby" ->
                all(is(a.start(), ">", b.start()), is(a.start(), "<", b.end()), is(a.end(), ">", b.end()));
            case "t_starts" -> all(is(a.start(), "=", b.start()), is(a.end(), "<", b.end()));
            case "t_startedby" -> all(is(a.start(), "=", b.start()), is(a.end(), ">", b.end()));
            case "t_during" -> all(is(a.start(), ">", b.start()), is(a.end(), "<", b.end()));
            case "t_contains" -> all(is(a.start(), "<", b.start()), is(a.end(), ">", b.end()));
            case "t_finishes" -> all(is(a.start(), ">", b.start()), is(a.end(), "=", b.end()));
            case "t_finishedby" -> all(is(a.start(), "<", b.start()), is(a.end(), "=", b.end()));
            case "t_equals" -> all(is(a.start(), "=", b.start()), is(a.end(), "=", b.end()));
            case "t_intersects" -> all(is(a.start(), "<=", b.end()), is(a.end(), ">=", b.start()));
            case "t_disjoint" ->
                Fragment.join(
                        Queryable.Type.BOOLEAN,
                        "NOT ",
                        "",
                        "",
                        List.of(all(is(a.start(), "<=", b.end()), is(a.end(), ">=", b.start()))));
            default -> throw new Cql2Exception("'" + call.op() + "' is not a CQL2 temporal function", call.origin());
        };
    }

    private Bounds bounds(Call call, Expression operand) {
        if (operand instanceof Expression.TimeLiteral time) {
            return new Bounds(timestamp(time.start()), timestamp(time.end()));
        }
        if (operand instanceof Expression.IntervalLiteral interval) {
            return new Bounds(
                    interval.start() == null
                            ? Fragment.of(Queryable.Type.TIMESTAMP, "'-infinity'::timestamptz")
                            : timestamp(interval.start()),
                    interval.end() == null
                            ? Fragment.of(Queryable.Type.TIMESTAMP, "'infinity'::timestamptz")
                            : timestamp(interval.end()));
        }
        if (!(operand instanceof Expression.Property property)) {
            throw new Cql2Exception(
                    call.op().toUpperCase(Locale.ROOT) + " compares times: temporal properties"
                            + " such as validTime, TIMESTAMP(...), DATE(...) or INTERVAL(...)",
                    operand.origin());
        }
        Fragment fragment = property(property);
        Queryable queryable = queryables.get(property.name());
        if (fragment.type() == Queryable.Type.TIMESTAMP) {
            return new Bounds(fragment, fragment);
        }
        if (fragment.type() != Queryable.Type.INTERVAL) {
            throw new Cql2Exception(
                    call.op().toUpperCase(Locale.ROOT) + " compares times; " + describe(property, fragment) + " is "
                            + article(fragment.type()),
                    property.origin());
        }
        return new Bounds(
                Fragment.of(Queryable.Type.TIMESTAMP, "coalesce(" + queryable.sql() + ", '-infinity'::timestamptz)"),
                Fragment.of(Queryable.Type.TIMESTAMP, "coalesce(" + queryable.endSql() + ", 'infinity'::timestamptz)"));
    }

    private static Fragment is(Fragment left, String operator, Fragment right) {
        return Fragment.join(Queryable.Type.BOOLEAN, "", " " + operator + " ", "", List.of(left, right));
    }

    private static Fragment all(Fragment... conditions) {
        return Fragment.join(Queryable.Type.BOOLEAN, "(", " AND ", ")", List.of(conditions));
    }

    private static Fragment timestamp(Instant instant) {
        return Fragment.of(Queryable.Type.TIMESTAMP, "CAST(? AS timestamptz)", instant.atOffset(ZoneOffset.UTC));
    }

    private static void arity(Call call, int count) {
        if (call.args().size() != count) {
            throw new Cql2Exception(
                    "'" + call.op() + "' takes " + count + (count == 1 ? " argument" : " arguments") + "; got "
                            + call.args().size(),
                    call.origin());
        }
    }

    private static String describe(Expression expression, Fragment fragment) {
        if (expression instanceof Expression.Property property) {
            return "the property '" + property.name() + "'";
        } else if (expression instanceof Expression.TextLiteral text) {
            return "'" + text.value() + "'";
        } else if (expression instanceof Expression.NumberLiteral number) {
            return number.value().toPlainString();
        } else if (expression instanceof Expression.BooleanLiteral bool) {
            return String.valueOf(bool.value());
        } else if (expression instanceof Call call) {
            return "the result of '" + call.op() + "'";
        }
        return fragment.type() == Queryable.Type.INTERVAL ? "this interval" : "this value";
    }

    private static String article(Queryable.Type type) {
        return switch (type) {
            case STRING -> "text";
            case NUMBER, INTEGER -> "a number";
            case BOOLEAN -> "a condition";
            case TIMESTAMP -> "a timestamp";
            case GEOMETRY -> "a geometry";
            case INTERVAL -> "an interval";
        };
    }
}
