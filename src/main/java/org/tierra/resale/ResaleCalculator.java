package org.tierra.resale;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseException;
import org.tierra.money.Currencies;

/**
 * Quotes resale prices from stored policies: gathers the facts (from a lease, or as given) and hands them
 * to {@link ResaleFormula}. Reads only; never writes. Access checks are the caller's.
 */
public final class ResaleCalculator {

    private ResaleCalculator() {}

    private static final String LEASE = """
            SELECT g.code, g.currency, c.minor_units, g.starts_on, g.ends_on, g.closed_on,
                   g.resale_policy_id, g.resale_policy_version,
                   g.purchase_price, g.purchase_appraisal, g.purchase_index_value
            FROM ground_lease g JOIN currency c ON c.code = g.currency
            WHERE g.id = ?
            """;

    /**
     * Loads lease leaseId's resale policy version (the one it signed) and its facts — purchase price,
     * appraisal and index value from ground_lease (purchasedOn = starts_on), improvement credits from
     * stewardship_event rows of kind 'improvement' on the lease or its parcels dated within the lease, the
     * current index value from price_index_value for soldOn's month (or the latest month before it — say
     * which in the worksheet) — and computes the price.
     *
     * <p>Improvements count when dated from the lease's start up to the sale, and before the lease closed
     * or ended; an event recorded on a parcel counts only when it names no other lease. When the lease holds
     * no index value at purchase, the index's value for the month it started (or the latest before) is used,
     * and the worksheet says so.
     *
     * @throws Problem 404 when there is no such lease; 409 when the lease has no resale policy or no
     *     purchase price, or an improvement is recorded in another currency; 422 naming what is missing
     *     (field "currentAppraisal" for appraisal policies, the index month, ...) or {@code soldOn} before
     *     the lease started
     */
    public static ResaleQuote quoteForLease(
            Connection connection, long leaseId, LocalDate soldOn, Optional<BigDecimal> currentAppraisal) {
        try (PreparedStatement statement = connection.prepareStatement(LEASE)) {
            statement.setLong(1, leaseId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw Problem.notFound("There is no lease with id " + leaseId + ".");
                }
                String code = row.getString("code");
                long policyId = row.getLong("resale_policy_id");
                if (row.wasNull()) {
                    throw conflict("Lease " + code + " has no resale policy, so its resale price is not capped.");
                }
                int policyVersion = row.getInt("resale_policy_version");
                BigDecimal purchasePrice = row.getBigDecimal("purchase_price");
                if (purchasePrice == null) {
                    throw conflict("Lease " + code + " records no purchase price; record what the lessees paid for"
                            + " the home first.");
                }
                String currency = row.getString("currency");
                LocalDate startsOn = row.getDate("starts_on").toLocalDate();
                if (soldOn.isBefore(startsOn)) {
                    throw Problem.invalidField(
                            "soldOn",
                            "The sale (" + soldOn + ") cannot come before the lease started (" + startsOn + ").");
                }
                LocalDate endsOn = Optional.ofNullable(row.getDate("closed_on"))
                        .orElse(row.getDate("ends_on"))
                        .toLocalDate();
                ResalePolicies.Version version = ResalePolicies.findVersion(connection, policyId, policyVersion)
                        .orElseThrow();
                ResaleTerms terms = version.parsedTerms();
                List<Worksheet.Step> sources = new ArrayList<>();
                Optional<BigDecimal> purchaseIndexValue =
                        Optional.ofNullable(row.getBigDecimal("purchase_index_value"));
                Optional<BigDecimal> currentIndexValue = Optional.empty();
                if (terms instanceof ResaleTerms.IndexLinked indexLinked) {
                    if (purchaseIndexValue.isEmpty()) {
                        purchaseIndexValue = Optional.of(
                                indexValue(connection, indexLinked.index(), startsOn, "purchaseIndexValue", sources));
                    }
                    currentIndexValue = Optional.of(
                            indexValue(connection, indexLinked.index(), soldOn, "currentIndexValue", sources));
                }
                ResaleFacts facts = new ResaleFacts(
                        currency,
                        purchasePrice,
                        startsOn,
                        soldOn,
                        Optional.ofNullable(row.getBigDecimal("purchase_appraisal")),
                        currentAppraisal,
                        purchaseIndexValue,
                        currentIndexValue,
                        listImprovements(connection, leaseId, currency, startsOn, soldOn, endsOn));
                Worksheet worksheet = ResaleFormula.compute(terms, facts, row.getInt("minor_units"), sources);
                return new ResaleQuote(policyId, policyVersion, terms.family(), worksheet.price(), currency, worksheet);
            }
        } catch (SQLException e) {
            throw new DatabaseException(LEASE, e);
        }
    }

    /**
     * The price version {@code version} of policy {@code policyId} gives for {@code facts}: the board's
     * "what if".
     *
     * @throws Problem 404 when there is no such version; 422 naming a missing fact or an unknown currency
     */
    public static ResaleQuote quote(Connection connection, long policyId, int version, ResaleFacts facts) {
        ResalePolicies.Version stored = ResalePolicies.findVersion(connection, policyId, version)
                .orElseThrow(() -> Problem.notFound("Resale policy " + policyId + " has no version " + version + "."));
        ResaleTerms terms = stored.parsedTerms();
        Worksheet worksheet = ResaleFormula.compute(terms, facts, minorUnitsOf(connection, facts.currency()));
        return new ResaleQuote(policyId, version, terms.family(), worksheet.price(), facts.currency(), worksheet);
    }

    /** @throws Problem 422 (field {@code currency}) when Tierra does not accept the currency */
    private static int minorUnitsOf(Connection connection, String currency) {
        return Currencies.findMinorUnits(connection, currency)
                .orElseThrow(() -> Problem.invalidField(
                        "currency",
                        "Tierra does not accept currency '" + currency + "'; use an ISO code such as MXN."));
    }

    private static final String IMPROVEMENTS = """
            SELECT e.id, e.occurred_on, coalesce(e.notes, '') AS notes, e.improvement_value, e.currency
            FROM stewardship_event e
            WHERE e.kind = 'improvement'
              AND e.improvement_value IS NOT NULL
              AND (e.lease_id = ?
                   OR (e.lease_id IS NULL
                       AND e.parcel_id IN (SELECT lp.parcel_id FROM ground_lease_parcel lp WHERE lp.lease_id = ?)))
              AND e.occurred_on >= ? AND e.occurred_on <= ? AND e.occurred_on < ?
            ORDER BY e.occurred_on, e.id
            """;

    private static List<ImprovementCredit> listImprovements(
            Connection connection,
            long leaseId,
            String currency,
            LocalDate startsOn,
            LocalDate soldOn,
            LocalDate endsOn) {
        try (PreparedStatement statement = connection.prepareStatement(IMPROVEMENTS)) {
            statement.setLong(1, leaseId);
            statement.setLong(2, leaseId);
            statement.setDate(3, Date.valueOf(startsOn));
            statement.setDate(4, Date.valueOf(soldOn));
            statement.setDate(5, Date.valueOf(endsOn));
            List<ImprovementCredit> credits = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long eventId = row.getLong("id");
                    if (!row.getString("currency").equals(currency)) {
                        throw conflict("Improvement " + eventId + " is recorded in " + row.getString("currency")
                                + ", but the lease is in " + currency + "; correct the event before quoting.");
                    }
                    String notes = row.getString("notes").strip();
                    credits.add(new ImprovementCredit(
                            row.getDate("occurred_on").toLocalDate(),
                            "#" + eventId + (notes.isEmpty() ? "" : " " + notes),
                            row.getBigDecimal("improvement_value")));
                }
            }
            return credits;
        } catch (SQLException e) {
            throw new DatabaseException(IMPROVEMENTS, e);
        }
    }

    /** The index value for {@code on}'s month or the latest before, with a step saying which month it is. */
    private static BigDecimal indexValue(
            Connection connection, String index, LocalDate on, String field, List<Worksheet.Step> sources) {
        YearMonth month = YearMonth.from(on);
        PriceIndexes.IndexValue value = PriceIndexes.findValueAtOrBefore(connection, index, month)
                .orElseThrow(() -> new Problem(
                        ResaleProblem.MISSING_INDEX_VALUE,
                        "Price index '" + index + "' has no value for " + month + " or any month before it;"
                                + " publish it with PUT /api/v1/price-indexes/" + index + "/values.",
                        Map.of("field", field, "index", index, "month", month.toString())));
        boolean same = value.month().equals(month);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("index", index);
        inputs.put("wantedMonth", month.toString());
        inputs.put("usedMonth", value.month().toString());
        String purpose = field.equals("currentIndexValue") ? "venta" : "compra";
        String purposeEn = field.equals("currentIndexValue") ? "sale" : "purchase";
        sources.add(new Worksheet.Step(
                field,
                new Worksheet.Text("Índice a la " + purpose, "Index at " + purposeEn),
                same
                        ? new Worksheet.Text(
                                "Valor de " + index + " para " + month + ", el mes de la " + purpose + ".",
                                "Value of " + index + " for " + month + ", the month of the " + purposeEn + ".")
                        : new Worksheet.Text(
                                "No hay valor de " + index + " para " + month + "; se usa el último publicado antes, "
                                        + value.month() + ".",
                                "No value of " + index + " for " + month + " yet; the latest before it, "
                                        + value.month() + ", is used."),
                inputs,
                value.value().toPlainString()));
        return value.value();
    }

    private static Problem conflict(String detail) {
        return new Problem(CommonProblem.CONFLICT, detail, Map.of());
    }
}
