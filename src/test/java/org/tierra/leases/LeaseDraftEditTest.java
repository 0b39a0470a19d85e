package org.tierra.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.auth.Passwords;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Editing and cancelling draft leases over HTTP against real PostGIS: the fields checked as a create
 * checks them, parcels and lessees replaced whole, If-Match required, one version and one audit entry
 * per change and none for a no-op, only drafts, who may; a cancelled draft never holds its parcel.
 */
class LeaseDraftEditTest {

    private static final String OTHER_PASSWORD = "administra otro fideicomiso";

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session admin;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;
    private static TestHttp.Session otherAdmin;
    private static List<Long> freeParcels;
    private static final AtomicInteger nextParcel = new AtomicInteger();
    private static long ana;
    private static long beto;
    private static long carla;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        database.execute("""
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT t.id, 'LD-' || i, 'clt_leasehold', 'residential',
                       ST_Multi(ST_MakeEnvelope(-96.70 + i * 0.001, 16.80, -96.70 + i * 0.001 + 0.0005, 16.8005, 4326))
                FROM trust t, generate_series(1, 24) AS i
                WHERE t.code = 'ftc-jacarandas';
                INSERT INTO trust (code, name, kind) VALUES ('otro-fideicomiso', 'Otro', 'community_land_trust');
                INSERT INTO app_user (username, display_name, password_hash, is_operator)
                VALUES ('otra-admin', 'Otra admin', '%s', false);
                INSERT INTO membership (user_id, trust_id, role)
                SELECT u.id, t.id, 'admin' FROM app_user u, trust t
                WHERE u.username = 'otra-admin' AND t.code = 'otro-fideicomiso';
                """.formatted(Passwords.hash(OTHER_PASSWORD)));
        freeParcels = database.queryColumn("""
                        SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id
                        WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired' AND p.code LIKE 'LD-%'
                          AND NOT EXISTS (SELECT 1 FROM ground_lease_parcel gp WHERE gp.parcel_id = p.id)
                        ORDER BY p.id
                        """).stream().map(Long::valueOf).toList();
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        otherAdmin = http.signIn("otra-admin", OTHER_PASSWORD);
        ana = LeaseFixtures.createParty(database, "ftc-jacarandas", "Ana", "López");
        beto = LeaseFixtures.createParty(database, "ftc-jacarandas", "Beto", "Ruiz");
        carla = LeaseFixtures.createParty(database, "ftc-jacarandas", "Carla", "Méndez");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long freeParcel() {
        return freeParcels.get(nextParcel.getAndIncrement());
    }

    /** A draft of Ana's on {@code parcel}, from 2026 for 99 years at 1500.00 MXN a month. */
    private static JsonNode draft(String code, long parcel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trust", "ftc-jacarandas");
        body.put("code", code);
        body.put("parcels", List.of(parcel));
        body.put("lessees", List.of(Map.of("party", ana, "share", "1")));
        body.put("startsOn", "2026-01-01");
        body.put("permittedUse", "residential");
        body.put("fee", Map.of("amount", "1500.00", "period", "monthly"));
        body.put("reason", "borrador");
        HttpResponse<String> response = send(staff, "POST", "/api/v1/leases", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static HttpResponse<String> send(TestHttp.Session session, String method, String path, Object body) {
        return session.send(method, path, TestHttp.JSON.writeValueAsString(body));
    }

    private static HttpResponse<String> patch(TestHttp.Session session, JsonNode lease, Map<String, Object> body) {
        return patch(session, lease.get("id").asLong(), lease.get("version").asInt(), body);
    }

    private static HttpResponse<String> patch(
            TestHttp.Session session, long id, int version, Map<String, Object> body) {
        return session.send(
                "PATCH",
                "/api/v1/leases/" + id,
                TestHttp.JSON.writeValueAsString(body),
                "If-Match",
                "\"" + id + "-" + version + "\"");
    }

    private static Map<String, Object> change(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        if (!body.containsKey("reason")) {
            body.put("reason", "corrección del borrador");
        }
        return body;
    }

    private static long versions(long id) {
        return database.queryLong(
                "SELECT count(*) FROM record_version WHERE entity = 'ground_lease' AND entity_id = " + id);
    }

    private static List<String> auditDetails(long id, String action) {
        return database.queryColumn("SELECT details::text FROM audit_entry WHERE entity = 'lease' AND entity_id = '"
                + id + "' AND action = '" + action + "' ORDER BY id");
    }

    @Test
    void editsTheTermsAsOneNewVersionAndOneAuditEntryNamingTheFieldsChanged() {
        JsonNode lease = draft("D-TERMS", freeParcel());
        long id = lease.get("id").asLong();

        HttpResponse<String> response = patch(
                staff,
                lease,
                change(
                        "termYears",
                        50,
                        "fee",
                        Map.of("amount", "1750"),
                        "escalation",
                        Map.of("kind", "fixed_percent", "percent", "3"),
                        "notes",
                        "revisado"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode edited = json(response);
        assertThat(edited.get("version").asInt()).isEqualTo(2);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-2\"");
        assertThat(edited.get("endsOn").asString()).isEqualTo("2076-01-01");
        assertThat(edited.at("/fee/amount").asString()).isEqualTo("1750.00");
        assertThat(edited.at("/fee/currency").asString()).isEqualTo("MXN");
        assertThat(edited.at("/escalation/percent").asString()).isEqualTo("3");
        assertThat(edited.get("notes").asString()).isEqualTo("revisado");
        assertThat(edited.get("status").asString()).isEqualTo("draft");
        assertThat(json(staff.get("/api/v1/leases/" + id))).isEqualTo(edited);
        assertThat(versions(id)).isEqualTo(2);
        assertThat(database.queryColumn("SELECT operation || '|' || reason FROM record_version"
                        + " WHERE entity = 'ground_lease' AND entity_id = " + id + " AND version = 2"))
                .containsExactly("update|corrección del borrador");
        List<String> details = auditDetails(id, "update");
        assertThat(details).hasSize(1);
        JsonNode changed = TestHttp.JSON.readTree(details.get(0)).get("changed");
        assertThat(changed.valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder("endsOn", "fee", "escalation", "notes");

        // Null clears an optional field.
        response = patch(admin, id, 2, change("notes", null));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("notes").isNull()).isTrue();
        assertThat(versions(id)).isEqualTo(3);
    }

    @Test
    void nothingChangedIsA200WithoutAVersionOrAnAuditEntry() {
        JsonNode lease = draft("D-NOOP", freeParcel());
        long id = lease.get("id").asLong();

        HttpResponse<String> response = patch(
                staff,
                lease,
                change(
                        "code",
                        "D-NOOP",
                        "fee",
                        Map.of("amount", "1500"),
                        "lessees",
                        List.of(Map.of("party", ana, "share", "1.0"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("version").asInt()).isEqualTo(1);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-1\"");
        assertThat(versions(id)).isEqualTo(1);
        assertThat(auditDetails(id, "update")).isEmpty();
    }

    @Test
    void replacesTheLesseesWithExactSharesOrWritesNothing() {
        JsonNode lease = draft("D-LESSEES", freeParcel());
        long id = lease.get("id").asLong();

        HttpResponse<String> refused = patch(
                staff,
                lease,
                change(
                        "lessees",
                        List.of(Map.of("party", ana, "share", "0.5"), Map.of("party", beto, "share", "0.6"))));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("field").asString()).isEqualTo("lessees");
        assertThat(json(refused).get("detail").asString()).contains("0.5 + 0.6 = 11/10");
        assertThat(versions(id)).isEqualTo(1);
        assertThat(auditDetails(id, "update")).isEmpty();

        HttpResponse<String> thirds = patch(
                staff,
                lease,
                change(
                        "lessees",
                        List.of(
                                Map.of("party", ana, "share", "1/3"),
                                Map.of("party", beto, "share", "1/3"),
                                Map.of("party", carla, "share", "1/3"))));

        assertThat(thirds.statusCode()).as(thirds.body()).isEqualTo(200);
        assertThat(json(thirds)
                        .get("lessees")
                        .valueStream()
                        .map(lessee -> lessee.get("party").asLong() + ":"
                                + lessee.get("share").asString())
                        .toList())
                .containsExactlyInAnyOrder(ana + ":1/3", beto + ":1/3", carla + ":1/3");
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease_lessee WHERE lease_id = " + id))
                .isEqualTo(3);
        assertThat(TestHttp.JSON
                        .readTree(auditDetails(id, "update").get(0))
                        .get("changed")
                        .toString())
                .isEqualTo("[\"lessees\"]");
    }

    @Test
    void replacesTheParcelsButNotWithARetiredOneAndActivationStillChecksWhoHoldsThem() {
        long first = freeParcel();
        long retired = freeParcel();
        long held = freeParcel();
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + retired);
        LeaseFixtures.createLease(
                database, "ftc-jacarandas", "D-HOLDER", held, ana, "2020-01-01", "2119-01-01", "active");
        JsonNode lease = draft("D-PARCELS", first);
        long id = lease.get("id").asLong();

        HttpResponse<String> refused = patch(staff, lease, change("parcels", List.of(retired)));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("field").asString()).isEqualTo("parcels[0]");
        assertThat(json(refused).get("type").asString()).endsWith("parcel-retired");
        assertThat(versions(id)).isEqualTo(1);

        HttpResponse<String> moved = patch(staff, lease, change("parcels", List.of(held)));
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(json(moved).get("parcels").get(0).get("id").asLong()).isEqualTo(held);
        assertThat(database.queryColumn("SELECT parcel_id::text FROM ground_lease_parcel WHERE lease_id = " + id))
                .containsExactly(Long.toString(held));

        HttpResponse<String> activation =
                send(staff, "POST", "/api/v1/leases/" + id + "/activate", Map.of("reason", "firma"));
        assertThat(activation.statusCode()).as(activation.body()).isEqualTo(409);
        assertThat(json(activation).get("detail").asString()).contains("D-HOLDER");

        HttpResponse<String> back = patch(staff, id, 2, change("parcels", List.of(first)));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        HttpResponse<String> signed =
                send(staff, "POST", "/api/v1/leases/" + id + "/activate", Map.of("reason", "firma"));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    }

    @Test
    void badFieldsAreA422NamingThemAsACreateDoes() {
        JsonNode lease = draft("D-BAD", freeParcel());
        long id = lease.get("id").asLong();
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("fee.amount", change("fee", Map.of("amount", "1500.001")));
        cases.put("fee.currency", change("fee", Map.of("currency", "XXX")));
        cases.put("endsOn", change("termYears", 10, "endsOn", "2040-01-01"));
        cases.put("permittedUse", change("permittedUse", "industrial"));
        cases.put("code", change("code", null));
        cases.put("reason", change("reason", null));
        cases.put("trust", change("trust", "ftc-jacarandas"));
        for (Map.Entry<String, Map<String, Object>> bad : cases.entrySet()) {
            HttpResponse<String> response = patch(staff, lease, bad.getValue());
            assertThat(response.statusCode())
                    .as(bad.getKey() + ": " + response.body())
                    .isEqualTo(422);
            assertThat(json(response).get("field").asString()).as(bad.getKey()).isEqualTo(bad.getKey());
        }
        assertThat(versions(id)).isEqualTo(1);
    }

    @Test
    void needsACurrentIfMatch() {
        JsonNode lease = draft("D-MATCH", freeParcel());
        long id = lease.get("id").asLong();

        HttpResponse<String> without =
                staff.send("PATCH", "/api/v1/leases/" + id, TestHttp.JSON.writeValueAsString(change("notes", "x")));
        assertThat(without.statusCode()).as(without.body()).isEqualTo(428);

        assertThat(patch(staff, lease, change("notes", "primera")).statusCode()).isEqualTo(200);
        HttpResponse<String> stale = patch(staff, lease, change("notes", "segunda"));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(json(stale).get("currentETag").asString()).isEqualTo("\"" + id + "-2\"");
        assertThat(versions(id)).isEqualTo(2);
    }

    @Test
    void aSignedLeaseIsNotEditedButGoesThroughItsLifecycle() {
        JsonNode lease = draft("D-SIGNED", freeParcel());
        long id = lease.get("id").asLong();
        assertThat(send(staff, "POST", "/api/v1/leases/" + id + "/activate", Map.of("reason", "firma"))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> response = patch(staff, id, 2, change("notes", "tarde"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(json(response).get("detail").asString())
                .contains("is active")
                .contains("terminate");
        assertThat(versions(id)).isEqualTo(2);
    }

    @Test
    void onlyTheTrustsStaffAndAdminsEditOrCancel() {
        JsonNode lease = draft("D-ROLES", freeParcel());
        long id = lease.get("id").asLong();
        for (TestHttp.Session session : List.of(board, farmer, researcher)) {
            assertThat(patch(session, lease, change("notes", "no")).statusCode())
                    .isEqualTo(403);
            assertThat(send(session, "POST", "/api/v1/leases/" + id + "/cancel", Map.of("reason", "no"))
                            .statusCode())
                    .isEqualTo(403);
        }
        assertThat(patch(otherAdmin, lease, change("notes", "no")).statusCode()).isEqualTo(404);
        assertThat(send(otherAdmin, "POST", "/api/v1/leases/" + id + "/cancel", Map.of("reason", "no"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.request("PATCH", "/api/v1/leases/" + id, "{\"reason\":\"x\"}", "If-Match", "\"" + id + "-1\"")
                        .statusCode())
                .isEqualTo(401);
        assertThat(versions(id)).isEqualTo(1);
        assertThat(patch(admin, lease, change("notes", "sí")).statusCode()).isEqualTo(200);
    }

    @Test
    void aCancelledDraftIsClosedTodayAndNeverHoldsItsParcel() {
        long parcel = freeParcel();
        JsonNode lease = draft("D-CANCEL", parcel);
        long id = lease.get("id").asLong();

        HttpResponse<String> response =
                send(staff, "POST", "/api/v1/leases/" + id + "/cancel", Map.of("reason", "no se firmará"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode cancelled = json(response);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("closedOn").asString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(cancelled.get("closeReason").asString()).isEqualTo("no se firmará");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-2\"");
        assertThat(auditDetails(id, "cancel")).hasSize(1);
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease_parcel WHERE lease_id = " + id
                        + " AND in_force IS NOT NULL"))
                .isZero();

        assertThat(send(staff, "POST", "/api/v1/leases/" + id + "/cancel", Map.of("reason", "otra vez"))
                        .statusCode())
                .isEqualTo(409);
        assertThat(send(staff, "POST", "/api/v1/leases/" + id + "/activate", Map.of("reason", "firma"))
                        .statusCode())
                .isEqualTo(409);
        assertThat(patch(staff, id, 2, change("notes", "x")).statusCode()).isEqualTo(409);
        assertThat(json(staff.get("/api/v1/leases?trust=ftc-jacarandas&status=cancelled"))
                        .get("leases")
                        .valueStream()
                        .map(item -> item.get("id").asLong())
                        .toList())
                .contains(id);

        Map<String, Object> next = new LinkedHashMap<>();
        next.put("trust", "ftc-jacarandas");
        next.put("code", "D-AFTER-CANCEL");
        next.put("parcels", List.of(parcel));
        next.put("lessees", List.of(Map.of("party", beto, "share", "1")));
        next.put("startsOn", "2026-01-01");
        next.put("permittedUse", "residential");
        next.put("fee", Map.of("amount", "1500.00"));
        next.put("status", "active");
        next.put("reason", "firmado");
        HttpResponse<String> signed = send(staff, "POST", "/api/v1/leases", next);
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        assertThat(json(signed).get("status").asString()).isEqualTo("active");
    }

    @Test
    void aDraftStartingLaterCanBeCancelledAndOnlyADraft() {
        JsonNode later = draft("D-CANCEL-LATER", freeParcel());
        assertThat(patch(staff, later, change("startsOn", "2090-01-01")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> cancelled =
                send(admin, "POST", "/api/v1/leases/" + later.get("id").asLong() + "/cancel", Map.of("reason", "no"));
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

        JsonNode signed = draft("D-CANCEL-SIGNED", freeParcel());
        long id = signed.get("id").asLong();
        send(staff, "POST", "/api/v1/leases/" + id + "/activate", Map.of("reason", "firma"));
        HttpResponse<String> refused = send(staff, "POST", "/api/v1/leases/" + id + "/cancel", Map.of("reason", "no"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("leaseStatus").asString()).isEqualTo("active");
    }
}
