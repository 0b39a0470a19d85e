package org.tierra.ogcapi.cql2;

/**
 * A property a filter may name, and the trusted SQL that reads it. Filters never reach SQL as text:
 * a property becomes this expression, a literal becomes a bound parameter.
 *
 * @param sql the column or expression; for an interval, its start
 * @param endSql for an interval, its end ({@code NULL} meaning open); {@code null} otherwise
 */
public record Queryable(String name, Type type, String sql, String endSql, String description) {

    public enum Type {
        STRING,
        NUMBER,
        INTEGER,
        BOOLEAN,
        TIMESTAMP,
        GEOMETRY,
        INTERVAL
    }

    public Queryable(String name, Type type, String sql, String description) {
        this(name, type, sql, null, description);
    }

    public static Queryable interval(String name, String startSql, String endSql, String description) {
        return new Queryable(name, Type.INTERVAL, startSql, endSql, description);
    }
}
