package org.tierra.resale;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/**
 * Price indexes (INEGI's INPC, say) and their monthly values, as stored in {@code price_index} and
 * {@code price_index_value}. National statistics: public, no personal data. Every method works on the
 * caller's connection.
 */
final class PriceIndexRepository {

    private PriceIndexRepository() {}

    static Optional<PriceIndexes.PriceIndex> findIndex(Connection connection, String code) {
        return Sql.on(connection, "SELECT code, name_es, name_en FROM price_index WHERE code = :code")
                .bind("code", code)
                .find(row -> new PriceIndexes.PriceIndex(
                        row.getString("code"), new Worksheet.Text(row.getString("name_es"), row.getString("name_en"))));
    }

    /** Creates index {@code index} unless it exists; returns whether it was created. */
    static boolean createIndex(Connection connection, PriceIndexes.PriceIndex index) {
        return Sql.on(connection, """
                                INSERT INTO price_index (code, name_es, name_en) VALUES (:code, :es, :en)
                                ON CONFLICT (code) DO NOTHING
                                """)
                        .bind("code", index.code())
                        .bind("es", index.name().es())
                        .bind("en", index.name().en())
                        .update()
                == 1;
    }

    /** Every value of {@code code}, oldest month first. */
    static List<PriceIndexes.IndexValue> listValues(Connection connection, String code) {
        return Sql.on(connection, "SELECT month, value FROM price_index_value WHERE index_code = :code ORDER BY month")
                .bind("code", code)
                .list(PriceIndexRepository::valueFrom);
    }

    /** The value of {@code code} for {@code month}, or for the latest month before it that has one. */
    static Optional<PriceIndexes.IndexValue> findValueAtOrBefore(Connection connection, String code, YearMonth month) {
        return Sql.on(connection, """
                        SELECT month, value FROM price_index_value
                        WHERE index_code = :code AND month <= :month
                        ORDER BY month DESC
                        LIMIT 1
                        """)
                .bind("code", code)
                .bind("month", month.atDay(1))
                .find(PriceIndexRepository::valueFrom);
    }

    /**
     * Writes {@code values} of index {@code code}, replacing a month's earlier value; a value equal to the
     * stored one is left alone, so sending the same values twice changes nothing.
     *
     * @return the months whose value was inserted or changed
     */
    static List<YearMonth> upsertValues(Connection connection, String code, List<PriceIndexes.IndexValue> values) {
        List<YearMonth> changed = new ArrayList<>();
        for (PriceIndexes.IndexValue value : values) {
            int written = Sql.on(connection, """
                            INSERT INTO price_index_value (index_code, month, value) VALUES (:code, :month, :value)
                            ON CONFLICT (index_code, month) DO UPDATE SET value = EXCLUDED.value
                            WHERE price_index_value.value <> EXCLUDED.value
                            """)
                    .bind("code", code)
                    .bind("month", value.month().atDay(1))
                    .bind("value", value.value())
                    .update();
            if (written == 1) {
                changed.add(value.month());
            }
        }
        return changed;
    }

    private static PriceIndexes.IndexValue valueFrom(Row row) throws SQLException {
        return new PriceIndexes.IndexValue(
                YearMonth.from(row.getDate("month")), row.getDecimal("value").stripTrailingZeros());
    }
}
