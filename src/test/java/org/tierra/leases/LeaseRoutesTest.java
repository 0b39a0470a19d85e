package org.tierra.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
 * Ground leases over HTTP against real PostGIS: creating them with exact shares and every field
 * checked, one lease in force per parcel, the lifecycle, reads, versions, audit entries and who may
 * see what.
 */
class LeaseRoutesTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;
    private static List<Long> freeParcels;
    private static final AtomicInteger nextParcel = new AtomicInteger();
    private static long ana;
    private static long beto;
    private static long carla;
    private static long farmerParty;
    private static long ejidoParty;
    private static long ejidoParcel;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        // More parcels than the demo's, so that every test leases land no other test touches.
        database.execute("""
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT t.id, 'LT-' || i, 'clt_leasehold', 'residential',
                       ST_Multi(ST_MakeEnvelope(-96.80 + i * 0.001, 16.90, -96.80 + i * 0.001 + 0.0005, 16.9005, 4326))
                FROM trust t, generate_series(1, 24) AS i
                WHERE t.code = 'ftc-jacarandas'
                """);
        freeParcels = database.queryColumn("""
                        SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id
                        WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired'
                          AND NOT EXISTS (SELECT 1 FROM ground_lease_parcel gp WHERE gp.parcel_id = p.id)
                        ORDER BY p.id
                        """).stream().map(Long::valueOf).toList();
        ana = LeaseFixtures.createParty(database, "ftc-jacarandas", "Ana", "López");
        beto = LeaseFixtures.createParty(database, "ftc-jacarandas", "Beto", "Ruiz");
        carla = LeaseFixtures.createParty(database, "ftc-jacarandas", "Carla", "Méndez");
        farmerParty = LeaseFixtures.createParty(database, "ftc-jacarandas", "Familia", "Arrendataria");
        LeaseFixtures.linkAccount(database, farmerParty, "demo-farmer");
        ejidoParty = LeaseFixtures.createParty(database, "ejido-loma-sabinos", "Ejidataria", "Sánchez");
        ejidoParcel = database.queryLong("""
                SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id
                WHERE t.code = 'ejido-loma-sabinos' ORDER BY p.id LIMIT 1
                """);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A parcel of ftc-jacarandas that no other test leases. */
    private static long freeParcel() {
        return freeParcels.get(nextParcel.getAndIncrement());
    }

    private static Map<String, Object> lease(String code, long parcel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trust", "ftc-jacarandas");
        body.put("code", code);
        body.put("parcels", List.of(parcel));
        body.put("lessees", List.of(Map.of("party", ana, "share", "1")));
        body.put("startsOn", "2026-01-01");
        body.put("permittedUse", "residential");
        body.put("fee", new LinkedHashMap<>(Map.of("amount", "1500.00", "period", "monthly")));
        body.put("reason", "contrato firmado");
        return body;
    }

    private static HttpResponse<String> post(TestHttp.Session session, String path, Object body) {
        return session.send("POST", path, TestHttp.JSON.writeValueAsString(body));
    }

    private static JsonNode created(Map<String, Object> body) {
        HttpResponse<String> response = post(staff, "/api/v1/leases", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static long leaseRows() {
        return database.queryLong("SELECT count(*) FROM ground_lease");
    }

    private static long leaseAuditEntries() {
        return database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'lease'");
    }

    @Test
    void createsADraftWithExactThirdsItsFirstVersionAndAnAuditEntry() {
        long parcel = freeParcel();
        Map<String, Object> body = lease("L-THIRDS", parcel);
        body.put(
                "lessees",
                List.of(
                        Map.of("party", ana, "share", "1/3"),
                        Map.of("party", beto, "share", "1/3"),
                        Map.of("party", carla, "share", "1/3")));
        body.put("escalation", Map.of("kind", "fixed_percent", "percent", "3.5"));
        body.put("purchase", Map.of("price", "1000000", "appraisal", "1250000.00"));

        HttpResponse<String> response = post(staff, "/api/v1/leases", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode lease = json(response);
        long id = lease.get("id").asLong();
        assertThat(response.headers().firstValue("Location"))
                .hasValue(http.uri("/api/v1/leases/" + id).toString());
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-1\"");
        assertThat(lease.get("status").asString()).isEqualTo("draft");
        assertThat(lease.get("endsOn").asString()).isEqualTo("2125-01-01");
        assertThat(lease.at("/fee/amount").asString()).isEqualTo("1500.00");
        assertThat(lease.at("/fee/currency").asString()).isEqualTo("MXN");
        assertThat(lease.at("/escalation/percent").asString()).isEqualTo("3.5");
        assertThat(lease.at("/purchase/price").asString()).isEqualTo("1000000.00");
        assertThat(lease.at("/parcels/0/id").asLong()).isEqualTo(parcel);
        assertThat(lease.get("lessees")).hasSize(3);
        assertThat(lease.at("/lessees/0/name").asString()).isEqualTo("Ana López");
        assertThat(lease.at("/lessees/0/share").asString()).isEqualTo("1/3");
        assertThat(lease.at("/lessees/0/shareDecimal").asString()).isEqualTo("0.3333333333");
        assertThat(database.queryColumn("SELECT share_numerator || '/' || share_denominator FROM ground_lease_lessee"
                        + " WHERE lease_id = " + id))
                .containsExactly("1/3", "1/3", "1/3");
        assertThat(database.queryColumn("SELECT operation || '|' || changed_by_name || '|' || reason"
                        + " FROM record_version WHERE entity = 'ground_lease' AND entity_id = " + id))
                .containsExactly("create|demo-staff|contrato firmado");
        assertThat(database.queryColumn(
                        "SELECT action || '|' || actor FROM audit_entry WHERE entity = 'lease' AND entity_id = '" + id
                                + "'"))
                .containsExactly("create|demo-staff");
        assertThat(database.queryColumn("SELECT in_force::text FROM ground_lease_parcel WHERE lease_id = " + id))
                .containsOnlyNulls();
    }

    @Test
    void createsAnActiveLeaseWhoseParcelIsThenInForce() {
        long parcel = freeParcel();
        Map<String, Object> body = lease("L-ACTIVE", parcel);
        body.put("status", "active");
        body.put("termYears", 30);
        body.put("lessees", List.of(Map.of("party", ana, "share", "0.5"), Map.of("party", beto, "share", "1/2")));

        JsonNode lease = created(body);

        long id = lease.get("id").asLong();
        assertThat(lease.get("status").asString()).isEqualTo("active");
        assertThat(lease.get("version").asInt()).isEqualTo(2);
        assertThat(lease.get("endsOn").asString()).isEqualTo("2056-01-01");
        assertThat(lease.at("/lessees/0/share").asString()).isEqualTo("1/2");
        assertThat(database.queryColumn("SELECT in_force::text FROM ground_lease_parcel WHERE lease_id = " + id))
                .containsExactly("[2026-01-01,2056-01-01)");
        assertThat(database.queryColumn("SELECT operation FROM record_version WHERE entity = 'ground_lease'"
                        + " AND entity_id = " + id + " ORDER BY version"))
                .containsExactly("create", "activate");
    }

    /** A bad request: its name, how it spoils a valid body, and the answer it must get. */
    private record BadLease(String name, Consumer<Map<String, Object>> spoil, int status, String field, String says) {}

    @Test
    void everyBadFieldIsA4xxNamingItAndNothingIsWritten() {
        long parcel = freeParcel();
        long retired = freeParcel();
        long childA = freeParcel();
        long childB = freeParcel();
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + retired + ";"
                + " INSERT INTO parcel_lineage (parent_id, child_id, operation) VALUES (" + retired + ", " + childA
                + ", 'split'), (" + retired + ", " + childB + ", 'split')");
        String childCodes = String.join(
                ", ",
                database.queryColumn(
                        "SELECT code FROM parcel WHERE id IN (" + childA + ", " + childB + ") ORDER BY code"));
        List<BadLease> cases = List.of(
                new BadLease(
                        "shares over one",
                        body -> body.put(
                                "lessees",
                                List.of(Map.of("party", ana, "share", "0.5"), Map.of("party", beto, "share", "0.6"))),
                        422,
                        "lessees",
                        "0.5 + 0.6 = 11/10"),
                new BadLease(
                        "shares under one",
                        body -> body.put(
                                "lessees",
                                List.of(Map.of("party", ana, "share", "1/3"), Map.of("party", beto, "share", "1/3"))),
                        422,
                        "lessees",
                        "= 2/3"),
                new BadLease(
                        "a share that is no number",
                        body -> body.put("lessees", List.of(Map.of("party", ana, "share", "half"))),
                        422,
                        "lessees[0].share",
                        "\"half\""),
                new BadLease(
                        "end before start",
                        body -> body.put("endsOn", "2025-12-31"),
                        422,
                        "endsOn",
                        "must be after 'startsOn' (2026-01-01)"),
                new BadLease("end on start", body -> body.put("endsOn", "2026-01-01"), 422, "endsOn", "after"),
                new BadLease(
                        "term and end both",
                        body -> {
                            body.put("endsOn", "2030-01-01");
                            body.put("termYears", 4);
                        },
                        422,
                        "endsOn",
                        "not both"),
                new BadLease(
                        "a date that is no date",
                        body -> body.put("startsOn", "2026-02-30"),
                        422,
                        "startsOn",
                        "2026-02-30"),
                new BadLease(
                        "unknown parcel",
                        body -> body.put("parcels", List.of(987_654)),
                        422,
                        "parcels[0]",
                        "no parcel with id 987654"),
                new BadLease(
                        "another trust's parcel",
                        body -> body.put("parcels", List.of(ejidoParcel)),
                        422,
                        "parcels[0]",
                        "no parcel with id " + ejidoParcel),
                new BadLease(
                        "a parcel twice",
                        body -> body.put("parcels", List.of(parcel, parcel)),
                        422,
                        "parcels[1]",
                        "listed twice"),
                new BadLease(
                        "a retired parcel",
                        body -> body.put("parcels", List.of(retired)),
                        422,
                        "parcels[0]",
                        "its land is now in " + childCodes),
                new BadLease(
                        "unknown party",
                        body -> body.put("lessees", List.of(Map.of("party", 987_654, "share", "1"))),
                        422,
                        "lessees[0].party",
                        "no party with id 987654"),
                new BadLease(
                        "another trust's party",
                        body -> body.put("lessees", List.of(Map.of("party", ejidoParty, "share", "1"))),
                        422,
                        "lessees[0].party",
                        "no party with id " + ejidoParty),
                new BadLease(
                        "a party twice",
                        body -> body.put(
                                "lessees",
                                List.of(Map.of("party", ana, "share", "1/2"), Map.of("party", ana, "share", "1/2"))),
                        422,
                        "lessees[1].party",
                        "listed twice"),
                new BadLease(
                        "no lessees", body -> body.put("lessees", List.of()), 422, "lessees", "at least one lessee"),
                new BadLease(
                        "unknown currency", body -> fee(body).put("currency", "XYZ"), 422, "fee.currency", "'XYZ'"),
                new BadLease(
                        "more decimals than the currency",
                        body -> fee(body).put("amount", "1500.005"),
                        422,
                        "fee.amount",
                        "at most 2 decimals"),
                new BadLease(
                        "decimals in a currency without any",
                        body -> fee(body).putAll(Map.of("amount", "1500.50", "currency", "CLP")),
                        422,
                        "fee.amount",
                        "CLP amounts have at most 0 decimals"),
                new BadLease("a negative fee", body -> fee(body).put("amount", "-1.00"), 422, "fee.amount", "negative"),
                new BadLease(
                        "a fee period unknown",
                        body -> fee(body).put("period", "weekly"),
                        422,
                        "fee.period",
                        "'weekly'"),
                new BadLease(
                        "a percent escalation without its percent",
                        body -> body.put("escalation", Map.of("kind", "fixed_percent")),
                        422,
                        "escalation.percent",
                        "needs"),
                new BadLease(
                        "an unknown price index",
                        body -> body.put("escalation", Map.of("kind", "index_linked", "index", "nope")),
                        422,
                        "escalation.index",
                        "'nope'"),
                new BadLease(
                        "an unknown resale policy",
                        body -> body.put("resalePolicy", Map.of("code", "no-such-policy")),
                        422,
                        "resalePolicy",
                        "no-such-policy"),
                new BadLease(
                        "an unknown use",
                        body -> body.put("permittedUse", "industrial"),
                        422,
                        "permittedUse",
                        "'industrial'"),
                new BadLease("an unknown field", body -> body.put("colour", "red"), 422, "colour", "Unknown field"),
                new BadLease(
                        "a status a new lease cannot have",
                        body -> body.put("status", "terminated"),
                        422,
                        "status",
                        "'terminated'"),
                new BadLease("no reason", body -> body.remove("reason"), 422, "reason", "required"),
                new BadLease(
                        "a trust unknown", body -> body.put("trust", "no-such-trust"), 422, "trust", "no-such-trust"));
        long leasesBefore = leaseRows();
        long auditBefore = leaseAuditEntries();
        List<String> mismatches = new ArrayList<>();
        for (BadLease bad : cases) {
            Map<String, Object> body = lease("L-BAD", parcel);
            bad.spoil().accept(body);
            HttpResponse<String> response = post(staff, "/api/v1/leases", body);
            JsonNode problem = json(response);
            if (response.statusCode() != bad.status()
                    || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                    || !problem.path("field").asString().equals(bad.field())
                    || !problem.path("detail").asString().contains(bad.says())) {
                mismatches.add(bad.name() + ": " + response.statusCode() + " " + response.body());
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(leaseRows()).isEqualTo(leasesBefore);
        assertThat(leaseAuditEntries()).isEqualTo(auditBefore);
        assertThat(database.queryLong("SELECT count(*) FROM ground_lease WHERE code = 'L-BAD'"))
                .isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fee(Map<String, Object> body) {
        return (Map<String, Object>) body.get("fee");
    }

    @Test
    void aRetiredParcelIsAnsweredWithTheParcelsNowHoldingItsLand() {
        long retired = freeParcel();
        long child = freeParcel();
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + retired + ";"
                + " INSERT INTO parcel_lineage (parent_id, child_id, operation) VALUES (" + retired + ", " + child
                + ", 'merge')");

        HttpResponse<String> response = post(staff, "/api/v1/leases", lease("L-RETIRED", retired));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:parcel-retired");
        assertThat(problem.at("/children/0/id").asLong()).isEqualTo(child);
        assertThat(problem.at("/children/0/code").asString()).isNotBlank();
    }

    @Test
    void aLeaseCodeIsUsedOncePerTrust() {
        created(lease("L-TWICE", freeParcel()));
        long before = leaseRows();

        HttpResponse<String> again = post(staff, "/api/v1/leases", lease("L-TWICE", freeParcel()));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("type").asString()).isEqualTo("urn:tierra:problem:code-taken");
        assertThat(leaseRows()).isEqualTo(before);
    }

    @Test
    void aSecondLeaseInForceOnTheSameParcelIsA409NamingTheFirst() {
        long parcel = freeParcel();
        Map<String, Object> first = lease("L-FIRST", parcel);
        first.put("status", "active");
        long firstId = created(first).get("id").asLong();
        Map<String, Object> second = lease("L-SECOND", parcel);
        second.put("status", "active");
        second.put("startsOn", "2050-06-01");
        long before = leaseRows();
        long auditBefore = leaseAuditEntries();

        HttpResponse<String> response = post(staff, "/api/v1/leases", second);

        assertThat(response.statusCode()).isEqualTo(409);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:lease-in-force");
        assertThat(problem.at("/conflicts/0/lease").asLong()).isEqualTo(firstId);
        assertThat(problem.at("/conflicts/0/code").asString()).isEqualTo("L-FIRST");
        assertThat(problem.at("/conflicts/0/from").asString()).isEqualTo("2026-01-01");
        assertThat(problem.at("/conflicts/0/until").asString()).isEqualTo("2125-01-01");
        assertThat(problem.get("detail").asString()).contains("L-FIRST");
        assertThat(leaseRows()).isEqualTo(before);
        assertThat(leaseAuditEntries()).isEqualTo(auditBefore);

        // A draft waits without holding the parcel; activating it is refused the same way.
        second.put("status", "draft");
        long draft = created(second).get("id").asLong();
        HttpResponse<String> activation =
                post(staff, "/api/v1/leases/" + draft + "/activate", Map.of("reason", "firma"));
        assertThat(activation.statusCode()).isEqualTo(409);
        assertThat(json(activation).at("/conflicts/0/code").asString()).isEqualTo("L-FIRST");
        assertThat(database.queryLong("SELECT version FROM ground_lease WHERE id = " + draft))
                .isEqualTo(1);
    }

    @Test
    void aLeaseGoesFromDraftToActiveToTerminatedAndFreesItsParcel() {
        long parcel = freeParcel();
        long id = created(lease("L-LIFE", parcel)).get("id").asLong();

        HttpResponse<String> stale = staff.send(
                "POST", "/api/v1/leases/" + id + "/activate", "{\"reason\":\"firma\"}", "If-Match", "\"" + id + "-7\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        HttpResponse<String> otherLease = staff.send(
                "POST",
                "/api/v1/leases/" + id + "/activate",
                "{\"reason\":\"firma\"}",
                "If-Match",
                "\"" + (id + 1000) + "-1\"");
        assertThat(otherLease.statusCode())
                .as("an If-Match naming another lease does not match this one")
                .isEqualTo(412);
        assertThat(json(otherLease).get("currentETag").asString()).isEqualTo("\"" + id + "-1\"");

        HttpResponse<String> activated = staff.send(
                "POST", "/api/v1/leases/" + id + "/activate", "{\"reason\":\"firma\"}", "If-Match", "\"" + id + "-1\"");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(json(activated).get("status").asString()).isEqualTo("active");
        assertThat(activated.headers().firstValue("ETag")).hasValue("\"" + id + "-2\"");

        HttpResponse<String> again = post(staff, "/api/v1/leases/" + id + "/activate", Map.of("reason", "otra vez"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("detail").asString()).contains("is active");

        HttpResponse<String> outsideTerm = post(
                staff, "/api/v1/leases/" + id + "/terminate", Map.of("on", "2200-01-01", "reason", "incumplimiento"));
        assertThat(outsideTerm.statusCode()).isEqualTo(422);
        assertThat(json(outsideTerm).get("field").asString()).isEqualTo("on");

        HttpResponse<String> terminated = post(
                staff, "/api/v1/leases/" + id + "/terminate", Map.of("on", "2030-06-30", "reason", "incumplimiento"));
        assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
        JsonNode lease = json(terminated);
        assertThat(lease.get("status").asString()).isEqualTo("terminated");
        assertThat(lease.get("closedOn").asString()).isEqualTo("2030-06-30");
        assertThat(lease.get("closeReason").asString()).isEqualTo("incumplimiento");

        HttpResponse<String> expire = post(staff, "/api/v1/leases/" + id + "/expire", Map.of("reason", "fin"));
        assertThat(expire.statusCode()).isEqualTo(409);
        assertThat(json(expire).get("leaseStatus").asString()).isEqualTo("terminated");

        HttpResponse<String> versions = staff.get("/api/v1/leases/" + id + "/versions");
        assertThat(versions.statusCode()).isEqualTo(200);
        JsonNode list = json(versions).get("versions");
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("operation").asString()).isEqualTo("create");
        assertThat(list.get(1).get("operation").asString()).isEqualTo("activate");
        assertThat(list.get(2).get("operation").asString()).isEqualTo("terminate");
        assertThat(list.get(2).get("changedBy").asString()).isEqualTo("demo-staff");
        assertThat(list.get(2).at("/lease/status").asString()).isEqualTo("terminated");
        assertThat(list.get(0).get("validTo").isNull()).isFalse();
        assertThat(list.get(2).get("validTo").isNull()).isTrue();
        assertThat(database.queryColumn("SELECT action FROM audit_entry WHERE entity = 'lease' AND entity_id = '" + id
                        + "' ORDER BY id"))
                .containsExactly("create", "activate", "terminate");

        // From the day of termination on, the parcel takes a new lease.
        Map<String, Object> next = lease("L-AFTER", parcel);
        next.put("status", "active");
        next.put("startsOn", "2030-06-30");
        assertThat(created(next).get("status").asString()).isEqualTo("active");
    }

    @Test
    void aLeaseExpiresOnlyOnceItsTermHasRun() {
        long parcel = freeParcel();
        long ended = LeaseFixtures.createLease(
                database, "ftc-jacarandas", "L-OLD", parcel, ana, "2000-01-01", "2010-01-01", "active");
        long running = LeaseFixtures.createLease(
                database, "ftc-jacarandas", "L-RUNNING", parcel, ana, "2010-01-01", "2110-01-01", "active");

        HttpResponse<String> early = post(
                staff, "/api/v1/leases/" + ended + "/expire", Map.of("on", "2009-12-31", "reason", "fin del plazo"));
        assertThat(early.statusCode()).isEqualTo(422);
        assertThat(json(early).get("field").asString()).isEqualTo("on");

        HttpResponse<String> stillRunning =
                post(staff, "/api/v1/leases/" + running + "/expire", Map.of("reason", "fin del plazo"));
        assertThat(stillRunning.statusCode()).isEqualTo(409);
        assertThat(json(stillRunning).get("detail").asString()).contains("runs until 2110-01-01");

        HttpResponse<String> expired =
                post(staff, "/api/v1/leases/" + ended + "/expire", Map.of("reason", "fin del plazo"));
        assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);
        assertThat(json(expired).get("status").asString()).isEqualTo("expired");
        assertThat(json(expired).get("closedOn").asString()).isEqualTo("2010-01-01");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'lease' AND entity_id = '"
                        + ended + "' AND action = 'expire'"))
                .isEqualTo(1);
    }

    @Test
    void aLesseeReadsTheirOwnLeaseOnlyAndResearchersReadNone() {
        long parcel = freeParcel();
        Map<String, Object> own = lease("L-FARMER", parcel);
        own.put("lessees", List.of(Map.of("party", farmerParty, "share", "1")));
        long ownId = created(own).get("id").asLong();
        long otherId = created(lease("L-NOT-FARMER", freeParcel())).get("id").asLong();

        HttpResponse<String> mine = farmer.get("/api/v1/leases/" + ownId);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.headers().firstValue("ETag")).hasValue("\"" + ownId + "-1\"");
        assertThat(json(mine).at("/lessees/0/name").asString()).isEqualTo("Familia Arrendataria");
        assertThat(farmer.get("/api/v1/leases/" + ownId + "/versions").statusCode())
                .isEqualTo(200);
        assertThat(json(farmer.get("/api/v1/leases/" + ownId + "/versions"))
                        .at("/versions/0/changedBy")
                        .isMissingNode())
                .isTrue();

        assertThat(farmer.get("/api/v1/leases/" + otherId).statusCode()).isEqualTo(403);
        assertThat(farmer.get("/api/v1/leases?trust=ftc-jacarandas").statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/leases/" + ownId).statusCode()).isEqualTo(403);
        assertThat(post(farmer, "/api/v1/leases/" + ownId + "/terminate", Map.of("on", "2027-01-01", "reason", "x"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(board, "/api/v1/leases", lease("L-BY-BOARD", freeParcel()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(staff.get("/api/v1/leases/987654").statusCode()).isEqualTo(404);
    }

    @Test
    void theTrustsPeopleListItsLeasesByStatusAndParcel() {
        long parcel = freeParcel();
        Map<String, Object> active = lease("L-LISTED", parcel);
        active.put("status", "active");
        long id = created(active).get("id").asLong();
        created(lease("L-LISTED-DRAFT", parcel));

        HttpResponse<String> response = board.get("/api/v1/leases?trust=ftc-jacarandas&status=active&parcel=" + parcel);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode leases = json(response).get("leases");
        assertThat(leases).hasSize(1);
        assertThat(leases.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(json(board.get("/api/v1/leases?trust=ftc-jacarandas&parcel=" + parcel))
                        .get("leases"))
                .hasSize(2);
        assertThat(board.get("/api/v1/leases?trust=ftc-jacarandas&status=lost").statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/leases").statusCode()).isEqualTo(400);
        assertThat(board.get("/api/v1/leases?trust=no-such-trust").statusCode()).isEqualTo(400);
    }

    @Test
    void anAssignmentClosesTheLeaseAndOpensTheNextAtThePolicysResalePrice() {
        database.execute("""
                INSERT INTO resale_policy (trust_id, code, name)
                SELECT id, 'cuarto-plusvalia', 'Un cuarto de la plusvalía' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by_name, reason)
                SELECT id, 1, 'appraisal', '{"appreciationShare": "0.25"}', 'test', 'test'
                FROM resale_policy WHERE code = 'cuarto-plusvalia';
                """);
        long parcel = freeParcel();
        Map<String, Object> body = lease("L-SOLD", parcel);
        body.put("status", "active");
        body.put("startsOn", "2014-03-01");
        body.put("resalePolicy", Map.of("code", "cuarto-plusvalia"));
        body.put("purchase", Map.of("price", "1000000.00", "appraisal", "1250000.00"));
        long soldId = created(body).get("id").asLong();
        // The policy changes after the lease was signed: the sale follows version 1, the next lease signs version 2.
        database.execute("""
                INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by_name, reason)
                SELECT id, 2, 'appraisal', '{"appreciationShare": "0.20"}', 'test', 'test'
                FROM resale_policy WHERE code = 'cuarto-plusvalia';
                """);
        Map<String, Object> assignment = new LinkedHashMap<>();
        assignment.put("on", "2024-03-01");
        assignment.put("code", "L-BOUGHT");
        assignment.put(
                "lessees", List.of(Map.of("party", beto, "share", "1/2"), Map.of("party", carla, "share", "1/2")));
        assignment.put("currentAppraisal", "1650000.00");
        assignment.put("reason", "venta aprobada por el consejo");

        HttpResponse<String> response = post(staff, "/api/v1/leases/" + soldId + "/assign", assignment);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = json(response);
        long nextId = answer.at("/nextLease/id").asLong();
        assertThat(response.headers().firstValue("Location"))
                .hasValue(http.uri("/api/v1/leases/" + nextId).toString());
        assertThat(answer.get("resalePrice").asString()).isEqualTo("1100000.00");
        assertThat(answer.at("/previousLease/status").asString()).isEqualTo("assigned");
        assertThat(answer.at("/previousLease/closedOn").asString()).isEqualTo("2024-03-01");
        assertThat(answer.at("/previousLease/nextLease/id").asLong()).isEqualTo(nextId);
        JsonNode next = answer.get("nextLease");
        assertThat(next.get("status").asString()).isEqualTo("active");
        assertThat(next.get("startsOn").asString()).isEqualTo("2024-03-01");
        assertThat(next.get("endsOn").asString()).isEqualTo("2123-03-01");
        assertThat(next.at("/purchase/price").asString()).isEqualTo("1100000.00");
        assertThat(next.at("/purchase/appraisal").asString()).isEqualTo("1650000.00");
        assertThat(next.at("/resalePolicy/version").asInt()).isEqualTo(2);
        assertThat(next.at("/fee/amount").asString()).isEqualTo("1500.00");
        assertThat(next.at("/parcels/0/id").asLong()).isEqualTo(parcel);
        assertThat(next.at("/previousLease/id").asLong()).isEqualTo(soldId);
        assertThat(next.get("lessees")).hasSize(2);
        assertThat(answer.at("/worksheet/price").decimalValue()).isEqualByComparingTo("1100000.00");
        assertThat(database.queryColumn(
                        "SELECT resale_price || '|' || resale_policy_version || '|' || (worksheet->>'price')"
                                + " FROM lease_assignment WHERE from_lease_id = " + soldId))
                .containsExactly("1100000.00|1|1100000.00");
        assertThat(database.queryColumn("SELECT lease_id || ':' || in_force FROM ground_lease_parcel WHERE parcel_id = "
                        + parcel + " ORDER BY lease_id"))
                .containsExactly(soldId + ":[2014-03-01,2024-03-01)", nextId + ":[2024-03-01,2123-03-01)");
        assertThat(database.queryColumn("SELECT entity_id || ':' || action FROM audit_entry WHERE entity = 'lease'"
                        + " AND entity_id IN ('" + soldId + "', '" + nextId + "') ORDER BY id"))
                .containsExactly(soldId + ":create", soldId + ":assign", nextId + ":create");
        assertThat(json(staff.get("/api/v1/leases/" + nextId))
                        .at("/previousLease/code")
                        .asString())
                .isEqualTo("L-SOLD");
    }

    @Test
    void aLeaseWithoutResalePolicyCannotBeAssignedAndNothingIsWritten() {
        Map<String, Object> body = lease("L-NO-POLICY", freeParcel());
        body.put("status", "active");
        long id = created(body).get("id").asLong();
        long before = leaseRows();
        long auditBefore = leaseAuditEntries();

        HttpResponse<String> response = post(
                staff,
                "/api/v1/leases/" + id + "/assign",
                Map.of(
                        "on", "2027-01-01",
                        "code", "L-NO-POLICY-NEXT",
                        "lessees", List.of(Map.of("party", beto, "share", "1")),
                        "reason", "venta"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(json(response).get("detail").asString()).contains("no resale policy");
        assertThat(leaseRows()).isEqualTo(before);
        assertThat(leaseAuditEntries()).isEqualTo(auditBefore);
        assertThat(database.queryLong("SELECT version FROM ground_lease WHERE id = " + id))
                .isEqualTo(2);
        assertThat(database.queryLong("SELECT count(*) FROM lease_assignment WHERE from_lease_id = " + id))
                .isZero();
    }

    @Test
    void decimalSharesAddUpExactlyAndTheDefaultTermIs99Years() {
        assertThat(Share.parse("0.1").plus(Share.parse("0.2")).plus(Share.parse("0.7")))
                .isEqualTo(Share.ONE);
        assertThat(Share.parse("2/6").toString()).isEqualTo("1/3");
        assertThat(LocalDate.parse("2026-01-01").plusYears(LeaseInput.DEFAULT_TERM_YEARS))
                .isEqualTo(LocalDate.parse("2125-01-01"));
    }
}
