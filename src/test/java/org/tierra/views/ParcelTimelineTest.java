package org.tierra.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * The parcel timeline a board member reads before a vote: every kind of fact about a parcel, in date
 * order, with each lease's balance — and only for the admin, board and staff of the parcel's trust.
 */
class ParcelTimelineTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session board;
    private static long parcel;
    private static long firstLease;
    private static long secondLease;

    @BeforeAll
    static void aParcelWithTwoLeasesAndAHistory() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        firstLease = LeaseFixtures.lease("ftc-jacarandas", "TL-1")
                .from("2024-01-01", "2123-01-01")
                .create(database);
        parcel = database.queryLong("SELECT parcel_id FROM ground_lease_parcel WHERE lease_id = " + firstLease);
        LeaseFixtures.terminate(database, firstLease, "2024-04-01");
        database.execute("""
                INSERT INTO party (trust_id, kind, name) SELECT id, 'household', 'Hogar siguiente' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount)
                SELECT id, 'TL-2', '2024-04-01', '2123-04-01', 'residential', 300 FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT l.id, %1$d, l.trust_id FROM ground_lease l WHERE l.code = 'TL-2';
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                SELECT l.id, p.id, l.trust_id, 1, 1 FROM ground_lease l, party p WHERE l.code = 'TL-2' AND p.name = 'Hogar siguiente';
                UPDATE ground_lease SET status = 'active', version = version + 1 WHERE code = 'TL-2';
                UPDATE parcel SET name = 'Lote con historia', version = version + 1 WHERE id = %1$d;
                INSERT INTO stewardship_event (trust_id, parcel_id, kind, occurred_on, notes, created_by_name)
                SELECT trust_id, id, 'inspection', '2024-02-15', 'Sin observaciones', 'test' FROM parcel WHERE id = %1$d;
                INSERT INTO obligation (trust_id, lease_id, kind, first_due_on, every_months)
                SELECT trust_id, id, 'occupancy_certificate', '2024-05-01', 12 FROM ground_lease WHERE code = 'TL-2';
                INSERT INTO obligation_fulfilment (obligation_id, trust_id, due_on, fulfilled_on, created_by_name)
                SELECT id, trust_id, '2024-05-01', '2024-04-20', 'test' FROM obligation;
                INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, lease_id,
                                      created_by_name)
                SELECT trust_id, 'Contrato', 'contrato.pdf', 'application/pdf', 9, sha256('%%PDF-1.7\n'::bytea),
                       '%%PDF-1.7\n'::bytea, id, 'test' FROM ground_lease WHERE code = 'TL-2';
                """.formatted(parcel));
        secondLease = database.queryLong("SELECT id FROM ground_lease WHERE code = 'TL-2'");
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        TestHttp.Session staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        assertThat(staff.send(
                                "POST",
                                "/api/v1/leases/" + secondLease + "/charges",
                                "{\"through\":\"2024-06-01\",\"reason\":\"cobro\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(staff.send(
                                "POST",
                                "/api/v1/leases/" + secondLease + "/payments",
                                "{\"amount\":\"300.00\",\"paidOn\":\"2024-04-03\",\"reference\":\"R-1\"}")
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void tellsTheParcelsStoryInDateOrder() {
        HttpResponse<String> response = board.get("/api/v1/parcels/" + parcel + "/timeline?asOf=2024-06-10");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode timeline = TestHttp.json(response);

        List<String> kinds = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        timeline.get("items").forEach(item -> {
            kinds.add(item.get("kind").asString());
            dates.add(item.get("date").asString());
        });
        assertThat(dates).isSorted();
        assertThat(kinds)
                .contains("parcel_version", "lease_version", "stewardship_event", "obligation_fulfilled", "document");
        // Both leases' lives are there: created, activated, and the first one terminated.
        assertThat(timeline.get("items")
                        .valueStream()
                        .filter(item -> item.get("kind").asString().equals("lease_version"))
                        .map(item -> item.get("details").get("code").asString() + ":"
                                + item.get("details").get("status").asString()))
                .containsSubsequence("TL-1:draft", "TL-1:active", "TL-1:terminated")
                .containsSubsequence("TL-2:draft", "TL-2:active");
        JsonNode event = timeline.get("items")
                .valueStream()
                .filter(item -> item.get("kind").asString().equals("stewardship_event"))
                .findFirst()
                .orElseThrow();
        assertThat(event.get("date").asString()).isEqualTo("2024-02-15");
        assertThat(event.get("details").get("type").asString()).isEqualTo("inspection");
    }

    @Test
    void summarisesEachLeaseWithItsLesseesAndBalance() {
        JsonNode timeline = TestHttp.json(board.get("/api/v1/parcels/" + parcel + "/timeline?asOf=2024-06-10"));

        assertThat(timeline.get("leases").valueStream().map(lease -> lease.get("code")
                        .asString()))
                .containsExactly("TL-1", "TL-2");
        JsonNode current = timeline.get("leases").get(1);
        assertThat(current.get("lessees").get(0).get("name").asString()).isEqualTo("Hogar siguiente");
        assertThat(current.get("lessees").get(0).get("share").asString()).isEqualTo("1/1");
        // Charged April, May and June (300.00 each), paid April: 600.00 owed since 1 May.
        JsonNode balance = current.get("balance");
        assertThat(balance.get("amount").asString()).isEqualTo("600.00");
        assertThat(balance.get("oldestUnpaidDueOn").asString()).isEqualTo("2024-05-01");
        assertThat(balance.get("daysInArrears").asInt()).isEqualTo(40);
        assertThat(current.get("lastPaymentOn").asString()).isEqualTo("2024-04-03");
        assertThat(timeline.get("leases").get(0).get("status").asString()).isEqualTo("terminated");
    }

    @Test
    void isForTheTrustsAdminBoardAndStaffOnly() {
        String path = "/api/v1/parcels/" + parcel + "/timeline";
        assertThat(http.get(path).statusCode()).isEqualTo(401);
        assertThat(http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD)
                        .get(path)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD)
                        .get(path)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD)
                        .get(path)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void badRequestsAreExplained() {
        HttpResponse<String> unknown = board.get("/api/v1/parcels/999999/timeline");
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> badDate = board.get("/api/v1/parcels/" + parcel + "/timeline?asOf=ayer");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(badDate).get("parameter").asString()).isEqualTo("asOf");
        assertThat(board.get("/api/v1/parcels/" + parcel + "/timeline?limit=3").statusCode())
                .isEqualTo(400);
    }
}
