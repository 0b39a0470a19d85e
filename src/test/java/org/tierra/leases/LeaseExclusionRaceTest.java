package org.tierra.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/**
 * One lease in force per parcel, even when requests race: the handler's own check cannot see a lease
 * another transaction has not committed yet, so the database's exclusion constraint decides, and the
 * loser is answered 409 naming the winner, as the check would have.
 */
class LeaseExclusionRaceTest {

    private static final int WRITERS = 8;

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp.Session staff;
    private static List<Long> parcels;
    private static long party;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        staff = new TestHttp(app.port()).signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        parcels = database.queryColumn("""
                        SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id
                        WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired'
                          AND NOT EXISTS (SELECT 1 FROM ground_lease_parcel gp WHERE gp.parcel_id = p.id)
                        ORDER BY p.id LIMIT 3
                        """).stream().map(Long::valueOf).toList();
        party = LeaseFixtures.createParty(database, "ftc-jacarandas", "Dora", "Vega");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String activeLease(String code, long parcel) {
        return TestHttp.JSON.writeValueAsString(Map.of(
                "trust", "ftc-jacarandas",
                "code", code,
                "parcels", List.of(parcel),
                "lessees", List.of(Map.of("party", party, "share", "1")),
                "startsOn", "2026-01-01",
                "permittedUse", "residential",
                "fee", Map.of("amount", "900.00"),
                "status", "active",
                "reason", "carrera"));
    }

    private static List<HttpResponse<String>> all(List<Callable<HttpResponse<String>>> requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> request : requests) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            executor.shutdownNow();
        }
    }

    private static void assertOneWinner(List<HttpResponse<String>> responses, int winnerStatus, long parcel) {
        List<HttpResponse<String>> winners = responses.stream()
                .filter(response -> response.statusCode() == winnerStatus)
                .toList();
        assertThat(winners).as(responses.toString()).hasSize(1);
        long winner = json(winners.get(0)).get("id").asLong();
        for (HttpResponse<String> response : responses) {
            if (response != winners.get(0)) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
                assertThat(json(response).at("/conflicts/0/lease").asLong())
                        .as(response.body())
                        .isEqualTo(winner);
            }
        }
        assertThat(database.queryColumn("SELECT lease_id FROM ground_lease_parcel WHERE parcel_id = " + parcel
                        + " AND in_force IS NOT NULL"))
                .containsExactly(Long.toString(winner));
    }

    @Test
    void eightParallelCreatesOnOneParcelLetExactlyOneWin() throws Exception {
        long parcel = parcels.get(0);
        List<Callable<HttpResponse<String>>> creates = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            String body = activeLease("RACE-CREATE-" + i, parcel);
            creates.add(() -> staff.send("POST", "/api/v1/leases", body));
        }

        assertOneWinner(all(creates), 201, parcel);
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease WHERE code LIKE 'RACE-CREATE-%'"))
                .isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'lease'"
                        + " AND details->>'code' LIKE 'RACE-CREATE-%'"))
                .isEqualTo(1);
    }

    @Test
    void eightParallelActivationsOnOneParcelLetExactlyOneWin() throws Exception {
        long parcel = parcels.get(1);
        List<Callable<HttpResponse<String>>> activations = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            long draft = LeaseFixtures.createLease(
                    database, "ftc-jacarandas", "RACE-DRAFT-" + i, parcel, party, "2026-01-01", "2125-01-01", "draft");
            activations.add(
                    () -> staff.send("POST", "/api/v1/leases/" + draft + "/activate", "{\"reason\":\"carrera\"}"));
        }

        assertOneWinner(all(activations), 200, parcel);
        assertThat(database.queryLong(
                        "SELECT count(*) FROM ground_lease WHERE code LIKE 'RACE-DRAFT-%'" + " AND status = 'active'"))
                .isEqualTo(1);
    }

    /**
     * Deterministic: another transaction activates a lease on the parcel and holds it uncommitted, so
     * the request's check sees nothing and the constraint has to answer once that transaction commits.
     */
    @Test
    void aLeaseCommittedAfterTheCheckIsCaughtByTheConstraintAndNamed() throws Exception {
        long parcel = parcels.get(2);
        long rival = LeaseFixtures.createLease(
                database, "ftc-jacarandas", "RACE-RIVAL", parcel, party, "2026-01-01", "2125-01-01", "draft");
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(
                    "SELECT set_config('tierra.actor', 'test', true)," + " set_config('tierra.reason', 'rival', true)");
            statement.executeUpdate(
                    "UPDATE ground_lease SET status = 'active', version = version + 1 WHERE id = " + rival);

            CompletableFuture<HttpResponse<String>> request = CompletableFuture.supplyAsync(
                    () -> staff.send("POST", "/api/v1/leases", activeLease("RACE-LATE", parcel)));
            // Let the request pass its check and wait on the constraint for our transaction.
            Thread.sleep(1500);
            assertThat(request).isNotDone();
            connection.commit();

            HttpResponse<String> response = request.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
            assertThat(json(response).at("/conflicts/0/lease").asLong()).isEqualTo(rival);
            assertThat(json(response).at("/conflicts/0/code").asString()).isEqualTo("RACE-RIVAL");
        }
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease WHERE code = 'RACE-LATE'"))
                .isZero();
    }
}
