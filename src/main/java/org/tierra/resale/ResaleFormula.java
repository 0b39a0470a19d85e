package org.tierra.resale;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.Problem;

/**
 * Computes the capped resale price of a home on leased land from a policy's {@link ResaleTerms} and the
 * {@link ResaleFacts} of the sale, and shows its work in a {@link Worksheet}. Pure: no database, no clock,
 * the same answer for the same input, safe to call from any thread.
 *
 * <p>The families, where P is the purchase price:
 *
 * <ul>
 *   <li>{@code appraisal}: P + s × G + c × I, where G is the appraisal now minus the appraisal at purchase,
 *       s the appreciation share, I the sum of improvement credits and c the improvement share (0 when the
 *       terms give none). When G is negative the terms decide: {@code shared} (the default) applies s to
 *       the loss as to a gain, symmetrically; {@code floored} counts G as 0, so the price never falls below
 *       P + c × I. The worksheet says which rule applied.
 *   <li>{@code fixed_rate}: P × (1 + r/100)^n (compound) or P × (1 + n × r/100) (simple), where r is the
 *       yearly rate and n the number of whole years completed between the purchase and the sale
 *       ({@link ChronoUnit#YEARS}: a year is completed on the same day of the month one year later; bought on
 *       29 February, on 1 March). Part of a year earns nothing; fewer than one year gives P.
 *   <li>{@code index_linked}: P × (V / U), where U is the index value at purchase and V the value now.
 *   <li>{@code itemized}: P + the listed items (each a fixed amount, or a percentage of P) + c × I.
 * </ul>
 *
 * <p>Arithmetic and rounding: every intermediate value is exact ({@link BigDecimal} addition, subtraction,
 * multiplication and whole powers never round). The one unavoidable division, the index ratio V / U, is
 * carried to 34 significant digits ({@link MathContext#DECIMAL128}), far below a cent on any price. The
 * result is rounded once, at the end, to the currency's minor units with {@link RoundingMode#HALF_UP}
 * (half a cent goes up: 1000.005 MXN is 1000.01). A formula that would give a negative price (a shared
 * loss larger than the price) gives 0, and the worksheet says so.
 *
 * <p>Failures are the caller's to fix and name the fact or term: a sale before the purchase (422,
 * {@code soldOn}) and a fact the family needs but the facts lack (422, e.g. {@code currentAppraisal},
 * {@code purchaseIndexValue}).
 */
public final class ResaleFormula {

    private ResaleFormula() {}

    /** The worksheet of {@code terms} applied to {@code facts}, its price rounded to {@code minorUnits}. */
    public static Worksheet compute(ResaleTerms terms, ResaleFacts facts, int minorUnits) {
        return compute(terms, facts, minorUnits, List.of());
    }

    /**
     * As {@link #compute(ResaleTerms, ResaleFacts, int)}, with {@code sources} first: steps that say where
     * the facts came from (which month's index value, say).
     */
    public static Worksheet compute(
            ResaleTerms terms, ResaleFacts facts, int minorUnits, List<Worksheet.Step> sources) {
        if (minorUnits < 0 || minorUnits > 4) {
            throw new IllegalArgumentException("minor units are from 0 to 4, got " + minorUnits);
        }
        if (facts.soldOn().isBefore(facts.purchasedOn())) {
            throw Problem.invalidField(
                    "soldOn",
                    "The sale (" + facts.soldOn() + ") cannot come before the purchase (" + facts.purchasedOn() + ").");
        }
        List<Worksheet.Step> steps = new ArrayList<>(sources);
        BigDecimal price = facts.purchasePrice();
        steps.add(step(
                "purchasePrice",
                "Precio de compra",
                "Purchase price",
                "Lo que pagaron quienes venden, el " + facts.purchasedOn() + ".",
                "What the sellers paid, on " + facts.purchasedOn() + ".",
                inputs("purchasedOn", facts.purchasedOn().toString()),
                price));
        BigDecimal unrounded;
        if (terms instanceof ResaleTerms.Appraisal appraisal) {
            unrounded = appraisal(appraisal, facts, steps);
        } else if (terms instanceof ResaleTerms.FixedRate fixedRate) {
            unrounded = fixedRate(fixedRate, facts, steps);
        } else if (terms instanceof ResaleTerms.IndexLinked indexLinked) {
            unrounded = indexLinked(indexLinked, facts, steps);
        } else {
            unrounded = itemized((ResaleTerms.Itemized) terms, facts, steps);
        }
        return finish(terms.family(), facts.currency(), minorUnits, unrounded, steps);
    }

    private static BigDecimal appraisal(ResaleTerms.Appraisal terms, ResaleFacts facts, List<Worksheet.Step> steps) {
        BigDecimal atPurchase = require(facts.purchaseAppraisal(), "purchaseAppraisal", "the appraisal at purchase");
        BigDecimal now = require(facts.currentAppraisal(), "currentAppraisal", "the appraisal now");
        BigDecimal gain = now.subtract(atPurchase);
        steps.add(step(
                "appreciation",
                "Plusvalía",
                "Appreciation",
                "Avalúo actual menos avalúo a la compra.",
                "Appraisal now minus appraisal at purchase.",
                inputs("currentAppraisal", plain(now), "purchaseAppraisal", plain(atPurchase)),
                gain));
        BigDecimal counted = gain;
        if (gain.signum() < 0 && !terms.lossesShared()) {
            counted = BigDecimal.ZERO;
        }
        steps.add(step(
                "countedAppreciation",
                "Plusvalía que cuenta",
                "Appreciation counted",
                terms.lossesShared()
                        ? "La política reparte las pérdidas igual que las ganancias: una baja de valor cuenta con la"
                                + " misma proporción."
                        : "La política no reparte pérdidas: una baja de valor cuenta como cero, así el precio nunca"
                                + " baja del precio de compra.",
                terms.lossesShared()
                        ? "The policy shares losses like gains, symmetrically: a fall in value counts at the same"
                                + " share."
                        : "The policy does not share losses: a fall in value counts as zero, so the price never"
                                + " falls below the purchase price.",
                inputs("appreciation", plain(gain), "losses", terms.lossesShared() ? "shared" : "floored"),
                counted));
        BigDecimal shared = counted.multiply(terms.appreciationShare());
        steps.add(step(
                "sharedAppreciation",
                "Parte de la plusvalía para quienes venden",
                "Sellers' share of the appreciation",
                "Plusvalía que cuenta × proporción de la política.",
                "Appreciation counted × the policy's share.",
                inputs("countedAppreciation", plain(counted), "appreciationShare", plain(terms.appreciationShare())),
                shared));
        return facts.purchasePrice().add(shared).add(improvements(terms.improvementShare(), facts, steps));
    }

    private static BigDecimal fixedRate(ResaleTerms.FixedRate terms, ResaleFacts facts, List<Worksheet.Step> steps) {
        long years = ChronoUnit.YEARS.between(facts.purchasedOn(), facts.soldOn());
        steps.add(step(
                "completedYears",
                "Años completos",
                "Completed years",
                "Años completos entre la compra y la venta; la fracción de año no cuenta.",
                "Whole years completed between purchase and sale; part of a year does not count.",
                inputs(
                        "purchasedOn",
                        facts.purchasedOn().toString(),
                        "soldOn",
                        facts.soldOn().toString()),
                BigDecimal.valueOf(years)));
        BigDecimal rate = terms.annualRatePercent().movePointLeft(2);
        BigDecimal factor = terms.compound()
                ? BigDecimal.ONE.add(rate).pow(Math.toIntExact(years))
                : BigDecimal.ONE.add(rate.multiply(BigDecimal.valueOf(years)));
        steps.add(step(
                "growthFactor",
                "Factor de crecimiento",
                "Growth factor",
                terms.compound()
                        ? "Interés compuesto: (1 + tasa anual / 100) elevado a los años completos."
                        : "Interés simple: 1 + años completos × tasa anual / 100.",
                terms.compound()
                        ? "Compound: (1 + yearly rate / 100) to the power of the completed years."
                        : "Simple: 1 + completed years × yearly rate / 100.",
                inputs(
                        "annualRatePercent",
                        plain(terms.annualRatePercent()),
                        "compounding",
                        terms.compound() ? "compound" : "simple",
                        "completedYears",
                        Long.toString(years)),
                factor));
        BigDecimal grown = facts.purchasePrice().multiply(factor);
        steps.add(step(
                "grownPrice",
                "Precio actualizado",
                "Grown price",
                "Precio de compra × factor de crecimiento.",
                "Purchase price × growth factor.",
                inputs("purchasePrice", plain(facts.purchasePrice()), "growthFactor", plain(factor)),
                grown));
        return grown;
    }

    private static BigDecimal indexLinked(
            ResaleTerms.IndexLinked terms, ResaleFacts facts, List<Worksheet.Step> steps) {
        BigDecimal atPurchase = require(facts.purchaseIndexValue(), "purchaseIndexValue", "the index at purchase");
        BigDecimal now = require(facts.currentIndexValue(), "currentIndexValue", "the index now");
        BigDecimal ratio = now.divide(atPurchase, MathContext.DECIMAL128);
        steps.add(step(
                "indexRatio",
                "Variación del índice",
                "Index ratio",
                "Índice " + terms.index() + " actual ÷ índice a la compra, con 34 cifras significativas.",
                "Index " + terms.index() + " now ÷ index at purchase, to 34 significant digits.",
                inputs(
                        "index",
                        terms.index(),
                        "currentIndexValue",
                        plain(now),
                        "purchaseIndexValue",
                        plain(atPurchase)),
                ratio));
        BigDecimal indexed = facts.purchasePrice().multiply(ratio);
        steps.add(step(
                "indexedPrice",
                "Precio indexado",
                "Indexed price",
                "Precio de compra × variación del índice.",
                "Purchase price × index ratio.",
                inputs("purchasePrice", plain(facts.purchasePrice()), "indexRatio", plain(ratio)),
                indexed));
        return indexed;
    }

    private static BigDecimal itemized(ResaleTerms.Itemized terms, ResaleFacts facts, List<Worksheet.Step> steps) {
        BigDecimal total = facts.purchasePrice();
        for (ResaleTerms.Item item : terms.items()) {
            BigDecimal value;
            Map<String, String> inputs;
            String es;
            String en;
            if (item.amount().isPresent()) {
                value = item.amount().get();
                inputs = inputs("amount", plain(value));
                es = "Monto fijo de la política.";
                en = "A fixed amount set by the policy.";
            } else {
                BigDecimal percent = item.percentOfPrice().orElseThrow();
                value = facts.purchasePrice().multiply(percent).movePointLeft(2);
                inputs = inputs("purchasePrice", plain(facts.purchasePrice()), "percentOfPrice", plain(percent));
                es = "Porcentaje del precio de compra.";
                en = "A percentage of the purchase price.";
            }
            steps.add(new Worksheet.Step(
                    "item." + item.key(), item.label(), new Worksheet.Text(es, en), inputs, plain(value)));
            total = total.add(value);
        }
        return total.add(improvements(terms.improvementShare(), facts, steps));
    }

    private static BigDecimal improvements(Optional<BigDecimal> share, ResaleFacts facts, List<Worksheet.Step> steps) {
        Map<String, String> inputs = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (ImprovementCredit credit : facts.improvements()) {
            inputs.put(credit.on() + " " + credit.description(), plain(credit.amount()));
            sum = sum.add(credit.amount());
        }
        if (share.isEmpty()) {
            steps.add(step(
                    "improvementCredits",
                    "Mejoras acreditadas",
                    "Improvement credits",
                    "Esta política no acredita mejoras.",
                    "This policy does not credit improvements.",
                    inputs,
                    BigDecimal.ZERO));
            return BigDecimal.ZERO;
        }
        inputs.put("improvementShare", plain(share.get()));
        BigDecimal credited = sum.multiply(share.get());
        steps.add(step(
                "improvementCredits",
                "Mejoras acreditadas",
                "Improvement credits",
                "Suma de las mejoras registradas durante el arrendamiento × proporción acreditada.",
                "Sum of the improvements recorded during the lease × the share credited.",
                inputs,
                credited));
        return credited;
    }

    private static Worksheet finish(
            String family, String currency, int minorUnits, BigDecimal unrounded, List<Worksheet.Step> steps) {
        steps.add(step(
                "unroundedPrice",
                "Precio sin redondear",
                "Unrounded price",
                "Suma de los pasos anteriores, exacta.",
                "The sum of the steps above, exact.",
                inputs(),
                unrounded));
        BigDecimal bounded = unrounded;
        if (unrounded.signum() < 0) {
            bounded = BigDecimal.ZERO;
            steps.add(step(
                    "notBelowZero",
                    "Nunca negativo",
                    "Never negative",
                    "La fórmula da un precio negativo; el precio es cero.",
                    "The formula gives a negative price; the price is zero.",
                    inputs("unroundedPrice", plain(unrounded)),
                    bounded));
        }
        BigDecimal price = bounded.setScale(minorUnits, RoundingMode.HALF_UP);
        steps.add(step(
                "price",
                "Precio máximo de reventa",
                "Maximum resale price",
                "Redondeado una sola vez a " + minorUnits + " decimales (" + currency + "), la mitad hacia arriba.",
                "Rounded once to " + minorUnits + " decimals (" + currency + "), half up.",
                inputs(
                        "unroundedPrice",
                        plain(bounded),
                        "minorUnits",
                        Integer.toString(minorUnits),
                        "rounding",
                        "HALF_UP"),
                price));
        return new Worksheet(family, currency, minorUnits, steps, price);
    }

    private static BigDecimal require(Optional<BigDecimal> fact, String field, String what) {
        return fact.orElseThrow(
                () -> Problem.invalidField(field, "This resale policy needs " + what + ": give '" + field + "'."));
    }

    private static Worksheet.Step step(
            String key,
            String labelEs,
            String labelEn,
            String es,
            String en,
            Map<String, String> inputs,
            BigDecimal value) {
        return new Worksheet.Step(
                key, new Worksheet.Text(labelEs, labelEn), new Worksheet.Text(es, en), inputs, plain(value));
    }

    private static Map<String, String> inputs(String... namesAndValues) {
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return inputs;
    }

    /** An exact decimal as text, without exponent or trailing zeros beyond those given. */
    static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
