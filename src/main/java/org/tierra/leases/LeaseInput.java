package org.tierra.leases;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tierra.core.Patch;
import org.tierra.core.Problem;
import org.tierra.db.DatabaseCode;
import org.tierra.http.JsonBody;
import tools.jackson.databind.JsonNode;

/**
 * Reads the terms of a lease from a request body, each member on its own: its type, its form, a known
 * code, no parcel or party listed twice. A mistake is a 422 naming the field and what to fix. What needs
 * the whole or the trust's data (what is required, the members against each other, the parcels and
 * parties that exist) is {@link LeaseLifecycle}'s to check.
 */
public final class LeaseInput {

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

    static final int DEFAULT_TERM_YEARS = LeaseTermsCheck.DEFAULT_TERM_YEARS;
    private static final Set<String> FEE_FIELDS = Set.of("amount", "currency", "period");
    private static final Set<String> ESCALATION_FIELDS = Set.of("kind", "percent", "index");
    private static final Set<String> POLICY_FIELDS = Set.of("code", "id", "version");
    private static final Set<String> PURCHASE_FIELDS = Set.of("price", "appraisal", "indexValue");
    // As the database's ground_lease_code_format: no blank at either end, at most 64 characters.
    private static final Pattern CODE = Pattern.compile("\\S(.{0,62}\\S)?", Pattern.DOTALL);

    private LeaseInput() {}

    /** The terms a create's {@code body} gives. */
    static LeaseTerms readTerms(JsonBody body) {
        return new LeaseTerms(
                body.optionalText("code").map(LeaseInput::checkCode),
                readParcels(body),
                readLessees(body),
                body.optionalDate("startsOn"),
                readTermYears(body),
                body.optionalDate("endsOn"),
                optionalBoolean(body, "renewable"),
                optionalInteger(body, "", "renewalTermYears", 1, 999),
                oneOf(body, "", "permittedUse", PermittedUse.class),
                body.optionalObject("fee", FEE_FIELDS).map(LeaseInput::readFee),
                body.optionalObject("escalation", ESCALATION_FIELDS).map(LeaseInput::readEscalation),
                body.optionalObject("resalePolicy", POLICY_FIELDS).map(LeaseInput::readPolicy),
                body.optionalObject("purchase", PURCHASE_FIELDS).map(LeaseInput::readPurchase),
                body.optionalText("notes"));
    }

    /** The edit of a draft {@code body} gives: a member absent is kept, {@code null} clears it. */
    static LeaseTermsPatch readEdit(JsonBody body) {
        return new LeaseTermsPatch(
                patch(body, "code", given -> given.optionalText("code").map(LeaseInput::checkCode)),
                patch(body, "parcels", LeaseInput::readParcels),
                patch(body, "lessees", given -> Optional.of(readLessees(given))),
                patch(body, "startsOn", given -> given.optionalDate("startsOn")),
                patch(body, "termYears", LeaseInput::readTermYears),
                patch(body, "endsOn", given -> given.optionalDate("endsOn")),
                patch(body, "renewable", given -> optionalBoolean(given, "renewable")),
                patch(body, "renewalTermYears", given -> optionalInteger(given, "", "renewalTermYears", 1, 999)),
                patch(body, "permittedUse", given -> oneOf(given, "", "permittedUse", PermittedUse.class)),
                patch(body, "fee", given -> given.optionalObject("fee", FEE_FIELDS)
                        .map(fee -> new LeaseTermsPatch.FeePatch(
                                patch(fee, "amount", member -> optionalDecimal(member, "fee.", "amount")),
                                patch(fee, "currency", member -> member.optionalText("currency")),
                                patch(fee, "period", member -> oneOf(member, "fee.", "period", Fee.Period.class))))),
                patch(body, "escalation", given -> given.optionalObject("escalation", ESCALATION_FIELDS)
                        .map(LeaseInput::readEscalation)),
                patch(body, "resalePolicy", given -> given.optionalObject("resalePolicy", POLICY_FIELDS)
                        .map(LeaseInput::readPolicy)),
                patch(body, "purchase", given -> given.optionalObject("purchase", PURCHASE_FIELDS)
                        .map(LeaseInput::readPurchase)),
                patch(body, "notes", given -> given.optionalText("notes")));
    }

    /** Absent when {@code field} is not in {@code body}, cleared when it is {@code null}, else as read. */
    private static <T> Patch<T> patch(JsonBody body, String field, Function<JsonBody, Optional<T>> reader) {
        if (!body.has(field)) {
            return Patch.absent();
        }
        return reader.apply(body).<Patch<T>>map(Patch::set).orElseGet(Patch::clear);
    }

    /** Whether the new lease starts in force ({@code active}) or waits as a {@code draft}, the default. */
    static boolean readActivateNow(JsonBody body) {
        Optional<String> status = body.optionalText("status");
        if (status.isPresent() && !status.get().equals("draft") && !status.get().equals("active")) {
            throw Problem.invalidField("status", "'status' is one of active, draft, got '" + status.get() + "'.");
        }
        return status.filter("active"::equals).isPresent();
    }

    /**
     * A lease's code: 1 to 64 characters, without blanks at either end.
     *
     * @throws Problem 422 naming {@code code}
     */
    public static String readCode(JsonBody body) {
        return checkCode(body.requiredText("code"));
    }

    private static String checkCode(String code) {
        if (!CODE.matcher(code).matches()) {
            throw Problem.invalidField("code", "A lease code has 1 to 64 characters, got " + code.length() + ".");
        }
        return code;
    }

    /**
     * The lease's length in whole years (1 to 999), when given, from {@code termYears}.
     *
     * @throws Problem 422 naming {@code termYears}
     */
    public static Optional<Integer> readTermYears(JsonBody body) {
        return optionalInteger(body, "", "termYears", 1, 999);
    }

    private static Optional<List<Long>> readParcels(JsonBody body) {
        if (body.optionalNode("parcels").isEmpty()) {
            return Optional.empty();
        }
        List<Long> ids = body.requiredIds("parcels");
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw Problem.invalidField(
                        "parcels[" + i + "]", "Parcel " + ids.get(i) + " is listed twice in 'parcels'.");
            }
        }
        return Optional.of(ids);
    }

    /**
     * The lessees and their shares from {@code lessees}, in order; empty when none are given. Each share is
     * a fraction ({@code "1/3"}) or a decimal ({@code "0.5"}) of at most the whole lease; whether they add up
     * to one is checked with the lease.
     *
     * @throws Problem 422 naming {@code lessees[i].party} or {@code lessees[i].share}
     */
    public static List<LeaseTerms.LesseeShare> readLessees(JsonBody body) {
        List<JsonNode> items = body.optionalNodes("lessees");
        List<LeaseTerms.LesseeShare> lessees = new ArrayList<>();
        Set<Long> parties = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "lessees[" + i + "]";
            JsonBody item = JsonBody.of(items.get(i), path, Set.of("party", "share"));
            long partyId = optionalLong(item, path + ".", "party", 1, Long.MAX_VALUE)
                    .orElseThrow(() -> Problem.invalidField(path + ".party", "'" + path + ".party' is required."));
            if (!parties.add(partyId)) {
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
            lessees.add(new LeaseTerms.LesseeShare(partyId, share, shareText));
        }
        return lessees;
    }

    private static LeaseTerms.FeeTerms readFee(JsonBody fee) {
        return new LeaseTerms.FeeTerms(
                optionalDecimal(fee, "fee.", "amount"),
                fee.optionalText("currency"),
                oneOf(fee, "fee.", "period", Fee.Period.class));
    }

    private static LeaseTerms.EscalationTerms readEscalation(JsonBody escalation) {
        return new LeaseTerms.EscalationTerms(
                oneOf(escalation, "escalation.", "kind", Escalation.Kind.class),
                optionalDecimal(escalation, "escalation.", "percent"),
                escalation.optionalText("index"));
    }

    private static LeaseTerms.PolicyChoice readPolicy(JsonBody policy) {
        Optional<Long> id = optionalLong(policy, "resalePolicy.", "id", 1, Long.MAX_VALUE);
        Optional<String> code = policy.optionalText("code");
        if (id.isEmpty() == code.isEmpty()) {
            throw Problem.invalidField("resalePolicy", "Name the resale policy by its 'code' or its 'id' (one).");
        }
        return new LeaseTerms.PolicyChoice(
                id, code, optionalInteger(policy, "resalePolicy.", "version", 1, Integer.MAX_VALUE));
    }

    private static LeaseTerms.PurchaseTerms readPurchase(JsonBody purchase) {
        return new LeaseTerms.PurchaseTerms(
                optionalDecimal(purchase, "purchase.", "price"),
                optionalDecimal(purchase, "purchase.", "appraisal"),
                optionalDecimal(purchase, "purchase.", "indexValue"));
    }

    /**
     * A decimal given as text ({@code "1500.00"}, the exact way) or as a JSON number, under {@code field}
     * of the body's top level.
     *
     * @throws Problem 422 naming {@code field}
     */
    public static Optional<BigDecimal> readDecimal(JsonBody body, String field) {
        return optionalDecimal(body, "", field);
    }

    private static Optional<BigDecimal> optionalDecimal(JsonBody body, String prefix, String field) {
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

    private static Optional<Long> optionalLong(JsonBody body, String prefix, String field, long min, long max) {
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

    private static Optional<Boolean> optionalBoolean(JsonBody body, String field) {
        return body.optionalNode(field).map(node -> {
            if (!node.isBoolean()) {
                throw Problem.invalidField(field, "'" + field + "' must be true or false.");
            }
            return node.asBoolean();
        });
    }

    /** The constant of {@code type} whose code {@code field} holds, when given. */
    private static <E extends Enum<E> & DatabaseCode> Optional<E> oneOf(
            JsonBody body, String prefix, String field, Class<E> type) {
        return body.optionalText(field).map(code -> Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.databaseCode().equals(code))
                .findFirst()
                .orElseThrow(() -> Problem.invalidField(
                        prefix + field,
                        "'" + prefix + field + "' is one of " + LeaseTermsCheck.sortedCodes(type.getEnumConstants())
                                + ", got '" + code + "'.")));
    }
}
