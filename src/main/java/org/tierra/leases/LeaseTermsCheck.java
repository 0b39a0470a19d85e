package org.tierra.leases;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;
import org.tierra.money.Currencies;
import org.tierra.trusts.Trust;

/**
 * Checks {@link LeaseTerms} whole: what is required, the defaults, the members against each other and
 * against the trust's parcels, parties, currencies, price indexes and resale policies. Every refusal is a
 * 422 naming the field and what to fix ({@code parcel-retired} for a retired parcel). Reads only.
 */
final class LeaseTermsCheck {

    /** A lease runs this long when neither {@code termYears} nor {@code endsOn} says otherwise. */
    static final int DEFAULT_TERM_YEARS = 99;
    // numeric(16, 2) and numeric(14, 6) hold this many digits before the decimal point.
    private static final int AMOUNT_INTEGER_DIGITS = 14;
    private static final int INDEX_INTEGER_DIGITS = 8;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private LeaseTermsCheck() {}

    /** The lease {@code terms} describe, for {@code trust}; the caller has checked who may write it. */
    static NewLease check(Connection connection, Trust trust, LeaseTerms terms) {
        String code = terms.code().orElseThrow(() -> Problem.invalidField("code", "'code' is required."));
        List<Long> parcelIds = checkParcels(connection, trust, terms.parcels());
        List<NewLease.Lessee> lessees = checkLessees(connection, trust, terms.lessees());
        LocalDate startsOn = terms.startsOn()
                .orElseThrow(
                        () -> Problem.invalidField("startsOn", "'startsOn' is required: a date such as 2027-01-31."));
        LocalDate endsOn = checkEnd(terms, startsOn);
        boolean renewable = terms.renewable().orElse(true);
        if (terms.renewalTermYears().isPresent() && !renewable) {
            throw Problem.invalidField(
                    "renewalTermYears", "A lease that is not renewable has no renewal term: drop 'renewalTermYears'.");
        }
        PermittedUse permittedUse = terms.permittedUse()
                .orElseThrow(() -> Problem.invalidField(
                        "permittedUse",
                        "'permittedUse' is required: one of " + sortedCodes(PermittedUse.values()) + "."));
        LeaseTerms.FeeTerms givenFee = terms.fee().orElseThrow(() -> Problem.invalidField("fee", "'fee' is required."));
        String currency = givenFee.currency().orElse("MXN");
        int minorUnits = Currencies.findMinorUnits(connection, currency)
                .orElseThrow(() -> Problem.invalidField(
                        "fee.currency",
                        "Tierra does not accept the currency '" + currency
                                + "'; use an ISO 4217 code it knows, such as MXN or USD."));
        BigDecimal feeAmount = requiredAmount("fee.amount", givenFee.amount(), currency, minorUnits);
        Fee fee = new Fee(feeAmount, currency, givenFee.period().orElse(Fee.Period.MONTHLY));
        Escalation escalation = checkEscalation(connection, terms.escalation());
        Optional<Lease.PolicyRef> policy = terms.resalePolicy().map(choice -> checkPolicy(connection, trust, choice));
        Optional<Purchase> purchase = terms.purchase()
                .map(given -> new Purchase(
                        Optional.of(requiredAmount("purchase.price", given.price(), currency, minorUnits)),
                        given.appraisal().map(value -> checkAmount("purchase.appraisal", value, currency, minorUnits)),
                        given.indexValue().map(LeaseTermsCheck::checkIndexValue)));
        return new NewLease(
                trust.id(),
                code,
                parcelIds,
                lessees,
                startsOn,
                endsOn,
                renewable,
                terms.renewalTermYears(),
                permittedUse,
                fee,
                escalation,
                policy,
                purchase,
                terms.notes());
    }

    private static List<Long> checkParcels(Connection connection, Trust trust, Optional<List<Long>> given) {
        List<Long> ids =
                given.orElseThrow(() -> Problem.invalidField("parcels", "'parcels' must be a non-empty array of ids."));
        Map<Long, LeaseRepository.ParcelFacts> parcels = LeaseRepository.findParcels(connection, ids);
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            LeaseRepository.ParcelFacts parcel = parcels.get(id);
            if (parcel == null || parcel.trustId() != trust.id()) {
                throw Problem.invalidField(
                        "parcels[" + i + "]", "Trust " + trust.code() + " has no parcel with id " + id + ".");
            }
            if (parcel.retired()) {
                throw retiredParcel(connection, "parcels[" + i + "]", parcel);
            }
        }
        return ids;
    }

    /** 422 naming the parcels that now hold a retired parcel's land, to lease instead. */
    private static Problem retiredParcel(Connection connection, String field, LeaseRepository.ParcelFacts parcel) {
        List<Lease.LeasedParcel> children = LeaseRepository.listLivingDescendants(connection, parcel.id());
        String instead = children.isEmpty()
                ? "."
                : "; its land is now in "
                        + children.stream().map(Lease.LeasedParcel::code).collect(Collectors.joining(", "))
                        + ": lease those instead.";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("field", field);
        fields.put("parcel", parcel.id());
        fields.put("children", children);
        return new Problem(
                LeaseProblem.PARCEL_RETIRED,
                "Parcel " + parcel.code() + " is retired and cannot be leased" + instead,
                fields);
    }

    /**
     * The lessees and their shares, which must add up to exactly one, each a party of {@code trust}.
     *
     * @throws Problem 422 naming {@code lessees} or {@code lessees[i].party}
     */
    static List<NewLease.Lessee> checkLessees(Connection connection, Trust trust, List<LeaseTerms.LesseeShare> given) {
        if (given.isEmpty()) {
            throw Problem.invalidField(
                    "lessees", "A lease needs at least one lessee: [{\"party\": 12, \"share\": \"1\"}].");
        }
        Share sum = given.stream()
                .map(LeaseTerms.LesseeShare::share)
                .reduce(Share::plus)
                .orElseThrow();
        if (!Share.ONE.equals(sum)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("field", "lessees");
            fields.put("sum", sum.toString());
            throw new Problem(
                    CommonProblem.INVALID_FIELD,
                    "The lessees' shares must add up to exactly 1; they add up to "
                            + given.stream().map(LeaseTerms.LesseeShare::given).collect(Collectors.joining(" + "))
                            + " = " + sum + ".",
                    fields);
        }
        Map<Long, Long> partyTrusts = LeaseRepository.findPartyTrusts(
                connection, given.stream().map(LeaseTerms.LesseeShare::partyId).toList());
        for (int i = 0; i < given.size(); i++) {
            long partyId = given.get(i).partyId();
            Long partyTrust = partyTrusts.get(partyId);
            if (partyTrust == null || partyTrust != trust.id()) {
                throw Problem.invalidField(
                        "lessees[" + i + "].party", "Trust " + trust.code() + " has no party with id " + partyId + ".");
            }
        }
        return given.stream()
                .map(lessee -> new NewLease.Lessee(lessee.partyId(), lessee.share()))
                .toList();
    }

    private static LocalDate checkEnd(LeaseTerms terms, LocalDate startsOn) {
        if (terms.termYears().isPresent() && terms.endsOn().isPresent()) {
            throw Problem.invalidField("endsOn", "Give either 'termYears' or 'endsOn', not both.");
        }
        LocalDate end = terms.endsOn()
                .orElseGet(() -> startsOn.plusYears(terms.termYears().orElse(DEFAULT_TERM_YEARS)));
        if (!end.isAfter(startsOn)) {
            throw Problem.invalidField("endsOn", "'endsOn' (" + end + ") must be after 'startsOn' (" + startsOn + ").");
        }
        return end;
    }

    private static Escalation checkEscalation(Connection connection, Optional<LeaseTerms.EscalationTerms> given) {
        Escalation.Kind kind = given.flatMap(LeaseTerms.EscalationTerms::kind).orElse(Escalation.Kind.NONE);
        Optional<BigDecimal> percent = given.flatMap(LeaseTerms.EscalationTerms::percent);
        Optional<String> index = given.flatMap(LeaseTerms.EscalationTerms::index);
        if (kind.needsPercent() != percent.isPresent()) {
            throw Problem.invalidField(
                    "escalation.percent",
                    kind.needsPercent()
                            ? "A fixed_percent escalation needs 'escalation.percent', e.g. \"3.5\"."
                            : "'escalation.percent' goes with kind fixed_percent only.");
        }
        percent.ifPresent(value -> {
            if (value.signum() < 0 || value.compareTo(HUNDRED) > 0 || scale(value) > 4) {
                throw Problem.invalidField(
                        "escalation.percent",
                        "'escalation.percent' is from 0 to 100 with at most 4 decimals, got " + value.toPlainString()
                                + ".");
            }
        });
        if (kind.needsIndex() != index.isPresent()) {
            throw Problem.invalidField(
                    "escalation.index",
                    kind.needsIndex()
                            ? "An index_linked escalation needs 'escalation.index', e.g. \"inpc\"."
                            : "'escalation.index' goes with kind index_linked only.");
        }
        index.ifPresent(code -> {
            if (!LeaseRepository.priceIndexExists(connection, code)) {
                throw Problem.invalidField(
                        "escalation.index", "Tierra keeps no price index '" + code + "' (it keeps e.g. inpc).");
            }
        });
        return new Escalation(kind, percent, index);
    }

    private static Lease.PolicyRef checkPolicy(Connection connection, Trust trust, LeaseTerms.PolicyChoice choice) {
        return LeaseRepository.findPolicyVersion(connection, trust.id(), choice.id(), choice.code(), choice.version())
                .orElseThrow(() -> Problem.invalidField(
                        "resalePolicy",
                        "Trust " + trust.code() + " has no resale policy "
                                + choice.code()
                                        .orElseGet(
                                                () -> "with id " + choice.id().orElseThrow())
                                + choice.version().map(v -> " at version " + v).orElse("") + "."));
    }

    private static BigDecimal requiredAmount(
            String field, Optional<BigDecimal> amount, String currency, int minorUnits) {
        return checkAmount(
                field,
                amount.orElseThrow(() -> Problem.invalidField(field, "'" + field + "' is required, e.g. \"1500.00\".")),
                currency,
                minorUnits);
    }

    /**
     * A money amount: not negative, within numeric(16, 2), no more decimals than its currency has.
     *
     * @return the amount with exactly {@code minorUnits} decimals
     * @throws Problem 422 naming {@code field}
     */
    static BigDecimal checkAmount(String field, BigDecimal amount, String currency, int minorUnits) {
        if (amount.signum() < 0) {
            throw Problem.invalidField(
                    field, "'" + field + "' must not be negative, got " + amount.toPlainString() + ".");
        }
        if (scale(amount) > minorUnits) {
            throw Problem.invalidField(
                    field,
                    currency + " amounts have at most " + minorUnits + " decimals; '" + field + "' has " + scale(amount)
                            + " (" + amount.toPlainString() + ").");
        }
        if (amount.precision() - amount.scale() > AMOUNT_INTEGER_DIGITS) {
            throw Problem.invalidField(
                    field, "'" + field + "' is larger than Tierra stores (" + AMOUNT_INTEGER_DIGITS + " digits).");
        }
        return amount.setScale(minorUnits);
    }

    private static BigDecimal checkIndexValue(BigDecimal value) {
        if (value.signum() <= 0 || scale(value) > 6 || value.precision() - value.scale() > INDEX_INTEGER_DIGITS) {
            throw Problem.invalidField(
                    "purchase.indexValue",
                    "'purchase.indexValue' is a positive index value with at most 6 decimals, got "
                            + value.toPlainString() + ".");
        }
        return value;
    }

    /** Decimals that matter: 1500.00 has none, 1500.005 has three. */
    private static int scale(BigDecimal value) {
        return Math.max(value.stripTrailingZeros().scale(), 0);
    }

    /** The codes of {@code values}, sorted, as messages list them. */
    static String sortedCodes(DatabaseCode[] values) {
        return Arrays.stream(values).map(DatabaseCode::databaseCode).sorted().collect(Collectors.joining(", "));
    }

    /** The names of the fields (as a body gives them) in which {@code next} differs from {@code current}. */
    static List<String> changedFields(Lease current, NewLease next) {
        List<String> changed = new ArrayList<>();
        addIf(changed, "code", !current.code().equals(next.code()));
        addIf(changed, "parcels", !Set.copyOf(current.parcelIds()).equals(Set.copyOf(next.parcelIds())));
        addIf(
                changed,
                "lessees",
                !current.lessees().stream()
                        .collect(Collectors.toMap(Lease.Lessee::partyId, Lease.Lessee::share))
                        .equals(next.lessees().stream()
                                .collect(Collectors.toMap(NewLease.Lessee::partyId, NewLease.Lessee::share))));
        addIf(changed, "startsOn", !current.startsOn().equals(next.startsOn()));
        addIf(changed, "endsOn", !current.endsOn().equals(next.endsOn()));
        addIf(changed, "renewable", current.renewable() != next.renewable());
        addIf(changed, "renewalTermYears", !current.renewalTermYears().equals(next.renewalTermYears()));
        addIf(changed, "permittedUse", current.permittedUse() != next.permittedUse());
        addIf(
                changed,
                "fee",
                !sameAmount(
                                Optional.of(current.fee().amount()),
                                Optional.of(next.fee().amount()))
                        || !current.fee().currency().equals(next.fee().currency())
                        || current.fee().period() != next.fee().period());
        addIf(
                changed,
                "escalation",
                current.escalation().kind() != next.escalation().kind()
                        || !sameAmount(
                                current.escalation().percent(),
                                next.escalation().percent())
                        || !current.escalation()
                                .index()
                                .equals(next.escalation().index()));
        addIf(
                changed,
                "resalePolicy",
                !current.resalePolicy()
                        .map(policy -> List.of(policy.id(), (long) policy.version()))
                        .equals(next.resalePolicy().map(policy -> List.of(policy.id(), (long) policy.version()))));
        Optional<Purchase> was = current.purchase();
        Optional<Purchase> is = next.purchase();
        addIf(
                changed,
                "purchase",
                !sameAmount(was.flatMap(Purchase::price), is.flatMap(Purchase::price))
                        || !sameAmount(was.flatMap(Purchase::appraisal), is.flatMap(Purchase::appraisal))
                        || !sameAmount(was.flatMap(Purchase::indexValue), is.flatMap(Purchase::indexValue)));
        addIf(changed, "notes", !current.notes().equals(next.notes()));
        return changed;
    }

    private static void addIf(List<String> changed, String field, boolean differs) {
        if (differs) {
            changed.add(field);
        }
    }

    /** Equal as numbers: 1500 and 1500.00 are the same amount. */
    private static boolean sameAmount(Optional<BigDecimal> a, Optional<BigDecimal> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || a.get().compareTo(b.get()) == 0);
    }
}
