package org.tierra.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** The fee ledger over HTTP: charges, payments, adjustments, statements, arrears, who may do what. */
class LedgerRoutesTest {

    private static final String JACARANDAS = "ftc-jacarandas";
    private static final String EJIDO = "ejido-loma-sabinos";

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> chargeThrough(long leaseId, String through) {
        return staff.send(
                "POST",
                "/api/v1/leases/" + leaseId + "/charges",
                "{\"through\":\"" + through + "\",\"reason\":\"cobro mensual\"}");
    }

    private static long rows(long leaseId) {
        return database.queryLong("SELECT count(*) FROM ledger_entry WHERE lease_id = " + leaseId);
    }

    private static long auditEntries(long leaseId, String action) {
        return database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'lease' AND entity_id = '" + leaseId
                + "' AND action = '" + action + "'");
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response);
    }

    @Test
    void chargingTwiceWritesNothingTheSecondTimeAndSaysSo() {
        long lease = LeaseFixtures.lease(JACARANDAS, "L-TWICE")
                .from("2025-01-31", "2124-01-31")
                .create(database);

        JsonNode first = ok(chargeThrough(lease, "2025-04-30"), 200);
        JsonNode second = ok(chargeThrough(lease, "2025-04-30"), 200);

        assertThat(first.get("created").asInt()).isEqualTo(4);
        assertThat(first.get("alreadyPresent").asInt()).isZero();
        assertThat(first.get("charges").findValuesAsString("periodStart"))
                .containsExactly("2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30");
        assertThat(first.get("charges").findValuesAsString("amount")).containsOnly("1000.00");
        assertThat(second.get("created").asInt()).isZero();
        assertThat(second.get("alreadyPresent").asInt()).isEqualTo(4);
        assertThat(rows(lease)).isEqualTo(4);
        assertThat(database.queryColumn("SELECT due_on || ' ' || period_end FROM ledger_entry WHERE lease_id = " + lease
                        + " ORDER BY entry_date"))
                .containsExactly(
                        "2025-01-31 2025-02-28",
                        "2025-02-28 2025-03-31",
                        "2025-03-31 2025-04-30",
                        "2025-04-30 2025-05-31");
        assertThat(auditEntries(lease, "charge"))
                .as("the run that wrote nothing has no audit entry")
                .isEqualTo(1);
    }

    @Test
    void chargingFromManyThreadsAtOnceWritesEachPeriodOnce() throws Exception {
        long lease = LeaseFixtures.lease(JACARANDAS, "L-RACE").create(database);
        int threads = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                responses.add(pool.submit(() -> {
                    go.await();
                    return chargeThrough(lease, "2025-12-31");
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<HttpResponse<String>> response : responses) {
                created += ok(response.get(), 200).get("created").asInt();
            }
            assertThat(created).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows(lease)).isEqualTo(12);
        assertThat(auditEntries(lease, "charge")).isEqualTo(1);
    }

    @Test
    void aTrustWideRunChargesEverySignedLeaseOfThatTrustOnly() {
        // A trust of its own, so that the other tests' leases stay out of the count.
        database.execute("""
                INSERT INTO trust (code, name, kind) VALUES ('ledger-bulk', 'Cobro conjunto', 'community_land_trust');
                INSERT INTO membership (user_id, trust_id, role)
                SELECT u.id, t.id, 'staff' FROM app_user u, trust t
                WHERE u.username = 'demo-staff' AND t.code = 'ledger-bulk';
                """);
        TestHttp.Session bulkStaff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        long quarterly = LeaseFixtures.lease("ledger-bulk", "B-QUARTER")
                .fee("600.00", "MXN", "quarterly")
                .create(database);
        long closed = LeaseFixtures.lease("ledger-bulk", "B-CLOSED").create(database);
        LeaseFixtures.terminate(database, closed, "2025-03-11");
        long draft = LeaseFixtures.lease("ledger-bulk", "B-DRAFT").draft().create(database);
        long elsewhere = LeaseFixtures.lease(EJIDO, "E-ELSEWHERE").create(database);
        String body = "{\"trust\":\"ledger-bulk\",\"through\":\"2025-06-30\",\"reason\":\"cobro trimestral\"}";

        JsonNode run = ok(bulkStaff.send("POST", "/api/v1/ledger/charges", body), 200);
        JsonNode again = ok(bulkStaff.send("POST", "/api/v1/ledger/charges", body), 200);

        assertThat(run.get("created").asInt()).isEqualTo(2 + 3);
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("alreadyPresent").asInt()).isEqualTo(5);
        assertThat(run.get("leases").findValuesAsString("code")).containsExactly("B-QUARTER", "B-CLOSED");
        assertThat(database.queryColumn(
                        "SELECT amount FROM ledger_entry WHERE lease_id = " + quarterly + " ORDER BY entry_date"))
                .containsExactly("600.00", "600.00");
        // closed on 11 March: March is 10 of 31 days, 1000 × 10/31 = 322.58
        assertThat(database.queryColumn(
                        "SELECT amount FROM ledger_entry WHERE lease_id = " + closed + " ORDER BY entry_date"))
                .containsExactly("1000.00", "1000.00", "322.58");
        assertThat(rows(draft)).isZero();
        assertThat(rows(elsewhere)).isZero();
        assertThat(ok(chargeThrough(draft, "2025-06-30"), 409).get("type").asString())
                .isEqualTo("urn:tierra:problem:lease-draft");
    }

    @Test
    void indexLinkedPeriodsWaitForTheIndexAndAreChargedWhenItIsPublished() {
        database.execute("INSERT INTO price_index_value (index_code, month, value) VALUES"
                + " ('inpc', '2025-01-01', 134.000000), ('inpc', '2025-02-01', 134.500000)");
        long lease = LeaseFixtures.lease(JACARANDAS, "L-INDEX")
                .escalating("index_linked", null, "inpc")
                .create(database);

        JsonNode first = ok(chargeThrough(lease, "2025-03-31"), 200);
        database.execute("INSERT INTO price_index_value (index_code, month, value) VALUES ('inpc', '2025-03-01', 135)");
        JsonNode second = ok(chargeThrough(lease, "2025-03-31"), 200);

        assertThat(first.get("charges").findValuesAsString("amount")).containsExactly("1000.00", "1003.73");
        assertThat(first.get("waiting").findValuesAsString("missingIndexMonth")).containsExactly("2025-03-01");
        assertThat(second.get("created").asInt()).isEqualTo(1);
        assertThat(second.get("waiting")).isEmpty();
        // 1000 × 135/134 = 1007.462…
        assertThat(database.queryColumn(
                        "SELECT amount FROM ledger_entry WHERE lease_id = " + lease + " AND entry_date = '2025-03-01'"))
                .containsExactly("1007.46");
    }

    @Test
    void paymentsAndCreditsPayTheOldestChargesFirst() throws Exception {
        long lease = LeaseFixtures.lease(JACARANDAS, "L-FIFO").create(database);
        ok(chargeThrough(lease, "2025-04-01"), 200);
        String path = "/api/v1/leases/" + lease;
        JsonNode payment = ok(
                staff.send(
                        "POST",
                        path + "/payments",
                        "{\"amount\":\"1500.00\",\"currency\":\"MXN\",\"paidOn\":\"2025-02-10\",\"reference\":\"REC-001\"}"),
                201);
        ok(
                staff.send(
                        "POST",
                        path + "/adjustments",
                        "{\"amount\":-200,\"on\":\"2025-03-05\",\"reason\":\"descuento por sequía\"}"),
                201);
        ok(
                staff.send(
                        "POST",
                        path + "/adjustments",
                        "{\"amount\":50.5,\"on\":\"2025-03-20\",\"reason\":\"recargo por pago tardío\"}"),
                201);

        assertThat(payment.get("amount").asString()).isEqualTo("-1500.00");
        assertThat(payment.get("reference").asString()).isEqualTo("REC-001");
        assertThat(auditEntries(lease, "payment")).isEqualTo(1);
        assertThat(auditEntries(lease, "adjustment")).isEqualTo(2);

        // Debts 1000 (1 Jan), 1000 (1 Feb), 1000 (1 Mar), 50.50 (20 Mar), 1000 (1 Apr); credits 1700 pay
        // January and 700 of February: in arrears since 1 February, 73 days on 15 April.
        JsonNode statement =
                ok(http.request("GET", path + "/statement?asOf=2025-04-15", null, "Cookie", board.cookie()), 200);
        assertThat(statement.get("entries").findValuesAsString("balance"))
                .containsExactly("1000.00", "2000.00", "500.00", "1500.00", "1300.00", "1350.50", "2350.50");
        assertThat(statement.get("openingBalance").asString()).isEqualTo("0.00");
        assertThat(statement.get("closingBalance").asString()).isEqualTo("2350.50");
        assertThat(statement.get("balance").asString()).isEqualTo("2350.50");
        assertThat(statement.get("daysInArrears").asInt()).isEqualTo(73);
        assertThat(statement.get("oldestUnpaidDueOn").asString()).isEqualTo("2025-02-01");
        assertThat(statement.get("currency").asString()).isEqualTo("MXN");

        JsonNode march = ok(
                http.request(
                        "GET",
                        path + "/statement?from=2025-03-01&to=2025-03-31&asOf=2025-01-15",
                        null,
                        "Cookie",
                        board.cookie(),
                        "Accept-Language",
                        "es-MX"),
                200);
        assertThat(march.get("openingBalance").asString()).isEqualTo("500.00");
        assertThat(march.get("entries").findValuesAsString("balance")).containsExactly("1500.00", "1300.00", "1350.50");
        assertThat(march.get("entries").findValuesAsString("label")).containsExactly("Cargo", "Ajuste", "Ajuste");
        assertThat(march.get("totals").get("charge").get("amount").asString()).isEqualTo("1000.00");
        assertThat(march.get("totals").get("payment").get("amount").asString()).isEqualTo("0.00");
        assertThat(march.get("totals").get("adjustment").get("amount").asString())
                .isEqualTo("-149.50");
        assertThat(march.get("totals").get("payment").get("label").asString()).isEqualTo("Pago");
        assertThat(march.get("closingBalance").asString()).isEqualTo("1350.50");
        // as of 15 January only January's charge was due
        assertThat(march.get("daysInArrears").asInt()).isEqualTo(14);
        assertThat(march.get("balance").asString()).isEqualTo("1000.00");

        try (Connection connection = database.connect()) {
            assertThat(Ledger.balanceOf(connection, lease, LocalDate.parse("2025-04-15")))
                    .isEqualTo(new LeaseBalance(
                            lease, "MXN", new BigDecimal("2350.50"), 73, Optional.of(LocalDate.parse("2025-02-01"))));
            assertThat(Ledger.balanceOf(connection, lease, LocalDate.parse("2024-12-31")))
                    .isEqualTo(new LeaseBalance(lease, "MXN", new BigDecimal("0.00"), 0, Optional.empty()));
        }

        JsonNode arrears = ok(board.get("/api/v1/ledger/arrears?trust=" + JACARANDAS + "&asOf=2025-04-15"), 200);
        JsonNode mine = null;
        for (JsonNode row : arrears.get("leases")) {
            if (row.get("lease").asLong() == lease) {
                mine = row;
            }
        }
        assertThat(mine).as(arrears.toString()).isNotNull();
        assertThat(mine.get("balance").asString()).isEqualTo("2350.50");
        assertThat(mine.get("daysInArrears").asInt()).isEqualTo(73);
        assertThat(mine.get("oldestUnpaidDueOn").asString()).isEqualTo("2025-02-01");
        List<Integer> days = arrears.get("leases").findValues("daysInArrears").stream()
                .map(JsonNode::asInt)
                .toList();
        assertThat(days).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        ok(staff.send("POST", path + "/payments", "{\"amount\":2350.5,\"paidOn\":\"2025-04-15\"}"), 201);
        try (Connection connection = database.connect()) {
            LeaseBalance settled = Ledger.balanceOf(connection, lease, LocalDate.parse("2025-04-15"));
            assertThat(settled.balance()).isEqualByComparingTo("0");
            assertThat(settled.daysInArrears()).isZero();
            assertThat(settled.oldestUnpaidDueOn()).isEmpty();
        }
    }

    @Test
    void theLesseeReadsTheirOwnStatementAndNoOneElses() {
        long own = LeaseFixtures.lease(JACARANDAS, "L-FARMER")
                .heldBy("demo-farmer")
                .create(database);
        long other = LeaseFixtures.lease(JACARANDAS, "L-NEIGHBOUR").create(database);
        long ejido = LeaseFixtures.lease(EJIDO, "E-FARAWAY").create(database);
        ok(chargeThrough(own, "2025-02-01"), 200);

        JsonNode statement = ok(farmer.get("/api/v1/leases/" + own + "/statement?asOf=2025-02-01"), 200);
        assertThat(statement.get("entries")).hasSize(2);
        assertThat(statement.get("entries").findValuesAsString("label")).containsOnly("Fee charge");

        assertThat(farmer.get("/api/v1/leases/" + other + "/statement").statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/leases/" + ejido + "/statement").statusCode())
                .isEqualTo(404);
        assertThat(researcher.get("/api/v1/leases/" + own + "/statement").statusCode())
                .isEqualTo(403);
        assertThat(farmer.send(
                                "POST",
                                "/api/v1/leases/" + own + "/payments",
                                "{\"amount\":1,\"paidOn\":\"2025-02-01\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(board.send("POST", "/api/v1/leases/" + own + "/payments", "{\"amount\":1,\"paidOn\":\"2025-02-01\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/ledger/arrears?trust=" + JACARANDAS).statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/ledger/arrears?trust=" + JACARANDAS).statusCode())
                .isEqualTo(403);
        assertThat(rows(own)).isEqualTo(2);
    }

    @Test
    void badInputIsAProblemThatNamesTheFieldAndWritesNothing() {
        long lease = LeaseFixtures.lease(JACARANDAS, "L-BAD").create(database);
        long pesos = LeaseFixtures.lease(JACARANDAS, "L-CLP")
                .fee("50000", "CLP", "annual")
                .create(database);
        long draft = LeaseFixtures.lease(JACARANDAS, "L-BAD-DRAFT").draft().create(database);
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        String farAhead = LocalDate.now(ZoneOffset.UTC).plusYears(2).toString();
        String payments = "/api/v1/leases/" + lease + "/payments";
        String adjustments = "/api/v1/leases/" + lease + "/adjustments";
        long auditBefore = database.queryLong("SELECT count(*) FROM audit_entry");
        record Case(String method, String path, String body, int status, String field) {}
        List<Case> cases = List.of(
                new Case("POST", payments, "{\"amount\":-10,\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":0,\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":\"100.125\",\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":100.125,\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":\"cien\",\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":true,\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"amount\":1e15,\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case("POST", payments, "{\"paidOn\":\"2025-02-01\"}", 422, "amount"),
                new Case(
                        "POST",
                        payments,
                        "{\"amount\":10,\"currency\":\"USD\",\"paidOn\":\"2025-02-01\"}",
                        422,
                        "currency"),
                new Case("POST", payments, "{\"amount\":10,\"paidOn\":\"" + tomorrow + "\"}", 422, "paidOn"),
                new Case("POST", payments, "{\"amount\":10,\"paidOn\":\"01/02/2025\"}", 422, "paidOn"),
                new Case("POST", payments, "{\"amount\":10,\"paidOn\":\"2025-02-01\",\"note\":\"x\"}", 422, "note"),
                new Case("POST", adjustments, "{\"amount\":10,\"on\":\"2025-02-01\"}", 422, "reason"),
                new Case("POST", adjustments, "{\"amount\":0,\"on\":\"2025-02-01\",\"reason\":\"x\"}", 422, "amount"),
                new Case("POST", adjustments, "{\"amount\":10,\"on\":\"2025-02-01\",\"reason\":\"  \"}", 422, "reason"),
                new Case(
                        "POST",
                        "/api/v1/leases/" + lease + "/charges",
                        "{\"through\":\"" + farAhead + "\",\"reason\":\"x\"}",
                        422,
                        "through"),
                new Case("POST", "/api/v1/leases/" + lease + "/charges", "{\"through\":\"2025-02-01\"}", 422, "reason"),
                new Case(
                        "POST",
                        "/api/v1/ledger/charges",
                        "{\"trust\":\"no-such\",\"through\":\"2025-02-01\",\"reason\":\"x\"}",
                        422,
                        "trust"),
                new Case(
                        "POST",
                        "/api/v1/leases/" + pesos + "/payments",
                        "{\"amount\":100.5,\"paidOn\":\"2025-02-01\"}",
                        422,
                        "amount"),
                new Case(
                        "POST",
                        "/api/v1/leases/999999/payments",
                        "{\"amount\":10,\"paidOn\":\"2025-02-01\"}",
                        404,
                        null),
                new Case("POST", "/api/v1/leases/abc/payments", "{\"amount\":10,\"paidOn\":\"2025-02-01\"}", 400, null),
                new Case(
                        "POST",
                        "/api/v1/leases/" + draft + "/payments",
                        "{\"amount\":10,\"paidOn\":\"2025-02-01\"}",
                        409,
                        null),
                new Case("POST", payments, "{\"amount\":10,", 400, null),
                new Case("GET", "/api/v1/leases/" + lease + "/statement?from=2025-13-01", null, 400, null),
                new Case(
                        "GET", "/api/v1/leases/" + lease + "/statement?from=2025-03-01&to=2025-02-01", null, 400, null),
                new Case("GET", "/api/v1/leases/" + lease + "/statement?since=2025-03-01", null, 400, null),
                new Case("GET", "/api/v1/ledger/arrears", null, 400, null),
                new Case("GET", "/api/v1/ledger/arrears?trust=no-such", null, 400, null));

        List<String> mismatches = new ArrayList<>();
        for (Case bad : cases) {
            HttpResponse<String> response = staff.send(bad.method(), bad.path(), bad.body());
            String type = response.headers().firstValue("Content-Type").orElse("");
            String field =
                    response.statusCode() == 422 ? json(response).path("field").asString() : null;
            if (response.statusCode() != bad.status()
                    || !type.startsWith("application/problem+json")
                    || (bad.field() != null && !bad.field().equals(field))) {
                mismatches.add(bad + " -> " + response.statusCode() + " " + response.body());
            }
        }

        assertThat(mismatches).isEmpty();
        assertThat(rows(lease) + rows(pesos) + rows(draft)).isZero();
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry")).isEqualTo(auditBefore);
        ok(
                staff.send(
                        "POST",
                        "/api/v1/leases/" + pesos + "/payments",
                        "{\"amount\":\"100.00\",\"paidOn\":\"2025-02-01\"}"),
                201);
        assertThat(database.queryColumn("SELECT amount FROM ledger_entry WHERE lease_id = " + pesos))
                .containsExactly("-100.00");
    }
}
