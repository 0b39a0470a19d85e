package org.tierra.db;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The current row of a query, read by column name: {@code getX} for a column that is never {@code NULL}
 * (it throws when it is), {@code findX} for one that may be.
 */
public final class Row {

    private final ResultSet results;

    Row(ResultSet results) {
        this.results = results;
    }

    public long getLong(String column) throws SQLException {
        return required(column, findLong(column));
    }

    public Optional<Long> findLong(String column) throws SQLException {
        long value = results.getLong(column);
        return results.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public int getInt(String column) throws SQLException {
        return required(column, findInt(column));
    }

    public Optional<Integer> findInt(String column) throws SQLException {
        int value = results.getInt(column);
        return results.wasNull() ? Optional.empty() : Optional.of(value);
    }

    /** A {@code double precision} column. */
    public double getDouble(String column) throws SQLException {
        return required(column, findDouble(column));
    }

    public Optional<Double> findDouble(String column) throws SQLException {
        double value = results.getDouble(column);
        return results.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public boolean getBoolean(String column) throws SQLException {
        return required(column, Optional.ofNullable(results.getObject(column, Boolean.class)));
    }

    public String getString(String column) throws SQLException {
        return required(column, findString(column));
    }

    public Optional<String> findString(String column) throws SQLException {
        return Optional.ofNullable(results.getString(column));
    }

    public BigDecimal getDecimal(String column) throws SQLException {
        return required(column, findDecimal(column));
    }

    public Optional<BigDecimal> findDecimal(String column) throws SQLException {
        return Optional.ofNullable(results.getBigDecimal(column));
    }

    public LocalDate getDate(String column) throws SQLException {
        return required(column, findDate(column));
    }

    public Optional<LocalDate> findDate(String column) throws SQLException {
        return Optional.ofNullable(results.getObject(column, LocalDate.class));
    }

    /** A {@code timestamptz} column. */
    public Instant getInstant(String column) throws SQLException {
        return required(column, findInstant(column));
    }

    public Optional<Instant> findInstant(String column) throws SQLException {
        return Optional.ofNullable(results.getObject(column, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    public byte[] getBytes(String column) throws SQLException {
        return required(column, Optional.ofNullable(results.getBytes(column)));
    }

    /** A column holding one of the codes of {@code type}. */
    public <E extends Enum<E> & DatabaseCode> E getCode(String column, Class<E> type) throws SQLException {
        return DatabaseCode.fromDatabase(type, getString(column));
    }

    public <E extends Enum<E> & DatabaseCode> Optional<E> findCode(String column, Class<E> type) throws SQLException {
        Optional<String> code = findString(column);
        return code.isEmpty() ? Optional.empty() : Optional.of(DatabaseCode.fromDatabase(type, code.get()));
    }

    /** A {@code bigint[]} column; empty for {@code NULL}. */
    public List<Long> getLongs(String column) throws SQLException {
        Array array = results.getArray(column);
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }

    /** An {@code integer[]} column; empty for {@code NULL}. */
    public List<Integer> getInts(String column) throws SQLException {
        Array array = results.getArray(column);
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }

    /** A {@code text[]} column; empty for {@code NULL}. */
    public List<String> getStrings(String column) throws SQLException {
        Array array = results.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static <T> T required(String column, Optional<T> value) {
        return value.orElseThrow(() -> new IllegalStateException("column " + column + " is NULL"));
    }
}
