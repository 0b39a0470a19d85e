package org.tierra.resale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.auth.Passwords;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Resale policies, quotes and price indexes over HTTP against real PostGIS: roles, bad input, audit. */
class ResaleRoutesTest {

    private static final String OPERATOR_PASSWORD = "operador del servidor 2026";
    private static final String GOLDEN_FACTS = """
            {"currency":"MXN","purchasePrice":"1000000","purchasedOn":"2014-03-01","soldOn":"2024-03-01",
             "purchaseAppraisal":"1250000","currentAppraisal":"1650000"}""";

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;
    private static TestHttp.Session operator;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        database.execute("""
                INSERT INTO app_user (username, display_name, password_hash, is_operator)
                VALUES ('operador', 'Operador', '%s', true);
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Campesina Demo', 'Campesina', 'Demo', u.id
                FROM trust t, app_user u WHERE t.code = 'ftc-jacarandas' AND u.username = 'demo-farmer'
                ON CONFLICT (trust_id, user_id) DO NOTHING;
                """.formatted(Passwords.hash(OPERATOR_PASSWORD)));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        operator = http.signIn("operador", OPERATOR_PASSWORD);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long createPolicy(String code, String family, String terms) {
        HttpResponse<String> response = staff.send("POST", "/api/v1/resale-policies", policyBody(code, family, terms));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asLong();
    }

    private static String policyBody(String code, String family, String terms) {
        return "{\"trust\":\"ftc-jacarandas\",\"code\":\"" + code + "\",\"name\":\"Tope " + code + "\",\"family\":\""
                + family + "\",\"terms\":" + terms + ",\"reason\":\"acuerdo de asamblea\"}";
    }

    private static long count(String table) {
        return database.queryLong("SELECT count(*) FROM " + table);
    }

    /**
     * An active lease of demo-farmer on a parcel of its own, signed under {@code policyId} version 1,
     * bought for 1,000,000 MXN on 2014-03-01 with an appraisal of 1,250,000.
     */
    private static long createLease(String code, String policyId, String purchaseIndexValue, double lon) {
        database.execute(
                """
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT id, 'P-%1$s', 'clt_leasehold', 'residential', ST_Multi(ST_MakeEnvelope(%3$s, 17.3, %3$s + 0.0004, 17.3004, 4326))
                FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount,
                                          resale_policy_id, resale_policy_version, purchase_price, purchase_appraisal,
                                          purchase_index_value)
                SELECT id, '%1$s', '2014-03-01', '2113-03-01', 'residential', 500, %2$s, %4$s, 1000000, 1250000, %5$s
                FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT g.id, p.id, g.trust_id FROM ground_lease g, parcel p WHERE g.code = '%1$s' AND p.code = 'P-%1$s';
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                SELECT g.id, p.id, g.trust_id, 1, 1
                FROM ground_lease g, party p JOIN app_user u ON u.id = p.user_id
                WHERE g.code = '%1$s' AND u.username = 'demo-farmer' AND p.trust_id = g.trust_id;
                UPDATE ground_lease SET status = 'active', version = version + 1 WHERE code = '%1$s';
                """.formatted(code, policyId, lon, policyId.equals("NULL") ? "NULL" : "1", purchaseIndexValue));
        return database.queryLong("SELECT id FROM ground_lease WHERE code = '" + code + "'");
    }

    @Test
    void staffCreatesAPolicyAndItsVersionsWithAuditEntriesEarlierVersionsStayAsTheyWere() {
        long audits = count("audit_entry");
        long id = createPolicy("tope-versiones", "appraisal", "{\"appreciationShare\":\"0.25\"}");

        HttpResponse<String> second = staff.send(
                "POST",
                "/api/v1/resale-policies/" + id + "/versions",
                "{\"terms\":{\"appreciationShare\":\"0.30\",\"losses\":\"floored\"},\"reason\":\"nuevo acuerdo\"}");
        HttpResponse<String> third = staff.send(
                "POST",
                "/api/v1/resale-policies/" + id + "/versions",
                "{\"family\":\"fixed_rate\",\"terms\":{\"annualRatePercent\":\"2\",\"compounding\":\"compound\"},"
                        + "\"reason\":\"cambio de fórmula\"}");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(201);
        JsonNode policy = json(farmer.get("/api/v1/resale-policies/" + id));
        assertThat(policy.get("currentVersion").asInt()).isEqualTo(3);
        assertThat(policy.at("/versions/0/terms/appreciationShare").asString()).isEqualTo("0.25");
        assertThat(policy.at("/versions/1/family").asString()).isEqualTo("appraisal");
        assertThat(policy.at("/versions/1/terms/losses").asString()).isEqualTo("floored");
        assertThat(policy.at("/versions/2/family").asString()).isEqualTo("fixed_rate");
        assertThat(database.queryColumn("SELECT action || ':' || (details->>'version') FROM audit_entry"
                        + " WHERE entity = 'resale_policy' AND entity_id = '" + id + "' ORDER BY id"))
                .containsExactly("create:1", "create_version:2", "create_version:3");
        assertThat(count("audit_entry")).isEqualTo(audits + 3);
        assertThat(json(researcher.get("/api/v1/resale-policies?trust=ftc-jacarandas"))
                        .get("policies"))
                .anySatisfy(listed -> assertThat(listed.get("code").asString()).isEqualTo("tope-versiones"));
    }

    @Test
    void badPoliciesAre4xxNamingTheFieldAndWriteNothing() {
        createPolicy("tope-repetido", "fixed_rate", "{\"annualRatePercent\":\"2\",\"compounding\":\"simple\"}");
        long policies = count("resale_policy");
        long versions = count("resale_policy_version");
        long audits = count("audit_entry");
        String[][] cases = {
            {policyBody("tope-malo", "rent_control", "{}"), "422", "family"},
            {policyBody("tope-malo", "appraisal", "{\"appreciationShare\":\"1.25\"}"), "422", "terms.appreciationShare"
            },
            {policyBody("tope-malo", "appraisal", "{\"appreciationShare\":0.25}"), "422", "terms.appreciationShare"},
            {policyBody("tope-malo", "fixed_rate", "{\"annualRatePercent\":\"2\"}"), "422", "terms.compounding"},
            {policyBody("tope-malo", "index_linked", "{\"index\":\"inpc\",\"cap\":\"3\"}"), "422", "terms.cap"},
            {policyBody("Tope Malo", "index_linked", "{\"index\":\"inpc\"}"), "422", "code"},
            {policyBody("tope-repetido", "index_linked", "{\"index\":\"inpc\"}"), "409", "code"},
            {
                policyBody("tope-malo", "appraisal", "{\"appreciationShare\":\"0.25\"}")
                        .replace("ftc-jacarandas", "no-existe"),
                "422",
                "trust"
            },
        };
        for (String[] bad : cases) {
            HttpResponse<String> response = staff.send("POST", "/api/v1/resale-policies", bad[0]);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("field").asString()).isEqualTo(bad[2]);
        }
        HttpResponse<String> byBoard = board.send(
                "POST",
                "/api/v1/resale-policies",
                policyBody("tope-junta", "itemized", "{\"improvementShare\":\"1\"}"));
        HttpResponse<String> badVersion = staff.send(
                "POST",
                "/api/v1/resale-policies/" + database.queryLong("SELECT max(id) FROM resale_policy") + "/versions",
                "{\"terms\":{\"annualRatePercent\":\"101\",\"compounding\":\"simple\"},\"reason\":\"x\"}");
        HttpResponse<String> noPolicy =
                staff.send("POST", "/api/v1/resale-policies/999999/versions", "{\"terms\":{},\"reason\":\"x\"}");

        assertThat(byBoard.statusCode()).isEqualTo(403);
        assertThat(badVersion.statusCode()).isEqualTo(422);
        assertThat(json(badVersion).get("field").asString()).isEqualTo("terms.annualRatePercent");
        assertThat(noPolicy.statusCode()).isEqualTo(404);
        assertThat(count("resale_policy")).isEqualTo(policies);
        assertThat(count("resale_policy_version")).isEqualTo(versions);
        assertThat(count("audit_entry")).isEqualTo(audits);
    }

    @Test
    void theBoardAsksWhatIfAndReadsTheWorksheetInItsLanguageWithoutWritingAnything() {
        long id = createPolicy("tope-que-pasaria", "appraisal", "{\"appreciationShare\":\"0.25\"}");
        long audits = count("audit_entry");
        String path = "/api/v1/resale-policies/" + id + "/versions/1/quote";

        HttpResponse<String> response = board.send("POST", path, GOLDEN_FACTS, "Accept-Language", "es-MX,es;q=0.9");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode quote = json(response);
        assertThat(quote.get("price").asString()).isEqualTo("1100000.00");
        assertThat(quote.get("currency").asString()).isEqualTo("MXN");
        assertThat(quote.get("language").asString()).isEqualTo("es");
        assertThat(quote.at("/lines/6/label").asString()).isEqualTo("Precio máximo de reventa");
        assertThat(quote.at("/worksheet/steps/6/label/en").asString()).isEqualTo("Maximum resale price");
        assertThat(quote.at("/worksheet/steps/3/value").asString()).isEqualTo("100000.00");
        assertThat(count("audit_entry")).isEqualTo(audits);

        String[][] cases = {
            {GOLDEN_FACTS.replace(",\"currentAppraisal\":\"1650000\"", ""), "422", "currentAppraisal"},
            {GOLDEN_FACTS.replace("\"soldOn\":\"2024-03-01\"", "\"soldOn\":\"2013-03-01\""), "422", "soldOn"},
            {GOLDEN_FACTS.replace("\"soldOn\":\"2024-03-01\"", "\"soldOn\":\"2024-02-30\""), "422", "soldOn"},
            {GOLDEN_FACTS.replace("MXN", "XAU"), "422", "currency"},
            {GOLDEN_FACTS.replace("\"1000000\"", "\"1,000,000\""), "422", "purchasePrice"},
            {GOLDEN_FACTS.replace("\"1000000\"", "\"-1\""), "422", "purchasePrice"},
            {
                GOLDEN_FACTS.replace("}", ",\"improvements\":[{\"on\":\"2015-01-01\",\"amount\":\"5\"}]}"),
                "422",
                "improvements[0].description"
            },
            {GOLDEN_FACTS.replace("}", ",\"discount\":\"5\"}"), "422", "discount"},
        };
        for (String[] bad : cases) {
            HttpResponse<String> refused = board.send("POST", path, bad[0]);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(json(refused).get("field").asString()).as(bad[0]).isEqualTo(bad[2]);
        }
        assertThat(board.send("POST", "/api/v1/resale-policies/" + id + "/versions/9/quote", GOLDEN_FACTS)
                        .statusCode())
                .isEqualTo(404);
        assertThat(farmer.send("POST", path, GOLDEN_FACTS).statusCode()).isEqualTo(403);
    }

    @Test
    void aLeaseQuoteCreditsTheImprovementsMadeDuringTheLeaseAndItsLesseeMayReadIt() {
        long policy = createPolicy(
                "tope-con-mejoras", "appraisal", "{\"appreciationShare\":\"0.25\",\"improvementShare\":\"1\"}");
        long lease = createLease("RESALE-MEJORAS", Long.toString(policy), "NULL", -96.60);
        database.execute("""
                INSERT INTO stewardship_event (trust_id, lease_id, parcel_id, kind, occurred_on, notes,
                                               improvement_value, currency, created_by_name)
                SELECT g.trust_id, e.lease_id, e.parcel_id, 'improvement', e.occurred_on::date, e.notes,
                       e.amount, 'MXN', 'test'
                FROM ground_lease g JOIN ground_lease_parcel lp ON lp.lease_id = g.id,
                LATERAL (VALUES (g.id, NULL::bigint, '2016-05-01', 'techo nuevo', 50000.00),
                                (NULL::bigint, lp.parcel_id, '2018-07-01', 'pozo', 10000.50),
                                (g.id, NULL::bigint, '2013-01-01', 'antes del arrendamiento', 99999),
                                (g.id, NULL::bigint, '2025-01-01', 'después de la venta', 88888))
                    AS e(lease_id, parcel_id, occurred_on, notes, amount)
                WHERE g.code = 'RESALE-MEJORAS';
                """);
        long audits = count("audit_entry");
        String path = "/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-03-01&currentAppraisal=1650000";

        HttpResponse<String> response = farmer.get(path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode quote = json(response);
        assertThat(quote.get("price").asString()).isEqualTo("1160000.50");
        assertThat(quote.get("policyId").asLong()).isEqualTo(policy);
        assertThat(quote.get("policyVersion").asInt()).isEqualTo(1);
        assertThat(quote.at("/worksheet/steps/4/key").asString()).isEqualTo("improvementCredits");
        assertThat(quote.at("/worksheet/steps/4/value").asString()).isEqualTo("60000.50");
        assertThat(quote.at("/worksheet/steps/4/inputs").propertyNames())
                .hasSize(3)
                .anySatisfy(name -> assertThat(name).contains("techo nuevo"))
                .anySatisfy(name -> assertThat(name).contains("pozo"));
        assertThat(count("audit_entry")).isEqualTo(audits);

        // A new version of the policy does not change the lease's price: it keeps the version it signed.
        staff.send(
                "POST",
                "/api/v1/resale-policies/" + policy + "/versions",
                "{\"terms\":{\"appreciationShare\":\"0.5\"},\"reason\":\"nuevo acuerdo\"}");
        assertThat(json(farmer.get(path)).get("price").asString()).isEqualTo("1160000.50");

        HttpResponse<String> noAppraisal = staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-03-01");
        assertThat(noAppraisal.statusCode()).isEqualTo(422);
        assertThat(json(noAppraisal).get("field").asString()).isEqualTo("currentAppraisal");
        HttpResponse<String> badDate = staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-13-01");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(json(badDate).get("parameter").asString()).isEqualTo("soldOn");
        HttpResponse<String> badAmount =
                staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-03-01&currentAppraisal=1e6");
        assertThat(badAmount.statusCode()).isEqualTo(400);
        HttpResponse<String> beforeStart =
                staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2014-02-28&currentAppraisal=1");
        assertThat(beforeStart.statusCode()).isEqualTo(422);
        assertThat(json(beforeStart).get("field").asString()).isEqualTo("soldOn");
        assertThat(researcher.get(path).statusCode()).isEqualTo(403);
        assertThat(operator.get(path).statusCode()).isEqualTo(404);
        assertThat(staff.get("/api/v1/leases/999999/resale-quote?soldOn=2024-03-01")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aLeaseWithoutAPolicyIsAConflict() {
        long lease = createLease("RESALE-SIN-TOPE", "NULL", "NULL", -96.61);

        HttpResponse<String> response = staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-03-01");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("detail").asString()).contains("no resale policy");
    }

    @Test
    void anIndexLinkedLeaseUsesTheLatestPublishedMonthAndSaysWhich() {
        HttpResponse<String> published = operator.send(
                "PUT",
                "/api/v1/price-indexes/inpc/values",
                "{\"values\":[{\"month\":\"2014-03\",\"value\":\"100\"},{\"month\":\"2024-01\",\"value\":\"130\"}],"
                        + "\"reason\":\"INEGI\"}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        long policy = createPolicy("tope-inpc", "index_linked", "{\"index\":\"inpc\"}");
        long lease = createLease("RESALE-INPC", Long.toString(policy), "NULL", -96.62);

        HttpResponse<String> response = staff.get("/api/v1/leases/" + lease + "/resale-quote?soldOn=2024-03-15");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode quote = json(response);
        assertThat(quote.get("price").asString()).isEqualTo("1300000.00");
        assertThat(quote.at("/worksheet/steps/0/key").asString()).isEqualTo("purchaseIndexValue");
        assertThat(quote.at("/worksheet/steps/0/inputs/usedMonth").asString()).isEqualTo("2014-03");
        assertThat(quote.at("/worksheet/steps/1/key").asString()).isEqualTo("currentIndexValue");
        assertThat(quote.at("/worksheet/steps/1/inputs/wantedMonth").asString()).isEqualTo("2024-03");
        assertThat(quote.at("/worksheet/steps/1/inputs/usedMonth").asString()).isEqualTo("2024-01");
        assertThat(quote.at("/worksheet/steps/1/explanation/en").asString()).contains("latest before");

        long old = createLease("RESALE-INPC-2000", Long.toString(policy), "NULL", -96.63);
        database.execute("UPDATE ground_lease SET starts_on = '2000-01-01', version = version + 1"
                + " WHERE code = 'RESALE-INPC-2000'");
        HttpResponse<String> missing = staff.get("/api/v1/leases/" + old + "/resale-quote?soldOn=2024-03-15");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(422);
        assertThat(json(missing).get("field").asString()).isEqualTo("purchaseIndexValue");
        assertThat(json(missing).get("month").asString()).isEqualTo("2000-01");
    }

    @Test
    void theOperatorPublishesIndexValuesIdempotentlyAndAnyoneReadsThem() {
        String body = "{\"values\":[{\"month\":\"2023-01\",\"value\":\"128.9\"},{\"month\":\"2023-02\","
                + "\"value\":\"129.3\"}],\"reason\":\"INEGI, publicación mensual\"}";
        long audits = count("audit_entry");

        HttpResponse<String> first = operator.send("PUT", "/api/v1/price-indexes/inpc/values", body);
        HttpResponse<String> again = operator.send("PUT", "/api/v1/price-indexes/inpc/values", body);
        HttpResponse<String> revised = operator.send(
                "PUT",
                "/api/v1/price-indexes/inpc/values",
                "{\"values\":[{\"month\":\"2023-02\",\"value\":\"129.35\"}],\"reason\":\"revisión\"}");

        assertThat(json(first).get("changedMonths").toString()).isEqualTo("[\"2023-01\",\"2023-02\"]");
        assertThat(json(again).get("changedMonths").toString()).isEqualTo("[]");
        assertThat(json(revised).get("changedMonths").toString()).isEqualTo("[\"2023-02\"]");
        assertThat(count("audit_entry")).isEqualTo(audits + 2);
        JsonNode index = json(http.get("/api/v1/price-indexes/inpc"));
        assertThat(index.at("/name/es").asString()).contains("INEGI");
        assertThat(index.get("values")).anySatisfy(value -> assertThat(value.toString())
                .isEqualTo("{\"month\":\"2023-02\",\"value\":\"129.35\"}"));
        assertThat(http.get("/api/v1/price-indexes/nada").statusCode()).isEqualTo(404);
    }

    @Test
    void badIndexValuesAre4xxAndWriteNothing() {
        long values = count("price_index_value");
        long audits = count("audit_entry");
        String[][] cases = {
            {"{\"values\":[{\"month\":\"2023-13\",\"value\":\"1\"}],\"reason\":\"x\"}", "values[0].month"},
            {"{\"values\":[{\"month\":\"2023-01\",\"value\":\"0\"}],\"reason\":\"x\"}", "values[0].value"},
            {"{\"values\":[{\"month\":\"2023-01\",\"value\":\"1.1234567\"}],\"reason\":\"x\"}", "values[0].value"},
            {
                "{\"values\":[{\"month\":\"2023-01\",\"value\":\"1\"},{\"month\":\"2023-01\",\"value\":\"2\"}],"
                        + "\"reason\":\"x\"}",
                "values[1].month"
            },
            {"{\"values\":[],\"reason\":\"x\"}", "values"},
            {"{\"values\":[{\"month\":\"2023-01\",\"value\":\"1\"}]}", "reason"},
        };
        for (String[] bad : cases) {
            HttpResponse<String> response = operator.send("PUT", "/api/v1/price-indexes/inpc/values", bad[0]);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
            assertThat(json(response).get("field").asString()).isEqualTo(bad[1]);
        }
        HttpResponse<String> unknown = operator.send(
                "PUT",
                "/api/v1/price-indexes/nuevo/values",
                "{\"values\":[{\"month\":\"2023-01\",\"value\":\"1\"}],\"reason\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(staff.send(
                                "PUT",
                                "/api/v1/price-indexes/inpc/values",
                                "{\"values\":[{\"month\":\"2023-01\",\"value\":\"1\"}],\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(count("price_index_value")).isEqualTo(values);
        assertThat(count("audit_entry")).isEqualTo(audits);
        assertThat(count("price_index")).isEqualTo(1);
    }
}
