package org.tierra.parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Creating, changing and retiring parcels over HTTP: versions, ETags, overlaps, audit. */
class ParcelWriteRoutesTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A square of side {@code degrees} with its south-west corner at lon, lat, as GeoJSON. */
    static String square(double lon, double lat, double degrees) {
        double east = lon + degrees;
        double north = lat + degrees;
        return String.format(
                Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f],[%.7f,%.7f]]]}",
                lon,
                lat,
                east,
                lat,
                east,
                north,
                lon,
                north,
                lon,
                lat);
    }

    static String feature(String code, String geometry) {
        return "{\"type\":\"Feature\",\"reason\":\"nuevo lote\",\"properties\":{\"code\":\"" + code
                + "\",\"trust\":\"ftc-jacarandas\",\"tenureCategory\":\"clt_leasehold\",\"landUse\":\"residential\","
                + "\"name\":\"Lote de prueba\"},\"geometry\":" + geometry + "}";
    }

    private static JsonNode create(String code, String geometry) {
        HttpResponse<String> response = staff.send("POST", "/api/v1/parcels", feature(code, geometry));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    @Test
    void createsAParcelWithItsFirstVersionAnETagAndAnAuditEntry() {
        HttpResponse<String> response =
                staff.send("POST", "/api/v1/parcels", feature("T-CREATE", square(-96.700, 17.000, 0.0005)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode parcel = json(response);
        long id = parcel.get("id").asLong();
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-1\"");
        assertThat(response.headers().firstValue("Location"))
                .hasValue(http.uri("/api/v1/parcels/" + id).toString());
        assertThat(parcel.at("/properties/version").asInt()).isEqualTo(1);
        assertThat(parcel.at("/properties/areaSquareMetres").asDouble()).isBetween(2_800.0, 3_100.0);
        assertThat(database.queryColumn(
                        "SELECT operation || '|' || changed_by_name || '|' || reason FROM parcel_version"
                                + " WHERE parcel_id = " + id))
                .containsExactly("create|demo-staff|nuevo lote");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'parcel' AND entity_id = '" + id
                        + "' AND action = 'create' AND actor = 'demo-staff'"))
                .isEqualTo(1);
    }

    @Test
    void anOverlapIsA409NamingTheOtherParcelTheAreaAndTheShape() {
        create("T-BASE", square(-96.702, 17.000, 0.0005));

        HttpResponse<String> overlapping =
                staff.send("POST", "/api/v1/parcels", feature("T-OVER", square(-96.70175, 17.00025, 0.0005)));

        assertThat(overlapping.statusCode()).isEqualTo(409);
        JsonNode problem = json(overlapping);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:parcels-overlap");
        assertThat(problem.at("/overlaps/0/code").asString()).isEqualTo("T-BASE");
        assertThat(problem.at("/overlaps/0/overlapSquareMetres").asDouble()).isBetween(600.0, 800.0);
        assertThat(problem.at("/overlaps/0/overlap/type").asString()).isEqualTo("Polygon");
        assertThat(database.queryLong("SELECT count(*) FROM parcel WHERE code = 'T-OVER'"))
                .isZero();
    }

    @Test
    void touchingAndTinyOverlapsWithinToleranceAreAccepted() {
        create("T-LEFT", square(-96.704, 17.000, 0.0005));
        // shares the east edge exactly, then nudged 1 cm west: an overlap of under 1 m²
        create("T-RIGHT", square(-96.7035, 17.000, 0.0005));
        JsonNode nudged = create("T-NUDGE", square(-96.7030 - 0.0000001, 17.000, 0.0005));

        assertThat(nudged.at("/properties/code").asString()).isEqualTo("T-NUDGE");
    }

    @Test
    void parallelOverlappingCreatesLetExactlyOneWin() throws Exception {
        int writers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String code = "T-PAR-" + i;
            String geometry = square(-96.706 + i * 0.00001, 17.000, 0.0005);
            creates.add(() -> {
                start.await();
                return staff.send("POST", "/api/v1/parcels", feature(code, geometry))
                        .statusCode();
            });
        }
        List<Future<Integer>> results = new ArrayList<>();
        try {
            creates.forEach(create -> results.add(executor.submit(create)));
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }

            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        } finally {
            executor.shutdownNow();
        }
        assertThat(database.queryLong("SELECT count(*) FROM parcel WHERE code LIKE 'T-PAR-%'"))
                .isEqualTo(1);
    }

    @Test
    void anUpdateNeedsTheCurrentETagAndWritesTheNextVersion() {
        JsonNode parcel = create("T-EDIT", square(-96.708, 17.000, 0.0005));
        long id = parcel.get("id").asLong();
        String body = "{\"reason\":\"corrección del nombre\",\"properties\":{\"name\":\"Lote corregido\"}}";

        HttpResponse<String> withoutETag = staff.send("PATCH", "/api/v1/parcels/" + id, body);
        HttpResponse<String> updated =
                staff.send("PATCH", "/api/v1/parcels/" + id, body, "If-Match", "\"" + id + "-1\"");
        HttpResponse<String> stale = staff.send("PATCH", "/api/v1/parcels/" + id, body, "If-Match", "\"" + id + "-1\"");

        assertThat(withoutETag.statusCode()).isEqualTo(428);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).hasValue("\"" + id + "-2\"");
        assertThat(json(updated).at("/properties/name").asString()).isEqualTo("Lote corregido");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("currentETag").asString()).isEqualTo("\"" + id + "-2\"");
    }

    @Test
    void nullClearsTheNameAndNotesWhileAbsenceKeepsThem() {
        long id = create("T-CLEAR", square(-96.7065, 17.000, 0.0005)).get("id").asLong();
        HttpResponse<String> withNotes = staff.send(
                "PATCH",
                "/api/v1/parcels/" + id,
                "{\"reason\":\"nota\",\"properties\":{\"notes\":\"Colinda con el arroyo\"}}",
                "If-Match",
                "\"" + id + "-1\"");
        assertThat(json(withNotes).at("/properties/name").asString()).isEqualTo("Lote de prueba");

        HttpResponse<String> cleared = staff.send(
                "PATCH",
                "/api/v1/parcels/" + id,
                "{\"reason\":\"sin nombre\",\"properties\":{\"name\":null,\"notes\":null}}",
                "If-Match",
                "\"" + id + "-2\"");

        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(json(cleared).at("/properties/name").isNull()).isTrue();
        assertThat(database.queryColumn(
                        "SELECT coalesce(name, '-') || '|' || coalesce(notes, '-') FROM parcel WHERE id = " + id))
                .containsExactly("-|-");
    }

    @Test
    void concurrentUpdatesWithTheSameETagLetExactlyOneWin() throws Exception {
        long id =
                create("T-RACE-EDIT", square(-96.710, 17.000, 0.0005)).get("id").asLong();
        int writers = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String body = "{\"reason\":\"carrera " + i + "\",\"properties\":{\"name\":\"Nombre " + i + "\"}}";
                results.add(executor.submit(() -> {
                    start.await();
                    return staff.send("PATCH", "/api/v1/parcels/" + id, body, "If-Match", "\"" + id + "-1\"")
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }

            assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
            assertThat(statuses.stream().filter(status -> status == 412)).hasSize(writers - 1);
        } finally {
            executor.shutdownNow();
        }
        assertThat(database.queryLong("SELECT max(version) FROM parcel_version WHERE parcel_id = " + id))
                .isEqualTo(2);
    }

    @Test
    void aRetiredParcelStaysReadableButCannotChange() {
        long id = create("T-RETIRE", square(-96.712, 17.000, 0.0005)).get("id").asLong();

        HttpResponse<String> retired = staff.send(
                "POST",
                "/api/v1/parcels/" + id + "/retire",
                "{\"reason\":\"liberada al municipio\"}",
                "If-Match",
                "\"" + id + "-1\"");
        HttpResponse<String> change = staff.send(
                "PATCH",
                "/api/v1/parcels/" + id,
                "{\"reason\":\"x\",\"properties\":{\"name\":\"y\"}}",
                "If-Match",
                "\"" + id + "-2\"");

        assertThat(retired.statusCode()).isEqualTo(200);
        assertThat(json(retired).at("/properties/status").asString()).isEqualTo("retired");
        assertThat(change.statusCode()).isEqualTo(409);
        assertThat(json(change).get("type").asString()).isEqualTo("urn:tierra:problem:parcel-retired");
        assertThat(http.get("/api/v1/parcels/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void aParcelUnderLeaseIsNotRetiredNorSplitUntilTheLeaseEnds() {
        // JAC-004 is held by the demo's lease ARR-JAC-004.
        long id = database.queryLong("SELECT id FROM parcel WHERE code = 'JAC-004'");
        int version = (int) database.queryLong("SELECT version FROM parcel WHERE id = " + id);
        String etag = "\"" + id + "-" + version + "\"";
        long versionsBefore = database.queryLong("SELECT count(*) FROM parcel_version WHERE parcel_id = " + id);

        HttpResponse<String> retire =
                staff.send("POST", "/api/v1/parcels/" + id + "/retire", "{\"reason\":\"x\"}", "If-Match", etag);
        HttpResponse<String> split = staff.send(
                "POST",
                "/api/v1/parcels/" + id + "/split",
                "{\"reason\":\"x\",\"line\":{\"type\":\"LineString\",\"coordinates\":" + lineThroughCentre(id) + "}}",
                "If-Match",
                etag);

        for (HttpResponse<String> refused : List.of(retire, split)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(json(refused).get("type").asString()).isEqualTo("urn:tierra:problem:parcel-leased");
            assertThat(json(refused).at("/leases/0/code").asString()).isEqualTo("ARR-JAC-004");
            assertThat(json(refused).get("detail").asString()).contains("terminate or assign the lease");
        }
        assertThat(database.queryLong("SELECT count(*) FROM parcel_version WHERE parcel_id = " + id))
                .isEqualTo(versionsBefore);

        // Once the lease has ended (today), the land is free to be retired.
        database.execute("UPDATE ground_lease SET status = 'terminated', closed_on = current_date,"
                + " close_reason = 'mutual agreement', version = version + 1 WHERE code = 'ARR-JAC-004'");
        HttpResponse<String> retired =
                staff.send("POST", "/api/v1/parcels/" + id + "/retire", "{\"reason\":\"x\"}", "If-Match", etag);
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
    }

    /** A north-south line through the parcel's centre, well past its edges, as GeoJSON coordinates. */
    private static String lineThroughCentre(long parcelId) {
        return database.queryColumn(
                        "SELECT format('[[%s,%s],[%s,%s]]', ST_X(c), ST_Y(c) - 0.01, ST_X(c), ST_Y(c) + 0.01)"
                                + " FROM (SELECT ST_PointOnSurface(geom) AS c FROM parcel WHERE id = " + parcelId
                                + ") p")
                .get(0);
    }

    @Test
    void theDatabaseRefusesToDeleteParcelsOrRewriteVersions() {
        long id =
                create("T-IMMUTABLE", square(-96.714, 17.000, 0.0005)).get("id").asLong();

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> database.execute("DELETE FROM parcel WHERE id = " + id))
                .hasStackTraceContaining("never deleted");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> database.execute("UPDATE parcel_version SET reason = 'otra' WHERE parcel_id = " + id))
                .hasStackTraceContaining("immutable");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    try (var connection = database.connect();
                            var statement = connection.createStatement()) {
                        statement.execute(
                                "UPDATE parcel SET name = 'sin motivo', version = version + 1 WHERE id = " + id);
                    }
                })
                .hasMessageContaining("needs who and why");
    }
}
