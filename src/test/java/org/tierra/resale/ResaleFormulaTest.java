package org.tierra.resale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tierra.core.Problem;
import org.tierra.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The resale formulas on golden examples and edge cases, without a database. */
class ResaleFormulaTest {

    private static final JsonMapper JSON = Json.newMapper();

    /** Facts with a purchase of {@code price} MXN on {@code purchasedOn}, sold on {@code soldOn}. */
    private static ResaleFacts facts(String price, String purchasedOn, String soldOn) {
        return new ResaleFacts(
                "MXN",
                new BigDecimal(price),
                LocalDate.parse(purchasedOn),
                LocalDate.parse(soldOn),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    private static ResaleFacts appraisals(ResaleFacts facts, String atPurchase, String now) {
        return new ResaleFacts(
                facts.currency(),
                facts.purchasePrice(),
                facts.purchasedOn(),
                facts.soldOn(),
                Optional.of(new BigDecimal(atPurchase)),
                Optional.of(new BigDecimal(now)),
                facts.purchaseIndexValue(),
                facts.currentIndexValue(),
                facts.improvements());
    }

    private static ResaleFacts indexes(ResaleFacts facts, String atPurchase, String now) {
        return new ResaleFacts(
                facts.currency(),
                facts.purchasePrice(),
                facts.purchasedOn(),
                facts.soldOn(),
                facts.purchaseAppraisal(),
                facts.currentAppraisal(),
                Optional.of(new BigDecimal(atPurchase)),
                Optional.of(new BigDecimal(now)),
                facts.improvements());
    }

    private static ResaleFacts improvements(ResaleFacts facts, String... amounts) {
        List<ImprovementCredit> credits = Stream.of(amounts)
                .map(amount ->
                        new ImprovementCredit(facts.purchasedOn().plusYears(1), "mejora", new BigDecimal(amount)))
                .toList();
        return new ResaleFacts(
                facts.currency(),
                facts.purchasePrice(),
                facts.purchasedOn(),
                facts.soldOn(),
                facts.purchaseAppraisal(),
                facts.currentAppraisal(),
                facts.purchaseIndexValue(),
                facts.currentIndexValue(),
                credits);
    }

    private static ResaleTerms terms(String family, String json) {
        return ResaleTerms.parse(family, JSON.readTree(json));
    }

    private static final ResaleFacts TEN_YEARS = facts("1000000", "2014-03-01", "2024-03-01");
    private static final ResaleFacts GOLDEN_APPRAISAL = appraisals(TEN_YEARS, "1250000", "1650000");
    private static final ResaleFacts FALLEN_APPRAISAL = appraisals(TEN_YEARS, "1250000", "1050000");

    static Stream<Arguments> golden() {
        return Stream.of(
                Arguments.of(
                        "appraisal: 25% of a 400,000 gain",
                        "appraisal", "{\"appreciationShare\":\"0.25\"}", GOLDEN_APPRAISAL, 2, "1100000.00"),
                Arguments.of(
                        "appraisal: a fall in value is shared by default",
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\"}",
                        FALLEN_APPRAISAL,
                        2,
                        "950000.00"),
                Arguments.of(
                        "appraisal: a floored policy counts no loss",
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\",\"losses\":\"floored\"}",
                        FALLEN_APPRAISAL,
                        2,
                        "1000000.00"),
                Arguments.of(
                        "appraisal: improvements credited in full",
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\",\"improvementShare\":\"1\"}",
                        improvements(GOLDEN_APPRAISAL, "30000", "20000.50"),
                        2,
                        "1150000.50"),
                Arguments.of(
                        "appraisal: improvements credited at half, the half cent rounds up",
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\",\"improvementShare\":\"0.5\"}",
                        improvements(GOLDEN_APPRAISAL, "30000", "20000.01"),
                        2,
                        "1125000.01"),
                Arguments.of(
                        "appraisal: improvements not credited without an improvement share",
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\"}",
                        improvements(GOLDEN_APPRAISAL, "30000"),
                        2,
                        "1100000.00"),
                Arguments.of(
                        "appraisal: a loss larger than the price gives zero, not a negative price",
                        "appraisal",
                        "{\"appreciationShare\":\"1\"}",
                        appraisals(facts("100000", "2014-03-01", "2024-03-01"), "1000000", "0"),
                        2,
                        "0.00"),
                Arguments.of(
                        "fixed_rate: 2% compound for 10 years",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"2\",\"compounding\":\"compound\"}",
                        TEN_YEARS,
                        2,
                        "1218994.42"),
                Arguments.of(
                        "fixed_rate: 2% simple for 10 years",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"2\",\"compounding\":\"simple\"}",
                        TEN_YEARS,
                        2,
                        "1200000.00"),
                Arguments.of(
                        "fixed_rate: one day short of 10 years counts 9",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"2\",\"compounding\":\"compound\"}",
                        facts("1000000", "2014-03-01", "2024-02-29"),
                        2,
                        "1195092.57"),
                Arguments.of(
                        "fixed_rate: under a year is the original price",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"2\",\"compounding\":\"compound\"}",
                        facts("1000000", "2024-01-01", "2024-12-31"),
                        2,
                        "1000000.00"),
                Arguments.of(
                        "fixed_rate: sold on the day of purchase",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"3.5\",\"compounding\":\"simple\"}",
                        facts("750000.25", "2024-01-01", "2024-01-01"),
                        2,
                        "750000.25"),
                Arguments.of(
                        "fixed_rate: bought on 29 February, a year completes on 1 March",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"10\",\"compounding\":\"compound\"}",
                        facts("1000", "2020-02-29", "2021-03-01"),
                        2,
                        "1100.00"),
                Arguments.of(
                        "fixed_rate: bought on 29 February, 28 February is not yet a year",
                        "fixed_rate",
                        "{\"annualRatePercent\":\"10\",\"compounding\":\"compound\"}",
                        facts("1000", "2020-02-29", "2021-02-28"),
                        2,
                        "1000.00"),
                Arguments.of(
                        "index_linked: INPC from 100 to 134.594",
                        "index_linked",
                        "{\"index\":\"inpc\"}",
                        indexes(TEN_YEARS, "100", "134.594"),
                        2,
                        "1345940.00"),
                Arguments.of(
                        "index_linked: a repeating ratio is divided once, rounded once",
                        "index_linked",
                        "{\"index\":\"inpc\"}",
                        indexes(TEN_YEARS, "120", "130"),
                        2,
                        "1083333.33"),
                Arguments.of(
                        "index_linked: a falling index lowers the price",
                        "index_linked",
                        "{\"index\":\"inpc\"}",
                        indexes(TEN_YEARS, "134.594", "100"),
                        2,
                        "742975.17"),
                Arguments.of(
                        "itemized: a fixed amount and a percentage of the price",
                        "itemized",
                        "{\"items\":[{\"key\":\"closing-costs\",\"label\":{\"es\":\"Gastos de cierre\",\"en\":\"Closing"
                                + " costs\"},\"amount\":\"15000\"},{\"key\":\"inflation\",\"label\":{\"es\":\"Inflación\","
                                + "\"en\":\"Inflation\"},\"percentOfPrice\":\"5\"}]}",
                        improvements(TEN_YEARS, "40000"),
                        2,
                        "1065000.00"),
                Arguments.of(
                        "itemized: with improvements credited",
                        "itemized",
                        "{\"items\":[{\"key\":\"closing-costs\",\"label\":{\"es\":\"Gastos\",\"en\":\"Costs\"},"
                                + "\"amount\":\"15000\"}],\"improvementShare\":\"1\"}",
                        improvements(TEN_YEARS, "40000"),
                        2,
                        "1055000.00"),
                Arguments.of(
                        "rounding: exactly half a cent rounds up (half-even would give .00)",
                        "itemized",
                        "{\"items\":[{\"key\":\"fee\",\"label\":{\"es\":\"Cuota\",\"en\":\"Fee\"},\"percentOfPrice\":\"0.5\"}]}",
                        facts("1001", "2020-01-01", "2024-01-01"),
                        2,
                        "1006.01"),
                Arguments.of(
                        "rounding: just under half a cent rounds down",
                        "itemized",
                        "{\"items\":[{\"key\":\"fee\",\"label\":{\"es\":\"Cuota\",\"en\":\"Fee\"},\"amount\":\"0.0049\"}]}",
                        facts("1000", "2020-01-01", "2024-01-01"),
                        2,
                        "1000.00"),
                Arguments.of(
                        "rounding: a currency without minor units (CLP) rounds to whole units, half up",
                        "appraisal",
                        "{\"appreciationShare\":\"0.5\"}",
                        appraisals(facts("1000", "2020-01-01", "2024-01-01"), "1000", "1001"),
                        0,
                        "1001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void computesTheGoldenPrice(
            String name, String family, String termsJson, ResaleFacts facts, int minorUnits, String expected) {
        Worksheet worksheet = ResaleFormula.compute(terms(family, termsJson), facts, minorUnits);

        assertThat(worksheet.price().toPlainString()).isEqualTo(expected);
        assertThat(worksheet.family()).isEqualTo(family);
        assertThat(worksheet.steps().get(0).key()).isEqualTo("purchasePrice");
        assertThat(worksheet.steps().get(worksheet.steps().size() - 1).value()).isEqualTo(expected);
    }

    @Test
    void theAppraisalWorksheetShowsEveryStepExactlyInBothLanguages() {
        Worksheet worksheet =
                ResaleFormula.compute(terms("appraisal", "{\"appreciationShare\":\"0.25\"}"), GOLDEN_APPRAISAL, 2);

        assertThat(worksheet.steps())
                .extracting(Worksheet.Step::key)
                .containsExactly(
                        "purchasePrice",
                        "appreciation",
                        "countedAppreciation",
                        "sharedAppreciation",
                        "improvementCredits",
                        "unroundedPrice",
                        "price");
        assertThat(worksheet.getStep("appreciation").value()).isEqualTo("400000");
        assertThat(worksheet.getStep("appreciation").inputs())
                .containsEntry("currentAppraisal", "1650000")
                .containsEntry("purchaseAppraisal", "1250000");
        assertThat(worksheet.getStep("sharedAppreciation").value()).isEqualTo("100000.00");
        assertThat(worksheet.getStep("countedAppreciation").explanation().en()).contains("symmetrically");
        assertThat(worksheet.getStep("countedAppreciation").explanation().es()).contains("pérdidas");
        assertThat(worksheet.getStep("price").inputs()).containsEntry("rounding", "HALF_UP");
        assertThat(worksheet.getStep("price").label().es()).isEqualTo("Precio máximo de reventa");
    }

    @Test
    void theWorksheetKeepsIntermediateValuesUnrounded() {
        Worksheet worksheet = ResaleFormula.compute(
                terms("fixed_rate", "{\"annualRatePercent\":\"2\",\"compounding\":\"compound\"}"), TEN_YEARS, 2);

        assertThat(worksheet.getStep("completedYears").value()).isEqualTo("10");
        assertThat(worksheet.getStep("growthFactor").value()).isEqualTo("1.21899441999475713024");
        assertThat(worksheet.getStep("unroundedPrice").value()).isEqualTo("1218994.41999475713024000000");
    }

    @Test
    void theQuoteSerializesWithBothLanguagesAndExactValues() {
        Worksheet worksheet =
                ResaleFormula.compute(terms("appraisal", "{\"appreciationShare\":\"0.25\"}"), GOLDEN_APPRAISAL, 2);
        ResaleQuote quote = new ResaleQuote(7, 2, "appraisal", worksheet.price(), "MXN", worksheet);

        JsonNode json = JSON.readTree(JSON.writeValueAsString(quote));

        assertThat(json.get("price").decimalValue()).isEqualByComparingTo("1100000.00");
        assertThat(json.at("/worksheet/steps/3/key").asString()).isEqualTo("sharedAppreciation");
        assertThat(json.at("/worksheet/steps/3/label/es").asString()).isNotBlank();
        assertThat(json.at("/worksheet/steps/3/label/en").asString()).isNotBlank();
        assertThat(json.at("/worksheet/steps/3/value").asString()).isEqualTo("100000.00");
    }

    static Stream<Arguments> missingFacts() {
        return Stream.of(
                Arguments.of("appraisal", "{\"appreciationShare\":\"0.25\"}", TEN_YEARS, "purchaseAppraisal"),
                Arguments.of(
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\"}",
                        new ResaleFacts(
                                "MXN",
                                BigDecimal.TEN,
                                LocalDate.parse("2020-01-01"),
                                LocalDate.parse("2021-01-01"),
                                Optional.of(BigDecimal.TEN),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                List.of()),
                        "currentAppraisal"),
                Arguments.of("index_linked", "{\"index\":\"inpc\"}", TEN_YEARS, "purchaseIndexValue"),
                Arguments.of(
                        "fixed_rate",
                        "{\"annualRatePercent\":\"2\",\"compounding\":\"simple\"}",
                        facts("1000", "2024-01-02", "2024-01-01"),
                        "soldOn"),
                Arguments.of(
                        "appraisal",
                        "{\"appreciationShare\":\"0.25\"}",
                        appraisals(facts("1000", "2024-01-02", "2023-12-31"), "1", "2"),
                        "soldOn"));
    }

    @ParameterizedTest(name = "{0} without {3}")
    @MethodSource("missingFacts")
    void aMissingOrImpossibleFactIsA422NamingIt(String family, String termsJson, ResaleFacts facts, String field) {
        assertThatThrownBy(() -> ResaleFormula.compute(terms(family, termsJson), facts, 2))
                .isInstanceOfSatisfying(Problem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.fields()).containsEntry("field", field);
                });
    }

    static Stream<Arguments> badTerms() {
        return Stream.of(
                Arguments.of("rent_control", "{}", "family"),
                Arguments.of("appraisal", "{}", "terms.appreciationShare"),
                Arguments.of("appraisal", "{\"appreciationShare\":0.25}", "terms.appreciationShare"),
                Arguments.of("appraisal", "{\"appreciationShare\":\"1.5\"}", "terms.appreciationShare"),
                Arguments.of("appraisal", "{\"appreciationShare\":\"1e-1\"}", "terms.appreciationShare"),
                Arguments.of("appraisal", "{\"appreciationShare\":\"0.25\",\"losses\":\"ignored\"}", "terms.losses"),
                Arguments.of("appraisal", "{\"appreciationShare\":\"0.25\",\"bonus\":\"1\"}", "terms.bonus"),
                Arguments.of("appraisal", "[]", "terms"),
                Arguments.of("fixed_rate", "{\"annualRatePercent\":\"2\"}", "terms.compounding"),
                Arguments.of(
                        "fixed_rate",
                        "{\"annualRatePercent\":\"-1\",\"compounding\":\"simple\"}",
                        "terms.annualRatePercent"),
                Arguments.of(
                        "fixed_rate", "{\"annualRatePercent\":\"2\",\"compounding\":\"daily\"}", "terms.compounding"),
                Arguments.of("index_linked", "{}", "terms.index"),
                Arguments.of("index_linked", "{\"index\":\"INPC 2018\"}", "terms.index"),
                Arguments.of("itemized", "{}", "terms.items"),
                Arguments.of(
                        "itemized",
                        "{\"items\":[{\"key\":\"a\",\"label\":{\"es\":\"A\",\"en\":\"A\"},\"amount\":\"1\",\"percentOfPrice\":\"1\"}]}",
                        "terms.items[0].amount"),
                Arguments.of(
                        "itemized",
                        "{\"items\":[{\"key\":\"a\",\"label\":{\"es\":\"A\"},\"amount\":\"1\"}]}",
                        "terms.items[0].label.en"),
                Arguments.of(
                        "itemized",
                        "{\"items\":[{\"key\":\"a\",\"label\":{\"es\":\"A\",\"en\":\"A\"},\"amount\":\"-5\"}]}",
                        "terms.items[0].amount"),
                Arguments.of(
                        "itemized",
                        "{\"items\":[{\"key\":\"a\",\"label\":{\"es\":\"A\",\"en\":\"A\"},\"amount\":\"1\"},"
                                + "{\"key\":\"a\",\"label\":{\"es\":\"B\",\"en\":\"B\"},\"amount\":\"2\"}]}",
                        "terms.items[1].key"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badTerms")
    void badTermsAreA422NamingTheTerm(String family, String termsJson, String field) {
        assertThatThrownBy(() -> terms(family, termsJson)).isInstanceOfSatisfying(Problem.class, problem -> {
            assertThat(problem.status()).isEqualTo(422);
            assertThat(problem.fields()).containsEntry("field", field);
        });
    }
}
