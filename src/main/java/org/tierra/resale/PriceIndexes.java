package org.tierra.resale;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tierra.db.DatabaseException;

/**
 * Price indexes (INEGI's INPC, say) and their monthly values, as stored in {@code price_index} and
 * {@code price_index_value}. National statistics: public, no personal data.
 */
public final class PriceIndexes {

    /** The form of an index code, as the schema checks it. */
    public static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,30}");

    private PriceIndexes() {}

    /** An index, named in both languages. */
    public record PriceIndex(String code, Worksheet.Text name) {
        public PriceIndex {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(name, "name");
        }
    }

    /** The value of an index for one month, always positive. */
    public record IndexValue(YearMonth month, BigDecimal value) {
        public IndexValue {
            Objects.requireNonNull(month, "month");
            if (value.signum() <= 0) {
                throw new IllegalArgumentException("an index value is positive: " + value);
            }
        }
    }

    private static final String FIND_INDEX = "SELECT code, name_es, name_en FROM price_index WHERE code = ?";

    public static Optional<PriceIndex> findIndex(Connection connection, String code) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_INDEX)) {
            statement.setString(1, code);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PriceIndex(
                        row.getString("code"), new Worksheet.Text(row.getString("name_es"), row.getString("name_en"))));
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_INDEX, e);
        }
    }

    private static final String CREATE_INDEX = """
            INSERT INTO price_index (code, name_es, name_en) VALUES (?, ?, ?)
            ON CONFLICT (code) DO NOTHING
            """;

    /** Creates index {@code index} unless it exists; returns whether it was created. */
    public static boolean createIndex(Connection connection, PriceIndex index) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE_INDEX)) {
            statement.setString(1, index.code());
            statement.setString(2, index.name().es());
            statement.setString(3, index.name().en());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(CREATE_INDEX, e);
        }
    }

    private static final String LIST_VALUES = """
            SELECT month, value FROM price_index_value WHERE index_code = ? ORDER BY month
            """;

    /** Every value of {@code code}, oldest month first. */
    public static List<IndexValue> listValues(Connection connection, String code) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_VALUES)) {
            statement.setString(1, code);
            List<IndexValue> values = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    values.add(value(row));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_VALUES, e);
        }
    }

    private static final String VALUE_AT_OR_BEFORE = """
            SELECT month, value FROM price_index_value
            WHERE index_code = ? AND month <= ?
            ORDER BY month DESC
            LIMIT 1
            """;

    /** The value of {@code code} for {@code month}, or for the latest month before it that has one. */
    public static Optional<IndexValue> findValueAtOrBefore(Connection connection, String code, YearMonth month) {
        try (PreparedStatement statement = connection.prepareStatement(VALUE_AT_OR_BEFORE)) {
            statement.setString(1, code);
            statement.setDate(2, Date.valueOf(month.atDay(1)));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(value(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(VALUE_AT_OR_BEFORE, e);
        }
    }

    private static final String UPSERT_VALUE = """
            INSERT INTO price_index_value (index_code, month, value) VALUES (?, ?, ?)
            ON CONFLICT (index_code, month) DO UPDATE SET value = EXCLUDED.value
            WHERE price_index_value.value <> EXCLUDED.value
            """;

    /**
     * Writes {@code values} of index {@code code}, replacing a month's earlier value; a value equal to the
     * stored one is left alone, so sending the same values twice changes nothing.
     *
     * @return the months whose value was inserted or changed
     */
    public static List<YearMonth> upsertValues(Connection connection, String code, List<IndexValue> values) {
        List<YearMonth> changed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_VALUE)) {
            for (IndexValue value : values) {
                statement.setString(1, code);
                statement.setDate(2, Date.valueOf(value.month().atDay(1)));
                statement.setBigDecimal(3, value.value());
                if (statement.executeUpdate() == 1) {
                    changed.add(value.month());
                }
            }
            return changed;
        } catch (SQLException e) {
            throw new DatabaseException(UPSERT_VALUE, e);
        }
    }

    private static IndexValue value(ResultSet row) throws SQLException {
        return new IndexValue(
                YearMonth.from(row.getDate("month").toLocalDate()),
                row.getBigDecimal("value").stripTrailingZeros());
    }
}
