package org.tierra.stewardship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Stewardship events, obligations and the overdue list over HTTP, against real PostGIS. */
class StewardshipRoutesTest {

    private static final String FTC = "ftc-jacarandas";
    private static final String EJIDO = "ejido-loma-sabinos";

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;
    private static List<Long> parcels;
    private static long farmerLease;
    private static long otherLease;
    private static long farmerParcel;
    private static long otherParcel;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        parcels = LeaseFixtures.parcelIds(database, FTC);
        long farmerParty = LeaseFixtures.partyOfAccount(database, FTC, "Farmer", "demo-farmer");
        long otherParty = LeaseFixtures.createParty(database, FTC, "Ana", "Otra");
        farmerParcel = parcels.get(0);
        otherParcel = parcels.get(1);
        farmerLease = LeaseFixtures.createLease(
                database, FTC, "L-FARMER", farmerParcel, farmerParty, "2020-01-01", "2119-01-01", "active");
        otherLease = LeaseFixtures.createLease(
                database, FTC, "L-OTRA", otherParcel, otherParty, "2020-01-01", "2119-01-01", "active");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long count(String table) {
        return database.queryLong("SELECT count(*) FROM " + table);
    }

    private static HttpResponse<String> postEvent(TestHttp.Session session, String body) {
        return session.send("POST", "/api/v1/stewardship/events", body);
    }

    @Test
    void recordsAnInspectionWithAPointOnTheParcelAndAnAuditEntry() {
        String point = pointOn(farmerParcel, 0);
        HttpResponse<String> response = postEvent(
                staff,
                "{\"parcel\":" + farmerParcel + ",\"lease\":" + farmerLease + ",\"kind\":\"inspection\","
                        + "\"occurredOn\":\"2025-06-01\",\"notes\":\"Cerca en buen estado\",\"location\":" + point
                        + ",\"reason\":\"visita anual\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode event = json(response);
        long id = event.get("id").asLong();
        assertThat(response.headers().firstValue("Location"))
                .hasValue(http.uri("/api/v1/stewardship/events/" + id).toString());
        assertThat(event.get("trust").asString()).isEqualTo(FTC);
        assertThat(event.get("leaseCode").asString()).isEqualTo("L-FARMER");
        assertThat(event.at("/location/type").asString()).isEqualTo("Point");
        assertThat(event.get("createdBy").asString()).isEqualTo("demo-staff");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'stewardship_event'"
                        + " AND entity_id = '" + id + "' AND action = 'create' AND reason = 'visita anual'"))
                .isEqualTo(1);
        assertThat(json(board.get("/api/v1/stewardship/events/" + id))
                        .get("notes")
                        .asString())
                .isEqualTo("Cerca en buen estado");
    }

    @Test
    void aPointOffTheParcelIsRefusedWithItsDistanceInMetres() {
        long before = count("stewardship_event");
        String farAway = pointOn(farmerParcel, 0.02);

        HttpResponse<String> response = postEvent(
                staff,
                "{\"parcel\":" + farmerParcel + ",\"kind\":\"inspection\",\"occurredOn\":\"2025-06-01\","
                        + "\"location\":" + farAway + ",\"reason\":\"visita\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("field").asString()).isEqualTo("location");
        assertThat(problem.get("distanceMetres").asLong()).isBetween(1_000L, 2_300L);
        assertThat(problem.get("toleranceMetres").asDouble()).isEqualTo(25.0);
        assertThat(problem.get("detail").asString())
                .contains(problem.get("distanceMetres").asLong() + " m from")
                .contains("25 m");
        assertThat(count("stewardship_event")).isEqualTo(before);
    }

    @Test
    void aPointJustOutsideTheParcelWithinTheToleranceIsAccepted() {
        // about 11 m north of a point on the surface may leave the parcel, but not by more than 25 m
        double metresNorth = 0.0001;
        String near = database.queryColumn("SELECT ST_AsGeoJSON(ST_Translate(ST_ClosestPoint(ST_Boundary(geom),"
                        + " ST_Translate(ST_Centroid(geom), 0, 1)), 0, " + metresNorth + ")) FROM parcel WHERE id = "
                        + otherParcel)
                .get(0);

        HttpResponse<String> response = postEvent(
                staff,
                "{\"lease\":" + otherLease + ",\"kind\":\"agricultural_practice\",\"occurredOn\":\"2025-06-02\","
                        + "\"location\":" + near + ",\"reason\":\"milpa\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void improvementsCarryAValueAndCuresNameTheirViolation() {
        HttpResponse<String> improvement = postEvent(
                staff,
                "{\"lease\":" + farmerLease + ",\"kind\":\"improvement\",\"occurredOn\":\"2025-02-01\","
                        + "\"improvementValue\":{\"amount\":\"125000.50\",\"currency\":\"MXN\"},\"reason\":\"techo\"}");
        HttpResponse<String> violation = postEvent(
                staff,
                "{\"parcel\":" + farmerParcel + ",\"kind\":\"violation\",\"occurredOn\":\"2025-03-01\","
                        + "\"notes\":\"basura\",\"reason\":\"inspección\"}");
        long violationId = json(violation).get("id").asLong();
        HttpResponse<String> cure = postEvent(
                staff,
                "{\"parcel\":" + farmerParcel + ",\"kind\":\"cure\",\"occurredOn\":\"2025-03-20\",\"curesEvent\":"
                        + violationId + ",\"reason\":\"limpieza\"}");

        assertThat(improvement.statusCode()).as(improvement.body()).isEqualTo(201);
        assertThat(json(improvement).at("/improvementValue/amount").asString()).isEqualTo("125000.50");
        assertThat(json(improvement).at("/improvementValue/currency").asString())
                .isEqualTo("MXN");
        assertThat(cure.statusCode()).as(cure.body()).isEqualTo(201);
        assertThat(json(cure).get("curesEvent").asLong()).isEqualTo(violationId);
    }

    @Test
    void badEventsAreRefusedNamingTheFieldAndNothingIsWritten() {
        long inspection = json(postEvent(
                        staff,
                        "{\"parcel\":" + farmerParcel
                                + ",\"kind\":\"inspection\",\"occurredOn\":\"2025-01-01\",\"reason\":\"x\"}"))
                .get("id")
                .asLong();
        String base = "\"parcel\":" + farmerParcel + ",\"occurredOn\":\"2025-01-01\",\"reason\":\"x\"";
        Map<String, String> bodies = Map.ofEntries(
                Map.entry(
                        "occurredOn",
                        "{\"parcel\":" + farmerParcel
                                + ",\"kind\":\"inspection\",\"occurredOn\":\"2999-01-01\",\"reason\":\"x\"}"),
                Map.entry("kind", "{" + base + ",\"kind\":\"picnic\"}"),
                Map.entry(
                        "improvementValue",
                        "{" + base
                                + ",\"kind\":\"inspection\",\"improvementValue\":{\"amount\":\"1\",\"currency\":\"MXN\"}}"),
                Map.entry("curesEvent", "{" + base + ",\"kind\":\"inspection\",\"curesEvent\":" + inspection + "}"),
                Map.entry("parcel", "{\"kind\":\"inspection\",\"occurredOn\":\"2025-01-01\",\"reason\":\"x\"}"),
                Map.entry(
                        "improvementValue.currency",
                        "{" + base
                                + ",\"kind\":\"improvement\",\"improvementValue\":{\"amount\":\"1\",\"currency\":\"XXX\"}}"),
                Map.entry(
                        "improvementValue.amount",
                        "{" + base
                                + ",\"kind\":\"improvement\",\"improvementValue\":{\"amount\":\"1.005\",\"currency\":\"MXN\"}}"),
                Map.entry(
                        "location",
                        "{" + base
                                + ",\"kind\":\"inspection\",\"location\":{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}}"),
                Map.entry(
                        "location.coordinates",
                        "{" + base
                                + ",\"kind\":\"inspection\",\"location\":{\"type\":\"Point\",\"coordinates\":[17.0,-196.7]}}"),
                Map.entry(
                        "reason",
                        "{\"parcel\":" + farmerParcel + ",\"kind\":\"inspection\",\"occurredOn\":\"2025-01-01\"}"),
                Map.entry("colour", "{" + base + ",\"kind\":\"inspection\",\"colour\":\"red\"}"));
        long events = count("stewardship_event");
        long audits = count("audit_entry");

        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            HttpResponse<String> response = postEvent(staff, bad.getValue());
            assertThat(response.statusCode())
                    .as(bad.getKey() + ": " + response.body())
                    .isEqualTo(422);
            assertThat(json(response).get("field").asString()).as(bad.getKey()).isEqualTo(bad.getKey());
        }
        HttpResponse<String> cureOfInspection =
                postEvent(staff, "{" + base + ",\"kind\":\"cure\",\"curesEvent\":" + inspection + "}");
        HttpResponse<String> parcelNotOfLease = postEvent(
                staff,
                "{\"parcel\":" + otherParcel + ",\"lease\":" + farmerLease
                        + ",\"kind\":\"inspection\",\"occurredOn\":\"2025-01-01\",\"reason\":\"x\"}");
        HttpResponse<String> noSuchParcel = postEvent(
                staff, "{\"parcel\":999999,\"kind\":\"inspection\",\"occurredOn\":\"2025-01-01\",\"reason\":\"x\"}");
        HttpResponse<String> badDate = postEvent(
                staff, "{\"parcel\":1,\"kind\":\"inspection\",\"occurredOn\":\"2025-02-30\",\"reason\":\"x\"}");
        HttpResponse<String> notJson = staff.send("POST", "/api/v1/stewardship/events", "{\"parcel\":");

        assertThat(cureOfInspection.statusCode()).isEqualTo(422);
        assertThat(json(cureOfInspection).get("detail").asString()).contains("is a inspection");
        assertThat(parcelNotOfLease.statusCode()).isEqualTo(422);
        assertThat(json(parcelNotOfLease).get("detail").asString()).contains("L-FARMER");
        assertThat(noSuchParcel.statusCode()).isEqualTo(422);
        assertThat(badDate.statusCode()).isEqualTo(422);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(count("stewardship_event")).isEqualTo(events);
        assertThat(count("audit_entry")).isEqualTo(audits);
    }

    @Test
    void onlyAdminAndStaffRecordEventsAndLesseesReadOnlyTheirOwnLease() {
        String body = "{\"lease\":" + farmerLease
                + ",\"kind\":\"inspection\",\"occurredOn\":\"2025-04-01\",\"reason\":\"x\"}";
        long otherEvent = json(postEvent(
                        staff,
                        "{\"lease\":" + otherLease
                                + ",\"kind\":\"violation\",\"occurredOn\":\"2025-04-02\",\"reason\":\"x\"}"))
                .get("id")
                .asLong();
        long ownEvent = json(postEvent(staff, body)).get("id").asLong();

        assertThat(postEvent(board, body).statusCode()).isEqualTo(403);
        assertThat(postEvent(farmer, body).statusCode()).isEqualTo(403);
        assertThat(postEvent(researcher, body).statusCode()).isEqualTo(403);
        assertThat(http.request("POST", "/api/v1/stewardship/events", body).statusCode())
                .isEqualTo(401);

        JsonNode own = json(farmer.get("/api/v1/stewardship/events?lease=" + farmerLease));
        assertThat(own.get("events").valueStream().map(event -> event.get("leaseCode")
                        .asString()))
                .isNotEmpty()
                .containsOnly("L-FARMER");
        assertThat(farmer.get("/api/v1/stewardship/events?lease=" + otherLease).statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/stewardship/events?trust=" + FTC).statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/stewardship/events/" + ownEvent).statusCode())
                .isEqualTo(200);
        assertThat(farmer.get("/api/v1/stewardship/events/" + otherEvent).statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/stewardship/events?trust=" + FTC).statusCode())
                .isEqualTo(403);
        assertThat(board.get("/api/v1/stewardship/events/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void eventsAreListedByTrustParcelKindAndDates() {
        postEvent(
                staff,
                "{\"parcel\":" + parcels.get(5)
                        + ",\"kind\":\"resale\",\"occurredOn\":\"2023-05-05\",\"reason\":\"venta\"}");
        postEvent(
                staff,
                "{\"parcel\":" + parcels.get(5)
                        + ",\"kind\":\"refinance_approval\",\"occurredOn\":\"2023-07-07\",\"reason\":\"banco\"}");

        JsonNode byParcel = json(board.get("/api/v1/stewardship/events?trust=" + FTC + "&parcel=" + parcels.get(5)));
        JsonNode byKind = json(board.get("/api/v1/stewardship/events?trust=" + FTC + "&kind=resale"));
        JsonNode byDates =
                json(board.get("/api/v1/stewardship/events?trust=" + FTC + "&from=2023-06-01&to=2023-12-31"));

        assertThat(byParcel.get("events").valueStream().map(event -> event.get("kind")
                        .asString()))
                .containsExactly("refinance_approval", "resale");
        // (the demo registry records resales of its own)
        assertThat(byKind.get("events").valueStream().map(event -> event.get("occurredOn")
                        .asString()))
                .contains("2023-05-05");
        assertThat(byKind.get("events").valueStream().map(event -> event.get("kind")
                        .asString()))
                .containsOnly("resale");
        assertThat(byDates.get("events").valueStream().map(event -> event.get("kind")
                        .asString()))
                .containsExactly("refinance_approval");
        assertThat(board.get("/api/v1/stewardship/events?trust=" + FTC + "&kind=picnic")
                        .statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/stewardship/events?trust=" + FTC + "&from=ayer")
                        .statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/stewardship/events").statusCode()).isEqualTo(400);
        assertThat(board.get("/api/v1/stewardship/events?trust=nadie").statusCode())
                .isEqualTo(404);
    }

    // ----- obligations -----

    private static HttpResponse<String> createObligation(long lease, String body) {
        return staff.send("POST", "/api/v1/leases/" + lease + "/obligations", body);
    }

    @Test
    void anAnnualObligationFromFebruary29ListsMissedDatesFulfilmentsAndTheNextDate() {
        long party = LeaseFixtures.createParty(database, FTC, "Ana", "Bisiesta");
        long lease = LeaseFixtures.createLease(
                database, FTC, "L-BISIESTO", parcels.get(2), party, "2024-01-01", "2060-01-01", "active");
        HttpResponse<String> created = createObligation(
                lease,
                "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2024-02-29\",\"everyMonths\":12,\"reason\":\"contrato\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();

        HttpResponse<String> fulfilled = staff.send(
                "POST",
                "/api/v1/obligations/" + id + "/fulfilments",
                "{\"dueOn\":\"2025-02-28\",\"fulfilledOn\":\"2025-02-20\",\"notes\":\"póliza\",\"reason\":\"recibido\"}");
        HttpResponse<String> notADueDate = staff.send(
                "POST",
                "/api/v1/obligations/" + id + "/fulfilments",
                "{\"dueOn\":\"2025-02-27\",\"fulfilledOn\":\"2025-02-20\",\"reason\":\"x\"}");
        HttpResponse<String> notADueDate2 = staff.send(
                "POST",
                "/api/v1/obligations/" + id + "/fulfilments",
                "{\"dueOn\":\"2025-03-01\",\"fulfilledOn\":\"2025-02-20\",\"reason\":\"x\"}");
        HttpResponse<String> twice = staff.send(
                "POST",
                "/api/v1/obligations/" + id + "/fulfilments",
                "{\"dueOn\":\"2025-02-28\",\"fulfilledOn\":\"2025-02-21\",\"reason\":\"x\"}");
        JsonNode listed = json(farmer.get("/api/v1/leases/" + farmerLease + "/obligations"));
        JsonNode asOf = json(board.send(
                        "GET",
                        "/api/v1/leases/" + lease + "/obligations?asOf=2028-03-01",
                        null,
                        "Accept-Language",
                        "es"))
                .at("/obligations/0");

        assertThat(fulfilled.statusCode()).as(fulfilled.body()).isEqualTo(201);
        assertThat(notADueDate.statusCode()).isEqualTo(422);
        assertThat(json(notADueDate).get("detail").asString()).contains("2025-02-28");
        assertThat(notADueDate2.statusCode()).isEqualTo(422);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(listed.get("obligations").isArray()).isTrue();
        assertThat(asOf.get("missed").valueStream().map(JsonNode::asString))
                .containsExactly("2024-02-29", "2026-02-28", "2027-02-28", "2028-02-29");
        assertThat(asOf.get("nextDueOn").asString()).isEqualTo("2029-02-28");
        assertThat(asOf.get("kindLabel").asString()).isEqualTo("Comprobante de seguro");
        assertThat(asOf.at("/fulfilments/0/dueOn").asString()).isEqualTo("2025-02-28");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'obligation' AND entity_id = '"
                        + id + "' AND action IN ('create', 'fulfil')"))
                .isEqualTo(2);
        JsonNode onTheDay = json(board.get("/api/v1/leases/" + lease + "/obligations?asOf=2028-02-29"))
                .at("/obligations/0");
        assertThat(onTheDay.get("nextDueOn").asString()).isEqualTo("2028-02-29");
        assertThat(onTheDay.get("missed").valueStream().map(JsonNode::asString))
                .containsExactly("2024-02-29", "2026-02-28", "2027-02-28");
    }

    @Test
    void endingAnObligationWritesANewVersionWithWhoAndWhy() {
        long party = LeaseFixtures.createParty(database, FTC, "Ana", "Fin");
        long lease = LeaseFixtures.createLease(
                database, FTC, "L-FIN", parcels.get(3), party, "2024-01-01", "2060-01-01", "active");
        long id = json(createObligation(
                        lease,
                        "{\"kind\":\"maintenance_report\",\"firstDueOn\":\"2024-06-30\",\"everyMonths\":6,"
                                + "\"reason\":\"contrato\"}"))
                .get("id")
                .asLong();

        HttpResponse<String> ended = staff.send(
                "POST", "/api/v1/obligations/" + id + "/end", "{\"on\":\"2025-01-15\",\"reason\":\"ya no aplica\"}");
        HttpResponse<String> again =
                staff.send("POST", "/api/v1/obligations/" + id + "/end", "{\"on\":\"2025-06-15\",\"reason\":\"x\"}");
        HttpResponse<String> beforeFirst =
                staff.send("POST", "/api/v1/obligations/" + id + "/end", "{\"on\":\"2024-01-15\",\"reason\":\"x\"}");
        HttpResponse<String> byBoard =
                board.send("POST", "/api/v1/obligations/" + id + "/end", "{\"on\":\"2024-12-15\",\"reason\":\"x\"}");

        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended).get("version").asInt()).isEqualTo(2);
        assertThat(json(ended).get("endsOn").asString()).isEqualTo("2025-01-15");
        assertThat(json(ended).get("missed").valueStream().map(JsonNode::asString))
                .containsExactly("2024-06-30", "2024-12-30");
        assertThat(json(ended).get("nextDueOn").isNull()).isTrue();
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(beforeFirst.statusCode()).isEqualTo(422);
        assertThat(byBoard.statusCode()).isEqualTo(403);
        assertThat(database.queryColumn("SELECT version || '|' || operation || '|' || changed_by_name || '|' || reason"
                        + " FROM record_version WHERE entity = 'obligation' AND entity_id = " + id
                        + " ORDER BY version"))
                .containsExactly("1|create|demo-staff|contrato", "2|end|demo-staff|ya no aplica");
    }

    @Test
    void badObligationsAreRefusedAndNothingIsWritten() {
        long party = LeaseFixtures.createParty(database, FTC, "Ana", "Borrador");
        long draft = LeaseFixtures.createLease(
                database, FTC, "L-BORRADOR", parcels.get(4), party, "2024-01-01", "2030-01-01", "draft");
        long obligations = count("obligation");
        long audits = count("audit_entry");
        Map<String, String> bodies = Map.of(
                "description", "{\"kind\":\"other\",\"firstDueOn\":\"2024-03-01\",\"reason\":\"x\"}",
                "everyMonths",
                        "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2024-03-01\",\"everyMonths\":0,\"reason\":\"x\"}",
                "endsOn",
                        "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2024-03-01\",\"endsOn\":\"2024-02-01\",\"reason\":\"x\"}",
                "firstDueOn", "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2031-03-01\",\"reason\":\"x\"}",
                "kind", "{\"kind\":\"tax\",\"firstDueOn\":\"2024-03-01\",\"reason\":\"x\"}",
                "reason", "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2024-03-01\"}");

        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            HttpResponse<String> response = createObligation(draft, bad.getValue());
            assertThat(response.statusCode())
                    .as(bad.getKey() + ": " + response.body())
                    .isEqualTo(422);
            assertThat(json(response).get("field").asString()).isEqualTo(bad.getKey());
        }
        assertThat(createObligation(
                                999999,
                                "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2024-03-01\"," + "\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(count("obligation")).isEqualTo(obligations);
        assertThat(count("audit_entry")).isEqualTo(audits);

        // a draft lease may carry obligations, but none is due until it is signed
        long id = json(createObligation(
                        draft,
                        "{\"kind\":\"occupancy_certificate\",\"firstDueOn\":\"2024-03-01\",\"everyMonths\":1,"
                                + "\"reason\":\"x\"}"))
                .get("id")
                .asLong();
        JsonNode listed = json(staff.get("/api/v1/leases/" + draft + "/obligations?asOf=2026-01-01"))
                .at("/obligations/0");
        assertThat(listed.get("id").asLong()).isEqualTo(id);
        assertThat(listed.get("missed").isEmpty()).isTrue();
        assertThat(listed.get("nextDueOn").isNull()).isTrue();
        assertThat(staff.send(
                                "POST",
                                "/api/v1/obligations/" + id + "/fulfilments",
                                "{\"dueOn\":\"2024-03-01\",\"fulfilledOn\":\"2024-03-01\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(farmer.get("/api/v1/leases/" + draft + "/obligations").statusCode())
                .isEqualTo(403);
        assertThat(staff.get("/api/v1/leases/" + draft + "/obligations?asOf=nunca")
                        .statusCode())
                .isEqualTo(400);
    }

    // ----- overdue -----

    @Test
    void overdueListsUnmetDueDatesAcrossMonthEndsAndLeapYearsMostOverdueFirst() {
        List<Long> ejidoParcels = LeaseFixtures.parcelIds(database, EJIDO);
        long party = LeaseFixtures.createParty(database, EJIDO, "Ana", "Ejidataria");
        long lease = LeaseFixtures.createLease(
                database, EJIDO, "L-EJIDO", ejidoParcels.get(0), party, "2023-01-01", "2073-01-01", "active");
        long future = LeaseFixtures.createLease(
                database, EJIDO, "L-FUTURA", ejidoParcels.get(1), party, "2030-01-01", "2073-01-01", "active");
        long monthly = json(createObligation(
                        lease,
                        "{\"kind\":\"soil_conservation_report\",\"firstDueOn\":\"2024-01-31\",\"everyMonths\":1,"
                                + "\"endsOn\":\"2024-06-30\",\"reason\":\"asamblea\"}"))
                .get("id")
                .asLong();
        createObligation(
                lease,
                "{\"kind\":\"agrarian_assembly_attendance\",\"firstDueOn\":\"2024-02-29\",\"reason\":\"asamblea\"}");
        createObligation(
                future,
                "{\"kind\":\"insurance_proof\",\"firstDueOn\":\"2030-01-31\",\"everyMonths\":1,\"reason\":\"x\"}");

        JsonNode onTheDay = json(board.get("/api/v1/stewardship/overdue?trust=" + EJIDO + "&asOf=2024-03-31"));
        JsonNode dayAfter = json(board.send(
                "GET",
                "/api/v1/stewardship/overdue?trust=" + EJIDO + "&asOf=2024-04-01",
                null,
                "Accept-Language",
                "es"));

        assertThat(onTheDay.get("overdue")
                        .valueStream()
                        .map(item -> item.get("dueOn").asString() + " "
                                + item.get("daysOverdue").asInt()))
                .containsExactly("2024-01-31 60", "2024-02-29 31", "2024-02-29 31");
        assertThat(dayAfter.get("overdue")
                        .valueStream()
                        .map(item -> item.get("dueOn").asString() + " "
                                + item.get("daysOverdue").asInt()))
                .containsExactly("2024-01-31 61", "2024-02-29 32", "2024-02-29 32", "2024-03-31 1");
        JsonNode first = dayAfter.at("/overdue/0");
        assertThat(first.get("leaseCode").asString()).isEqualTo("L-EJIDO");
        assertThat(first.get("parcelCodes").size()).isEqualTo(1);
        assertThat(first.get("kindLabel").asString()).isEqualTo("Informe de conservación de suelos");

        staff.send(
                "POST",
                "/api/v1/obligations/" + monthly + "/fulfilments",
                "{\"dueOn\":\"2024-01-31\",\"fulfilledOn\":\"2024-02-10\",\"reason\":\"entregado tarde\"}");
        JsonNode afterFulfilment = json(board.get("/api/v1/stewardship/overdue?trust=" + EJIDO + "&asOf=2025-01-01"));
        assertThat(afterFulfilment.get("overdue").valueStream().map(item -> item.get("dueOn")
                        .asString()))
                .containsExactly("2024-02-29", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30");
        assertThat(afterFulfilment.at("/overdue/0/kindLabel").asString())
                .isIn("Soil conservation report", "Agrarian assembly attendance");

        assertThat(farmer.get("/api/v1/stewardship/overdue?trust=" + FTC).statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/stewardship/overdue?trust=" + FTC).statusCode())
                .isEqualTo(403);
        assertThat(board.get("/api/v1/stewardship/overdue?trust=" + EJIDO + "&asOf=2024-13-01")
                        .statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/stewardship/overdue").statusCode()).isEqualTo(400);
    }

    /** A point on the parcel's surface as GeoJSON, moved {@code northDegrees} north. */
    private static String pointOn(long parcelId, double northDegrees) {
        return database.queryColumn("SELECT ST_AsGeoJSON(ST_Translate(ST_PointOnSurface(geom), 0, " + northDegrees
                        + ")) FROM parcel WHERE id = " + parcelId)
                .get(0);
    }
}
