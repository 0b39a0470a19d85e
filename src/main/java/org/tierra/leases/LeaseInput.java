package org.tierra.leases;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.http.Json;
import org.tierra.http.JsonBody;
import org.tierra.money.Currencies;
import org.tierra.trusts.Trust;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a new lease from a request body, checking every field against the trust's parcels, parties,
 * currencies, price indexes and resale policies, and answering 422 naming the field and what to fix
 * (409 for a lease code already taken). Nothing is written here.
 */
final class LeaseInput {

    static final Set<String> CREATE_FIELDS = Set.of(
            "trust",
            "code",
            "parcels",
            "lessees",
            "startsOn",
            "termYears",
            "endsOn",
            "renewable",
            "renewalTermYears",
            "permittedUse",
            "fee",
            "escalation",
            "resalePolicy",
            "purchase",
            "notes",
            "status",
            "reason");

    /** What a draft's edit may change: the terms a create gives, but not its trust or status. */
    static final Set<String> PATCH_FIELDS = CREATE_FIELDS.stream()
            .filter(field -> !field.equals("trust") && !field.equals("status"))
            .collect(Collectors.toUnmodifiableSet());

    static final int DEFAULT_TERM_YEARS = 99;
    private static final Set<String> PERMITTED_USES = Set.of("residential", "agricultural", "commercial", "mixed");
    private static final Set<String> FEE_PERIODS = Set.of("monthly", "quarterly", "annual");
    private static final Set<String> ESCALATIONS = Set.of("none", "fixed_percent", "index_linked");
    // As the database's ground_lease_code_format: no blank at either end, at most 64 characters.
    private static final Pattern CODE = Pattern.compile("\\S(.{0,62}\\S)?", Pattern.DOTALL);
    // numeric(16, 2) and numeric(14, 6) hold this many digits before the decimal point.
    private static final int AMOUNT_INTEGER_DIGITS = 14;
    private static final int INDEX_INTEGER_DIGITS = 8;

    private LeaseInput() {}

    /** The lease {@code body} describes, for {@code trust}; the caller has checked who may write it. */
    static NewLease readNewLease(Connection connection, JsonBody body, Trust trust) {
        String code = readCode(body);
        List<Long> parcelIds = readParcels(connection, body, trust);
        List<NewLease.Lessee> lessees = readLessees(connection, body, trust);
        LocalDate startsOn = body.requiredDate("startsOn");
        LocalDate endsOn = readEnd(body, startsOn);
        boolean renewable = optionalBoolean(body, "", "renewable").orElse(true);
        Optional<Integer> renewalTermYears = optionalInteger(body, "", "renewalTermYears", 1, 999);
        if (renewalTermYears.isPresent() && !renewable) {
            throw Problem.invalidField(
                    "renewalTermYears", "A lease that is not renewable has no renewal term: drop 'renewalTermYears'.");
        }
        String permittedUse = oneOf(body, "", "permittedUse", PERMITTED_USES, Optional.empty());

        JsonBody fee = body.requiredObject("fee", Set.of("amount", "currency", "period"));
        String currency = fee.optionalText("currency").orElse("MXN");
        int minorUnits = Currencies.findMinorUnits(connection, currency)
                .orElseThrow(() -> Problem.invalidField(
                        "fee.currency",
                        "Tierra does not accept the currency '" + currency
                                + "'; use an ISO 4217 code it knows, such as MXN or USD."));
        BigDecimal feeAmount = requiredAmount(fee, "fee.", "amount", currency, minorUnits);
        String feePeriod = oneOf(fee, "fee.", "period", FEE_PERIODS, Optional.of("monthly"));

        Optional<JsonBody> escalation = body.optionalObject("escalation", Set.of("kind", "percent", "index"));
        String escalationKind = escalation
                .map(e -> oneOf(e, "escalation.", "kind", ESCALATIONS, Optional.of("none")))
                .orElse("none");
        Optional<BigDecimal> percent = escalation.flatMap(e -> optionalDecimal(e, "escalation.", "percent"));
        Optional<String> index = escalation.flatMap(e -> e.optionalText("index"));
        checkEscalation(connection, escalationKind, percent, index);

        Optional<Lease.PolicyRef> policy = readPolicy(connection, body, trust);

        Optional<JsonBody> purchase = body.optionalObject("purchase", Set.of("price", "appraisal", "indexValue"));
        Optional<BigDecimal> price = purchase.map(p -> requiredAmount(p, "purchase.", "price", currency, minorUnits));
        Optional<BigDecimal> appraisal = purchase.flatMap(p -> optionalDecimal(p, "purchase.", "appraisal")
                .map(value -> checkAmount("purchase.appraisal", value, currency, minorUnits)));
        Optional<BigDecimal> indexValue = purchase.flatMap(p -> optionalDecimal(p, "purchase.", "indexValue"))
                .map(LeaseInput::checkIndexValue);

        return new NewLease(
                trust.id(),
                code,
                parcelIds,
                lessees,
                startsOn,
                endsOn,
                renewable,
                renewalTermYears,
                permittedUse,
                feeAmount,
                currency,
                feePeriod,
                escalationKind,
                percent,
                index,
                policy,
                price,
                appraisal,
                indexValue,
                body.optionalText("notes"));
    }

    /**
     * The draft {@code current} as a create body would describe it, with the members of {@code patch}
     * laid over it: a member given replaces the draft's (null clears it; {@code fee} is merged member by
     * member, so that a new amount keeps the currency; {@code termYears} replaces {@code endsOn}). Read
     * with {@link #readNewLease}, the result is checked whole, with the messages a create gets.
     */
    static JsonBody patchedDraft(JsonMapper json, Lease current, JsonBody patch) {
        ObjectNode merged = json.valueToTree(createBody(current));
        for (String field : PATCH_FIELDS) {
            if (field.equals("reason") || !patch.has(field)) {
                continue;
            }
            Optional<JsonNode> value = patch.optionalNode(field);
            if (value.isEmpty()) {
                merged.remove(field);
            } else if (field.equals("fee") && value.get().isObject()) {
                ((ObjectNode) merged.get("fee")).setAll((ObjectNode) value.get());
            } else {
                merged.set(field, value.get());
            }
            if (field.equals("termYears") && !patch.has("endsOn")) {
                merged.remove("endsOn");
            }
        }
        return JsonBody.root(merged, CREATE_FIELDS);
    }

    private static Map<String, Object> createBody(Lease lease) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", lease.code());
        body.put("parcels", lease.parcels().stream().map(Lease.LeasedParcel::id).toList());
        body.put(
                "lessees",
                lease.lessees().stream()
                        .map(lessee -> Map.of(
                                "party",
                                lessee.partyId(),
                                "share",
                                lessee.share().toString()))
                        .toList());
        body.put("startsOn", lease.startsOn().toString());
        body.put("endsOn", lease.endsOn().toString());
        body.put("renewable", lease.renewable());
        lease.renewalTermYears().ifPresent(years -> body.put("renewalTermYears", years));
        body.put("permittedUse", lease.permittedUse());
        body.put(
                "fee",
                Map.of(
                        "amount", lease.feeAmount().toPlainString(),
                        "currency", lease.currency(),
                        "period", lease.feePeriod()));
        Map<String, Object> escalation = new LinkedHashMap<>();
        escalation.put("kind", lease.escalation());
        lease.escalationPercent().ifPresent(percent -> escalation.put("percent", percent.toPlainString()));
        lease.escalationIndex().ifPresent(index -> escalation.put("index", index));
        body.put("escalation", escalation);
        lease.resalePolicy()
                .ifPresent(policy -> body.put("resalePolicy", Map.of("id", policy.id(), "version", policy.version())));
        Map<String, Object> purchase = new LinkedHashMap<>();
        lease.purchasePrice().ifPresent(price -> purchase.put("price", price.toPlainString()));
        lease.purchaseAppraisal().ifPresent(appraisal -> purchase.put("appraisal", appraisal.toPlainString()));
        lease.purchaseIndexValue().ifPresent(value -> purchase.put("indexValue", value.toPlainString()));
        if (!purchase.isEmpty()) {
            body.put("purchase", purchase);
        }
        lease.notes().ifPresent(notes -> body.put("notes", notes));
        return body;
    }

    /** The names of the fields (as a body gives them) in which {@code next} differs from {@code current}. */
    static List<String> changedFields(Lease current, NewLease next) {
        List<String> changed = new ArrayList<>();
        if (!current.code().equals(next.code())) {
            changed.add("code");
        }
        if (!current.parcels().stream()
                .map(Lease.LeasedParcel::id)
                .collect(Collectors.toSet())
                .equals(Set.copyOf(next.parcelIds()))) {
            changed.add("parcels");
        }
        if (!current.lessees().stream()
                .collect(Collectors.toMap(Lease.Lessee::partyId, Lease.Lessee::share))
                .equals(next.lessees().stream()
                        .collect(Collectors.toMap(NewLease.Lessee::partyId, NewLease.Lessee::share)))) {
            changed.add("lessees");
        }
        if (!current.startsOn().equals(next.startsOn())) {
            changed.add("startsOn");
        }
        if (!current.endsOn().equals(next.endsOn())) {
            changed.add("endsOn");
        }
        if (current.renewable() != next.renewable()) {
            changed.add("renewable");
        }
        if (!current.renewalTermYears().equals(next.renewalTermYears())) {
            changed.add("renewalTermYears");
        }
        if (!current.permittedUse().equals(next.permittedUse())) {
            changed.add("permittedUse");
        }
        if (!sameAmount(Optional.of(current.feeAmount()), Optional.of(next.feeAmount()))
                || !current.currency().equals(next.currency())
                || !current.feePeriod().equals(next.feePeriod())) {
            changed.add("fee");
        }
        if (!current.escalation().equals(next.escalation())
                || !sameAmount(current.escalationPercent(), next.escalationPercent())
                || !current.escalationIndex().equals(next.escalationIndex())) {
            changed.add("escalation");
        }
        if (!current.resalePolicy()
                .map(policy -> List.of(policy.id(), (long) policy.version()))
                .equals(next.resalePolicy().map(policy -> List.of(policy.id(), (long) policy.version())))) {
            changed.add("resalePolicy");
        }
        if (!sameAmount(current.purchasePrice(), next.purchasePrice())
                || !sameAmount(current.purchaseAppraisal(), next.purchaseAppraisal())
                || !sameAmount(current.purchaseIndexValue(), next.purchaseIndexValue())) {
            changed.add("purchase");
        }
        if (!current.notes().equals(next.notes())) {
            changed.add("notes");
        }
        return changed;
    }

    /** Equal as numbers: 1500 and 1500.00 are the same amount. */
    private static boolean sameAmount(Optional<BigDecimal> a, Optional<BigDecimal> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || a.get().compareTo(b.get()) == 0);
    }

    /** Whether the new lease starts in force ({@code active}) or waits as a {@code draft}. */
    static boolean readActivateNow(JsonBody body) {
        return oneOf(body, "", "status", Set.of("draft", "active"), Optional.of("draft"))
                .equals("active");
    }

    static String readCode(JsonBody body) {
        String code = body.requiredText("code");
        if (!CODE.matcher(code).matches()) {
            throw Problem.invalidField("code", "A lease code has 1 to 64 characters, got " + code.length() + ".");
        }
        return code;
    }

    private static List<Long> readParcels(Connection connection, JsonBody body, Trust trust) {
        List<Long> ids = body.requiredIds("parcels");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw Problem.invalidField(
                        "parcels[" + i + "]", "Parcel " + ids.get(i) + " is listed twice in 'parcels'.");
            }
        }
        Map<Long, LeaseStore.ParcelFacts> parcels = LeaseStore.findParcels(connection, ids);
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            LeaseStore.ParcelFacts parcel = parcels.get(id);
            if (parcel == null || parcel.trustId() != trust.id()) {
                throw Problem.invalidField(
                        "parcels[" + i + "]", "Trust " + trust.code() + " has no parcel with id " + id + ".");
            }
            if (parcel.status().equals("retired")) {
                throw retiredParcel(connection, "parcels[" + i + "]", parcel);
            }
        }
        return ids;
    }

    /** 422 naming the parcels that now hold a retired parcel's land, to lease instead. */
    static Problem retiredParcel(Connection connection, String field, LeaseStore.ParcelFacts parcel) {
        List<Lease.LeasedParcel> children = LeaseStore.listLivingDescendants(connection, parcel.id());
        String instead = children.isEmpty()
                ? "."
                : "; its land is now in "
                        + children.stream().map(Lease.LeasedParcel::code).collect(Collectors.joining(", "))
                        + ": lease those instead.";
        return new Problem(
                LeaseProblem.PARCEL_RETIRED,
                "Parcel " + parcel.code() + " is retired and cannot be leased" + instead,
                Json.fields(
                        "field",
                        field,
                        "parcel",
                        parcel.id(),
                        "children",
                        children.stream()
                                .map(child -> Json.fields("id", child.id(), "code", child.code()))
                                .toList()));
    }

    /** The lessees and their shares, which must add up to exactly one. */
    static List<NewLease.Lessee> readLessees(Connection connection, JsonBody body, Trust trust) {
        List<JsonNode> items = body.optionalNodes("lessees");
        if (items.isEmpty()) {
            throw Problem.invalidField(
                    "lessees", "A lease needs at least one lessee: [{\"party\": 12, \"share\": \"1\"}].");
        }
        List<NewLease.Lessee> lessees = new ArrayList<>();
        Map<Long, Integer> positions = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        Share sum = null;
        for (int i = 0; i < items.size(); i++) {
            String path = "lessees[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), path, Set.of("party", "share"));
            long partyId = optionalLong(item, path + ".", "party", 1, Long.MAX_VALUE)
                    .orElseThrow(() -> Problem.invalidField(path + ".party", "'" + path + ".party' is required."));
            if (positions.putIfAbsent(partyId, i) != null) {
                throw Problem.invalidField(path + ".party", "Party " + partyId + " is listed twice in 'lessees'.");
            }
            String shareText = requiredNumberText(item, path + ".", "share");
            Share share;
            try {
                share = Share.parse(shareText);
            } catch (IllegalArgumentException e) {
                throw Problem.invalidField(path + ".share", "'" + path + ".share': " + e.getMessage() + ".");
            }
            if (share.exceedsOne() || !share.fitsStorage()) {
                throw Problem.invalidField(
                        path + ".share",
                        "'" + path + ".share' is a part of the whole lease, at most 1, in terms below 2^31; got "
                                + share + ".");
            }
            given.add(shareText);
            sum = sum == null ? share : sum.plus(share);
            lessees.add(new NewLease.Lessee(partyId, share));
        }
        if (!Share.ONE.equals(sum)) {
            throw new Problem(
                    CommonProblem.INVALID_FIELD,
                    "The lessees' shares must add up to exactly 1; they add up to " + String.join(" + ", given) + " = "
                            + sum + ".",
                    Json.fields("field", "lessees", "sum", String.valueOf(sum)));
        }
        Map<Long, Long> partyTrusts = LeaseStore.findPartyTrusts(connection, List.copyOf(positions.keySet()));
        positions.forEach((partyId, position) -> {
            Long partyTrust = partyTrusts.get(partyId);
            if (partyTrust == null || partyTrust != trust.id()) {
                throw Problem.invalidField(
                        "lessees[" + position + "].party",
                        "Trust " + trust.code() + " has no party with id " + partyId + ".");
            }
        });
        return lessees;
    }

    private static LocalDate readEnd(JsonBody body, LocalDate startsOn) {
        Optional<Integer> termYears = optionalInteger(body, "", "termYears", 1, 999);
        Optional<LocalDate> endsOn = body.optionalDate("endsOn");
        if (termYears.isPresent() && endsOn.isPresent()) {
            throw Problem.invalidField("endsOn", "Give either 'termYears' or 'endsOn', not both.");
        }
        LocalDate end = endsOn.orElseGet(() -> startsOn.plusYears(termYears.orElse(DEFAULT_TERM_YEARS)));
        if (!end.isAfter(startsOn)) {
            throw Problem.invalidField("endsOn", "'endsOn' (" + end + ") must be after 'startsOn' (" + startsOn + ").");
        }
        return end;
    }

    private static void checkEscalation(
            Connection connection, String kind, Optional<BigDecimal> percent, Optional<String> index) {
        if (kind.equals("fixed_percent") != percent.isPresent()) {
            throw Problem.invalidField(
                    "escalation.percent",
                    kind.equals("fixed_percent")
                            ? "A fixed_percent escalation needs 'escalation.percent', e.g. \"3.5\"."
                            : "'escalation.percent' goes with kind fixed_percent only.");
        }
        percent.ifPresent(value -> {
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0 || scale(value) > 4) {
                throw Problem.invalidField(
                        "escalation.percent",
                        "'escalation.percent' is from 0 to 100 with at most 4 decimals, got " + value.toPlainString()
                                + ".");
            }
        });
        if (kind.equals("index_linked") != index.isPresent()) {
            throw Problem.invalidField(
                    "escalation.index",
                    kind.equals("index_linked")
                            ? "An index_linked escalation needs 'escalation.index', e.g. \"inpc\"."
                            : "'escalation.index' goes with kind index_linked only.");
        }
        index.ifPresent(code -> {
            if (!LeaseStore.priceIndexExists(connection, code)) {
                throw Problem.invalidField(
                        "escalation.index", "Tierra keeps no price index '" + code + "' (it keeps e.g. inpc).");
            }
        });
    }

    private static Optional<Lease.PolicyRef> readPolicy(Connection connection, JsonBody body, Trust trust) {
        Optional<JsonBody> given = body.optionalObject("resalePolicy", Set.of("code", "id", "version"));
        if (given.isEmpty()) {
            return Optional.empty();
        }
        JsonBody policy = given.get();
        Optional<Long> id = optionalLong(policy, "resalePolicy.", "id", 1, Long.MAX_VALUE);
        Optional<String> code = policy.optionalText("code");
        if (id.isEmpty() == code.isEmpty()) {
            throw Problem.invalidField("resalePolicy", "Name the resale policy by its 'code' or its 'id' (one).");
        }
        Optional<Integer> version = optionalInteger(policy, "resalePolicy.", "version", 1, Integer.MAX_VALUE);
        return Optional.of(LeaseStore.findPolicyVersion(connection, trust.id(), id, code, version)
                .orElseThrow(() -> Problem.invalidField(
                        "resalePolicy",
                        "Trust " + trust.code() + " has no resale policy " + code.orElseGet(() -> "with id " + id.get())
                                + version.map(v -> " at version " + v).orElse("") + ".")));
    }

    /** A money amount: not negative, within numeric(16, 2), no more decimals than its currency has. */
    static BigDecimal requiredAmount(JsonBody body, String prefix, String field, String currency, int minorUnits) {
        BigDecimal amount = optionalDecimal(body, prefix, field)
                .orElseThrow(() -> Problem.invalidField(
                        prefix + field, "'" + prefix + field + "' is required, e.g. \"1500.00\"."));
        return checkAmount(prefix + field, amount, currency, minorUnits);
    }

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

    /** A decimal given as text ("1500.00", the exact way) or as a JSON number. */
    static Optional<BigDecimal> optionalDecimal(JsonBody body, String prefix, String field) {
        if (body.optionalNode(field).isEmpty()) {
            return Optional.empty();
        }
        String text = requiredNumberText(body, prefix, field);
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            throw Problem.invalidField(
                    prefix + field,
                    "'" + prefix + field + "' must be a decimal such as \"1500.00\", got '" + text + "'.");
        }
    }

    private static String requiredNumberText(JsonBody body, String prefix, String field) {
        JsonNode value = body.optionalNode(field)
                .orElseThrow(() -> Problem.invalidField(prefix + field, "'" + prefix + field + "' is required."));
        if (value.isString()) {
            return value.asString().strip();
        }
        if (value.isNumber()) {
            return value.toString();
        }
        throw Problem.invalidField(
                prefix + field, "'" + prefix + field + "' must be a number given as text, e.g. \"0.5\".");
    }

    static Optional<Long> optionalLong(JsonBody body, String prefix, String field, long min, long max) {
        Optional<JsonNode> value = body.optionalNode(field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = value.get();
        if (!node.canConvertToExactIntegral()
                || !node.canConvertToLong()
                || node.asLong() < min
                || node.asLong() > max) {
            throw Problem.invalidField(
                    prefix + field,
                    "'" + prefix + field + "' must be a whole number from " + min + " to " + max + ", got " + node
                            + ".");
        }
        return Optional.of(node.asLong());
    }

    private static Optional<Integer> optionalInteger(JsonBody body, String prefix, String field, int min, int max) {
        return optionalLong(body, prefix, field, min, max).map(Long::intValue);
    }

    private static Optional<Boolean> optionalBoolean(JsonBody body, String prefix, String field) {
        return body.optionalNode(field).map(node -> {
            if (!node.isBoolean()) {
                throw Problem.invalidField(prefix + field, "'" + prefix + field + "' must be true or false.");
            }
            return node.asBoolean();
        });
    }

    private static String oneOf(
            JsonBody body, String prefix, String field, Set<String> allowed, Optional<String> defaultValue) {
        Optional<String> given = body.optionalText(field);
        if (given.isEmpty()) {
            return defaultValue.orElseThrow(() -> Problem.invalidField(
                    prefix + field,
                    "'" + prefix + field + "' is required: one of " + String.join(", ", sorted(allowed)) + "."));
        }
        if (!allowed.contains(given.get())) {
            throw Problem.invalidField(
                    prefix + field,
                    "'" + prefix + field + "' is one of " + String.join(", ", sorted(allowed)) + ", got '" + given.get()
                            + "'.");
        }
        return given.get();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
