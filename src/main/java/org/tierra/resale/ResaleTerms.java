package org.tierra.resale;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tierra.core.Problem;
import tools.jackson.databind.JsonNode;

/**
 * The terms of one resale policy version, by family, read strictly from the JSON a policy stores in
 * {@code resale_policy_version.terms}. Every number is a decimal written as a JSON string ({@code "0.25"},
 * never {@code 0.25}) so that it reaches the formula exactly; an unknown, missing or out-of-range term is a
 * 422 naming it ({@code terms.appreciationShare}).
 *
 * <ul>
 *   <li>{@code appraisal}: {@code {"appreciationShare": "0.25", "losses": "shared" | "floored",
 *       "improvementShare": "1"}}; {@code losses} defaults to {@code shared}; without
 *       {@code improvementShare} improvements are not credited.
 *   <li>{@code fixed_rate}: {@code {"annualRatePercent": "2", "compounding": "simple" | "compound"}}.
 *   <li>{@code index_linked}: {@code {"index": "inpc"}}.
 *   <li>{@code itemized}: {@code {"items": [{"key": "closing-costs", "label": {"es": "...", "en": "..."},
 *       "amount": "15000"} | {..., "percentOfPrice": "5"}], "improvementShare": "1"}}.
 * </ul>
 */
public sealed interface ResaleTerms {

    /** The family these terms belong to, as stored in {@code resale_policy_version.family}. */
    String family();

    /** The families Tierra knows. */
    Set<String> FAMILIES = Set.of("appraisal", "fixed_rate", "index_linked", "itemized");

    /**
     * Original price + share × appreciation + credited improvements.
     *
     * @param appreciationShare the part of the appraised gain the seller keeps, 0 to 1
     * @param lossesShared when the appraisal fell: true shares the loss at the same share (symmetric),
     *     false counts no loss (the price is floored at the original price plus credits)
     * @param improvementShare the part of recorded improvements credited, 0 to 1; empty: none
     */
    record Appraisal(BigDecimal appreciationShare, boolean lossesShared, Optional<BigDecimal> improvementShare)
            implements ResaleTerms {
        public Appraisal {
            requireFraction(appreciationShare, "appreciationShare");
            improvementShare.ifPresent(share -> requireFraction(share, "improvementShare"));
        }

        @Override
        public String family() {
            return "appraisal";
        }
    }

    /**
     * The original price grown by a fixed percentage per completed year.
     *
     * @param annualRatePercent per year, 0 to 100
     * @param compound true: compounded yearly; false: simple interest on the original price
     */
    record FixedRate(BigDecimal annualRatePercent, boolean compound) implements ResaleTerms {
        public FixedRate {
            Objects.requireNonNull(annualRatePercent, "annualRatePercent");
            if (annualRatePercent.signum() < 0 || annualRatePercent.compareTo(HUNDRED) > 0) {
                throw new IllegalArgumentException("annualRatePercent is from 0 to 100");
            }
        }

        @Override
        public String family() {
            return "fixed_rate";
        }
    }

    /** The original price × index now / index at purchase, for the price index {@code index}. */
    record IndexLinked(String index) implements ResaleTerms {
        public IndexLinked {
            Objects.requireNonNull(index, "index");
        }

        @Override
        public String family() {
            return "index_linked";
        }
    }

    /**
     * The original price plus listed items and, optionally, credited improvements.
     *
     * @param improvementShare the part of recorded improvements credited, 0 to 1; empty: none
     */
    record Itemized(List<Item> items, Optional<BigDecimal> improvementShare) implements ResaleTerms {
        public Itemized {
            items = List.copyOf(items);
            improvementShare.ifPresent(share -> requireFraction(share, "improvementShare"));
        }

        @Override
        public String family() {
            return "itemized";
        }
    }

    /**
     * One item of an itemized policy: a fixed amount, or a percentage of the original price.
     *
     * @param key stable, unique in the policy (the worksheet's step is {@code item.<key>})
     * @param amount a fixed amount in the resale's currency, when {@code percentOfPrice} is empty
     * @param percentOfPrice a percentage of the original price, 0 to 100, when {@code amount} is empty
     */
    record Item(String key, Worksheet.Text label, Optional<BigDecimal> amount, Optional<BigDecimal> percentOfPrice) {
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
            if (amount.isPresent() == percentOfPrice.isPresent()) {
                throw new IllegalArgumentException("an item is either an amount or a percentage of the price");
            }
        }
    }

    BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private static void requireFraction(BigDecimal value, String name) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(name + " is from 0 to 1");
        }
    }

    /**
     * Reads {@code terms} of {@code family}, the way a request gives them.
     *
     * @throws Problem 422 naming the field ({@code family}, {@code terms.<term>}) and what to fix
     */
    static ResaleTerms parse(String family, JsonNode terms) {
        if (!FAMILIES.contains(family)) {
            throw Problem.invalidField(
                    "family", "Unknown family '" + family + "'. Use appraisal, fixed_rate, index_linked or itemized.");
        }
        if (terms == null || terms.isNull()) {
            throw Problem.invalidField("terms", "'terms' is required: a JSON object with the policy's terms.");
        }
        return switch (family) {
            case "appraisal" -> {
                TermsReader body =
                        TermsReader.of(terms, "terms", Set.of("appreciationShare", "losses", "improvementShare"));
                BigDecimal share = fraction(body, "appreciationShare", true).orElseThrow();
                String losses = body.optionalText("losses").orElse("shared");
                if (!losses.equals("shared") && !losses.equals("floored")) {
                    throw Problem.invalidField(
                            "terms.losses",
                            "'terms.losses' is 'shared' (a fall in value is shared like a gain) or 'floored' (the"
                                    + " price never falls below the original price), got '" + losses + "'.");
                }
                yield new Appraisal(share, losses.equals("shared"), fraction(body, "improvementShare", false));
            }
            case "fixed_rate" -> {
                TermsReader body = TermsReader.of(terms, "terms", Set.of("annualRatePercent", "compounding"));
                BigDecimal rate = percent(body, "terms.", "annualRatePercent");
                String compounding = body.optionalText("compounding")
                        .orElseThrow(() -> Problem.invalidField(
                                "terms.compounding", "'terms.compounding' is required: 'simple' or 'compound'."));
                if (!compounding.equals("simple") && !compounding.equals("compound")) {
                    throw Problem.invalidField(
                            "terms.compounding",
                            "'terms.compounding' is 'simple' or 'compound', got '" + compounding + "'.");
                }
                yield new FixedRate(rate, compounding.equals("compound"));
            }
            case "index_linked" -> {
                TermsReader body = TermsReader.of(terms, "terms", Set.of("index"));
                String index = body.requiredText("index");
                if (!PriceIndexes.CODE.matcher(index).matches()) {
                    throw Problem.invalidField(
                            "terms.index", "'terms.index' is a price index code such as 'inpc', got '" + index + "'.");
                }
                yield new IndexLinked(index);
            }
            default -> {
                TermsReader body = TermsReader.of(terms, "terms", Set.of("items", "improvementShare"));
                List<Item> items = new ArrayList<>();
                Set<String> keys = new HashSet<>();
                List<JsonNode> nodes = body.optionalNodes("items");
                for (int i = 0; i < nodes.size(); i++) {
                    String path = "terms.items[" + i + "]";
                    Item item = item(
                            TermsReader.of(nodes.get(i), path, Set.of("key", "label", "amount", "percentOfPrice")),
                            path + ".");
                    if (!keys.add(item.key())) {
                        throw Problem.invalidField(
                                path + ".key", "Item key '" + item.key() + "' is used twice; give each item its own.");
                    }
                    items.add(item);
                }
                if (items.isEmpty() && !body.has("improvementShare")) {
                    throw Problem.invalidField(
                            "terms.items", "An itemized policy lists at least one item or credits improvements.");
                }
                yield new Itemized(items, fraction(body, "improvementShare", false));
            }
        };
    }

    private static Item item(TermsReader body, String path) {
        String key = body.requiredText("key");
        if (!ITEM_KEY.matcher(key).matches()) {
            throw Problem.invalidField(
                    path + "key",
                    "'" + path + "key' is lower-case letters, digits and hyphens, such as 'closing-costs'.");
        }
        TermsReader label = body.requiredObject("label", Set.of("es", "en"));
        Worksheet.Text text = new Worksheet.Text(label.requiredText("es"), label.requiredText("en"));
        Optional<BigDecimal> amount = body.optionalText("amount").map(value -> decimal(path + "amount", value));
        amount.filter(value -> value.signum() < 0).ifPresent(value -> {
            throw Problem.invalidField(path + "amount", "'" + path + "amount' is never negative.");
        });
        Optional<BigDecimal> percent =
                body.has("percentOfPrice") ? Optional.of(percent(body, path, "percentOfPrice")) : Optional.empty();
        if (amount.isPresent() == percent.isPresent()) {
            throw Problem.invalidField(
                    path + "amount", "Give an item either 'amount' or 'percentOfPrice' (exactly one of them).");
        }
        return new Item(key, text, amount, percent);
    }

    private static Optional<BigDecimal> fraction(TermsReader body, String field, boolean required) {
        String path = "terms." + field;
        Optional<String> text = body.optionalText(field);
        if (text.isEmpty()) {
            if (required) {
                throw Problem.invalidField(path, "'" + path + "' is required: a decimal from 0 to 1 such as \"0.25\".");
            }
            return Optional.empty();
        }
        BigDecimal value = decimal(path, text.get());
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw Problem.invalidField(
                    path, "'" + path + "' is a decimal from 0 to 1 such as \"0.25\" (25%), got " + text.get() + ".");
        }
        return Optional.of(value);
    }

    private static BigDecimal percent(TermsReader body, String prefix, String field) {
        String path = prefix + field;
        String text = body.optionalText(field)
                .orElseThrow(() -> Problem.invalidField(
                        path, "'" + path + "' is required: a percentage from 0 to 100 such as \"2.5\"."));
        BigDecimal value = decimal(path, text);
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw Problem.invalidField(path, "'" + path + "' is a percentage from 0 to 100, got " + text + ".");
        }
        return value;
    }

    /** Accepts what a person writes for an exact decimal: digits, an optional sign and point, no exponent. */
    Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,12})?");

    Pattern ITEM_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * An exact decimal written as text.
     *
     * @throws Problem 422 naming {@code field} when the text is not a plain decimal
     */
    static BigDecimal decimal(String field, String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw Problem.invalidField(
                    field,
                    "'" + field + "' must be a plain decimal number written as a string, such as \"1250000.00\"; got '"
                            + text + "'.");
        }
        return new BigDecimal(text);
    }
}
