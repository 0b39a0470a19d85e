package org.tierra.db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SQL statement with named parameters, run on the caller's connection (and so in its transaction):
 *
 * <pre>{@code
 * List<Lease> leases = Sql.on(connection, """
 *         SELECT id, code, starts_on FROM ground_lease WHERE trust_id = :trust AND status = :status
 *         """)
 *         .bind("trust", trustId)
 *         .bind("status", LeaseStatus.ACTIVE)
 *         .list(row -> new Lease(row.getLong("id"), row.getString("code"), row.getDate("starts_on")));
 * }</pre>
 *
 * <p>A parameter is {@code :name} (letters, digits, {@code _}); {@code ::type} casts, string literals,
 * quoted identifiers and comments are left alone, and a name may appear several times. Every parameter
 * must be bound before the statement runs. Values are bound by their Java type (see {@link #bind});
 * {@code null} and an empty {@link Optional} bind SQL {@code NULL} of no stated type, which PostgreSQL
 * infers from the column it meets; where it cannot ({@code :x IS NULL}), cast it: {@code CAST(:x AS
 * bigint)}. Rows are read by column name through {@link Row}. Every {@link SQLException} is wrapped once
 * in a {@link DatabaseException} carrying this SQL.
 */
public final class Sql {

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private final Connection connection;
    private final String sql;
    private final Parsed parsed;
    private final Map<String, Object> values = new HashMap<>();

    private Sql(Connection connection, String sql) {
        this.connection = connection;
        this.sql = sql;
        this.parsed = PARSED.computeIfAbsent(sql, Sql::parse);
    }

    /** The statement {@code sql}, to run on {@code connection}. */
    public static Sql on(Connection connection, String sql) {
        return new Sql(connection, sql);
    }

    /** Reads one row; the column names are those of the statement's select list. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /**
     * Binds {@code value} to every {@code :name}: a {@code String}, {@code Long}, {@code Integer},
     * {@code Double}, {@code Boolean}, {@code BigDecimal}, {@code LocalDate}, {@code Instant} (as {@code timestamptz}),
     * {@code byte[]}, a {@link DatabaseCode} (its code), a collection of {@code Long} ({@code bigint[]}),
     * {@code Integer} ({@code integer[]}) or {@code String} ({@code text[]}), an {@link Optional} of any of these, or {@code null}.
     *
     * @throws IllegalArgumentException when the statement has no parameter {@code name}
     */
    public Sql bind(String name, Object value) {
        if (!parsed.names().contains(name)) {
            throw new IllegalArgumentException("no parameter :" + name + " in\n" + sql);
        }
        values.put(name, value instanceof Optional<?> optional ? optional.orElse(null) : value);
        return this;
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
    public int update() {
        try (PreparedStatement statement = prepare()) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Runs a statement for its effect, whatever it returns (a {@code SELECT set_config(...)}, a lock). */
    public void execute() {
        try (PreparedStatement statement = prepare()) {
            statement.execute();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Every row, in the statement's order. */
    public <T> List<T> list(RowMapper<T> mapper) {
        try (PreparedStatement statement = prepare();
                ResultSet results = statement.executeQuery()) {
            Row row = new Row(results);
            List<T> rows = new ArrayList<>();
            while (results.next()) {
                rows.add(mapper.map(row));
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /**
     * The only row, if there is one.
     *
     * @throws IllegalStateException when the statement returns more than one row
     */
    public <T> Optional<T> find(RowMapper<T> mapper) {
        List<T> rows = list(mapper);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " from\n" + sql);
        }
        return rows.stream().findFirst();
    }

    /**
     * The one row the statement always returns (a count, an {@code INSERT ... RETURNING}).
     *
     * @throws IllegalStateException when it returns none
     */
    public <T> T get(RowMapper<T> mapper) {
        return find(mapper).orElseThrow(() -> new IllegalStateException("expected one row from\n" + sql));
    }

    private PreparedStatement prepare() throws SQLException {
        PreparedStatement statement = connection.prepareStatement(parsed.jdbcSql());
        try {
            for (int i = 0; i < parsed.order().size(); i++) {
                String name = parsed.order().get(i);
                if (!values.containsKey(name)) {
                    throw new IllegalStateException("parameter :" + name + " is not bound in\n" + sql);
                }
                set(statement, i + 1, values.get(name));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private void set(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof DatabaseCode code) {
            statement.setString(index, code.databaseCode());
        } else if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof Collection<?> items) {
            statement.setArray(index, array(items));
        } else if (value instanceof String
                || value instanceof Long
                || value instanceof Integer
                || value instanceof Double
                || value instanceof Boolean
                || value instanceof BigDecimal
                || value instanceof LocalDate
                || value instanceof OffsetDateTime) {
            statement.setObject(index, value);
        } else {
            throw new IllegalArgumentException(
                    "cannot bind a " + value.getClass().getName() + " (use a String, number, date or code)");
        }
    }

    private java.sql.Array array(Collection<?> items) throws SQLException {
        if (items.stream().allMatch(Long.class::isInstance)) {
            return connection.createArrayOf("bigint", items.toArray());
        }
        if (items.stream().allMatch(Integer.class::isInstance)) {
            return connection.createArrayOf("integer", items.toArray());
        }
        if (items.stream().allMatch(String.class::isInstance)) {
            return connection.createArrayOf("text", items.toArray());
        }
        throw new IllegalArgumentException("a bound collection holds only Longs, only Integers or only Strings");
    }

    /** The statement as JDBC takes it ({@code ?} for each parameter) and the parameter names in order. */
    private record Parsed(String jdbcSql, List<String> order, java.util.Set<String> names) {}

    /** Replaces each {@code :name} outside literals, quoted identifiers and comments with {@code ?}. */
    private static Parsed parse(String sql) {
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> order = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int skipTo = skipLiteralOrComment(sql, i);
            if (skipTo > i) {
                jdbc.append(sql, i, skipTo);
                i = skipTo;
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                jdbc.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && isNamePart(sql.charAt(end))) {
                    end++;
                }
                order.add(sql.substring(i + 1, end));
                jdbc.append('?');
                i = end;
            } else {
                jdbc.append(c);
                i++;
            }
        }
        return new Parsed(jdbc.toString(), List.copyOf(order), java.util.Set.copyOf(order));
    }

    /** The index after a string literal, quoted identifier or comment starting at {@code i}; else {@code i}. */
    private static int skipLiteralOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int end = sql.indexOf(c, i + 1);
            while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                end = sql.indexOf(c, end + 2); // a doubled quote is part of the text
            }
            return end < 0 ? sql.length() : end + 1;
        }
        if (sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return i;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
