package org.tierra.resale;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tierra.access.Change;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;

/**
 * Price indexes (INEGI's INPC, say) and their monthly values: public national statistics, read by anyone
 * and published by the server operator (the route says who may). Every publication that changes something
 * is audited.
 */
public final class PriceIndexes {

    /** The form of an index code, as the schema checks it. */
    public static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{1,30}");

    private final Database database;
    private final AuditLog audit;

    public PriceIndexes(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

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

    /** An index with every value, oldest month first. */
    public record IndexWithValues(PriceIndex index, List<IndexValue> values) {}

    /**
     * Index {@code code} with its values.
     *
     * @throws Problem 404 when there is none
     */
    public IndexWithValues getIndex(String code) {
        return database.withConnection(connection -> new IndexWithValues(
                PriceIndexRepository.findIndex(connection, code)
                        .orElseThrow(() -> Problem.notFound("There is no price index '" + code + "'.")),
                PriceIndexRepository.listValues(connection, code)));
    }

    /** What a publication did: the index as it is now, and the months whose value it wrote or changed. */
    public record Publication(IndexWithValues index, List<YearMonth> changedMonths) {}

    /**
     * Publishes {@code values} of index {@code code}, creating the index with {@code name} when it is new; a
     * month's earlier value is replaced, an equal one left alone.
     *
     * @throws Problem 404 when there is no such index and no {@code name} to create it with
     */
    public Publication putValues(String code, Optional<Worksheet.Text> name, List<IndexValue> values, Change change) {
        return database.inTransaction(connection -> {
            boolean created = false;
            if (PriceIndexRepository.findIndex(connection, code).isEmpty()) {
                if (name.isEmpty()) {
                    throw Problem.notFound("There is no price index '" + code
                            + "'; to create it, give its 'name' in Spanish and English: {\"es\": ..., \"en\": ...}.");
                }
                created = PriceIndexRepository.createIndex(connection, new PriceIndex(code, name.get()));
            }
            List<YearMonth> changed = PriceIndexRepository.upsertValues(connection, code, values);
            if (created || !changed.isEmpty()) {
                audit.record(
                        connection,
                        change,
                        new AuditEvent(
                                Optional.empty(),
                                "price_index",
                                code,
                                "put_values",
                                Map.of(
                                        "created",
                                        created,
                                        "changedMonths",
                                        changed.stream()
                                                .map(YearMonth::toString)
                                                .toList())));
            }
            return new Publication(
                    new IndexWithValues(
                            PriceIndexRepository.findIndex(connection, code).orElseThrow(),
                            PriceIndexRepository.listValues(connection, code)),
                    changed);
        });
    }
}
