package org.tierra.resale;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Sql;
import org.tierra.money.Currencies;

/**
 * Quotes resale prices from stored policies: gathers the facts (from a lease, or as given) and hands them
 * to {@link ResaleFormula}. Reads only; never writes. Access checks are the caller's.
 */
public final class ResaleCalculator {

    private ResaleCalculator() {}

    /** What a quote reads of the lease being sold. */
    private record LeaseFacts(
            String code,
            String currency,
            int minorUnits,
            LocalDate startsOn,
            LocalDate endsOn,
            Optional<LocalDate> closedOn,
            Optional<Long> policyId,
            Optional<Integer> policyVersion,
            Optional<BigDecimal> purchasePrice,
            Optional<BigDecimal> purchaseAppraisal,
            Optional<BigDecimal> purchaseIndexValue) {}

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
        LeaseFacts lease = Sql.on(connection, """
                        SELECT g.code, g.currency, c.minor_units, g.starts_on, g.ends_on, g.closed_on,
                               g.resale_policy_id, g.resale_policy_version,
                               g.purchase_price, g.purchase_appraisal, g.purchase_index_value
                        FROM ground_lease g JOIN currency c ON c.code = g.currency
                        WHERE g.id = :lease
                        """)
                .bind("lease", leaseId)
                .find(row -> new LeaseFacts(
                        row.getString("code"),
                        row.getString("currency"),
                        row.getInt("minor_units"),
                        row.getDate("starts_on"),
                        row.getDate("ends_on"),
                        row.findDate("closed_on"),
                        row.findLong("resale_policy_id"),
                        row.findInt("resale_policy_version"),
                        row.findDecimal("purchase_price"),
                        row.findDecimal("purchase_appraisal"),
                        row.findDecimal("purchase_index_value")))
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + leaseId + "."));
        long policyId = lease.policyId()
                .orElseThrow(() -> conflict(
                        "Lease " + lease.code() + " has no resale policy, so its resale price is not capped."));
        int policyVersion = lease.policyVersion().orElseThrow();
        BigDecimal purchasePrice = lease.purchasePrice()
                .orElseThrow(() -> conflict("Lease " + lease.code()
                        + " records no purchase price; record what the lessees paid for the home first."));
        LocalDate startsOn = lease.startsOn();
        if (soldOn.isBefore(startsOn)) {
            throw Problem.invalidField(
                    "soldOn", "The sale (" + soldOn + ") cannot come before the lease started (" + startsOn + ").");
        }
        LocalDate endsOn = lease.closedOn().orElse(lease.endsOn());
        ResaleTerms terms = ResalePolicyRepository.findVersion(connection, policyId, policyVersion)
                .orElseThrow()
                .parsedTerms();
        List<Worksheet.Step> sources = new ArrayList<>();
        Optional<BigDecimal> purchaseIndexValue = lease.purchaseIndexValue();
        Optional<BigDecimal> currentIndexValue = Optional.empty();
        if (terms instanceof ResaleTerms.IndexLinked indexLinked) {
            if (purchaseIndexValue.isEmpty()) {
                purchaseIndexValue = Optional.of(
                        indexValue(connection, indexLinked.index(), startsOn, "purchaseIndexValue", sources));
            }
            currentIndexValue =
                    Optional.of(indexValue(connection, indexLinked.index(), soldOn, "currentIndexValue", sources));
        }
        String currency = lease.currency();
        ResaleFacts facts = new ResaleFacts(
                currency,
                purchasePrice,
                startsOn,
                soldOn,
                lease.purchaseAppraisal(),
                currentAppraisal,
                purchaseIndexValue,
                currentIndexValue,
                listImprovements(connection, leaseId, currency, startsOn, soldOn, endsOn));
        Worksheet worksheet = ResaleFormula.compute(terms, facts, lease.minorUnits(), sources);
        return new ResaleQuote(policyId, policyVersion, terms.family(), worksheet.price(), currency, worksheet);
    }

    /**
     * The price version {@code version} of policy {@code policyId} gives for {@code facts}: the board's
     * "what if".
     *
     * @throws Problem 404 when there is no such version; 422 naming a missing fact or an unknown currency
     */
    public static ResaleQuote quote(Connection connection, long policyId, int version, ResaleFacts facts) {
        ResalePolicy.Version stored = ResalePolicyRepository.findVersion(connection, policyId, version)
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

    /**
     * The improvements credited to a sale of lease {@code leaseId} on {@code soldOn}: dated from the lease's
     * start up to the sale and before {@code endsOn} (its end, or its closing), recorded on the lease or on
     * one of its parcels without naming another lease.
     *
     * @throws Problem 409 when one is recorded in another currency than the lease's
     */
    private static List<ImprovementCredit> listImprovements(
            Connection connection,
            long leaseId,
            String currency,
            LocalDate startsOn,
            LocalDate soldOn,
            LocalDate endsOn) {
        return Sql.on(connection, """
                        SELECT e.id, e.occurred_on, coalesce(e.notes, '') AS notes, e.improvement_value, e.currency
                        FROM stewardship_event e
                        WHERE e.kind = 'improvement'
                          AND e.improvement_value IS NOT NULL
                          AND (e.lease_id = :lease
                               OR (e.lease_id IS NULL
                                   AND e.parcel_id IN (SELECT lp.parcel_id FROM ground_lease_parcel lp
                                                       WHERE lp.lease_id = :lease)))
                          AND e.occurred_on >= :startsOn AND e.occurred_on <= :soldOn AND e.occurred_on < :endsOn
                        ORDER BY e.occurred_on, e.id
                        """)
                .bind("lease", leaseId)
                .bind("startsOn", startsOn)
                .bind("soldOn", soldOn)
                .bind("endsOn", endsOn)
                .list(row -> {
                    long eventId = row.getLong("id");
                    if (!row.getString("currency").equals(currency)) {
                        throw conflict("Improvement " + eventId + " is recorded in " + row.getString("currency")
                                + ", but the lease is in " + currency + "; correct the event before quoting.");
                    }
                    String notes = row.getString("notes").strip();
                    return new ImprovementCredit(
                            row.getDate("occurred_on"),
                            "#" + eventId + (notes.isEmpty() ? "" : " " + notes),
                            row.getDecimal("improvement_value"));
                });
    }

    /** The index value for {@code on}'s month or the latest before, with a step saying which month it is. */
    private static BigDecimal indexValue(
            Connection connection, String index, LocalDate on, String field, List<Worksheet.Step> sources) {
        YearMonth month = YearMonth.from(on);
        PriceIndexes.IndexValue value = PriceIndexRepository.findValueAtOrBefore(connection, index, month)
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
