package org.tierra.parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Other CRSs, split and merge, history and as-of reads, through the API, on real PostGIS. */
class ParcelLifecycleTest {

    /** 1 cm at 17°N, in degrees of latitude (longitude degrees are shorter: this is the stricter). */
    private static final double ONE_CENTIMETRE = 0.01 / 110_600;

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

    private static JsonNode create(String trust, String code, String geometry, String... headers) {
        String feature = "{\"type\":\"Feature\",\"reason\":\"levantamiento\",\"properties\":{\"code\":\"" + code
                + "\",\"trust\":\"" + trust + "\",\"tenureCategory\":\"parcela_ejidal\",\"landUse\":\"agricultural\"},"
                + "\"geometry\":" + geometry + "}";
        HttpResponse<String> response = staff.send("POST", "/api/v1/parcels", feature, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static HttpResponse<String> sendWithETag(String method, String path, String body, String etag) {
        return staff.send(method, path, body, "If-Match", etag);
    }

    @Test
    void aParcelInMexicanLambertOrUtmLandsWhereProjPutsIt() {
        // Corners in EPSG:6372 (x = easting, y = northing) and EPSG:32614, and the longitudes and
        // latitudes PROJ 9.1.1 gives for them (cs2cs -f %.10f EPSG:6372 EPSG:4326, and EPSG:32614).
        JsonNode lambert = create(
                "ftc-jacarandas",
                "T-LCC",
                "{\"type\":\"Polygon\",\"coordinates\":[[[3062440,573010],[3062540,573010],[3062540,573110],"
                        + "[3062440,573110],[3062440,573010]]]}",
                "Content-Crs",
                "<http://www.opengis.net/def/crs/EPSG/0/6372>");
        JsonNode utm = create(
                "ejido-loma-sabinos",
                "T-UTM",
                "{\"type\":\"Polygon\",\"coordinates\":[[[742680,1886500],[742780,1886500],[742780,1886600],"
                        + "[742680,1886600],[742680,1886500]]]}",
                "Content-Crs",
                "<http://www.opengis.net/def/crs/EPSG/0/32614>");

        assertCorners(lambert, new double[][] {
            {-96.7200013951, 17.0500075334}, {-96.7190634768, 17.0499743001},
            {-96.7190289253, 17.0508765206}, {-96.7199668498, 17.0509097541}
        });
        assertCorners(utm, new double[][] {
            {-96.7199958954, 17.0499765507}, {-96.7190569266, 17.0499660042},
            {-96.7190459602, 17.0508692344}, {-96.7199849335, 17.0508797814}
        });
        assertThat(database.queryColumn(
                        "SELECT source_srid FROM parcel WHERE code IN ('T-LCC', 'T-UTM') ORDER BY code"))
                .containsExactly("6372", "32614");
        assertThat(lambert.at("/properties/areaSquareMetres").asDouble()).isCloseTo(10_000, within(60.0));
    }

    private static void assertCorners(JsonNode feature, double[][] expected) {
        JsonNode ring = feature.at("/geometry/coordinates/0/0");
        for (int i = 0; i < expected.length; i++) {
            assertThat(ring.get(i).get(0).asDouble()).as("lon %d", i).isCloseTo(expected[i][0], within(ONE_CENTIMETRE));
            assertThat(ring.get(i).get(1).asDouble()).as("lat %d", i).isCloseTo(expected[i][1], within(ONE_CENTIMETRE));
        }
    }

    @Test
    void aSplitByALineRetiresTheParentCreatesTheChildrenAndConservesArea() {
        JsonNode parent = create("ftc-jacarandas", "T-SPLIT", ParcelWriteRoutesTest.square(-96.770, 17.000, 0.001));
        long id = parent.get("id").asLong();

        HttpResponse<String> split = sendWithETag(
                "POST",
                "/api/v1/parcels/" + id + "/split",
                "{\"reason\":\"herencia\",\"line\":{\"type\":\"LineString\",\"coordinates\":[[-96.7697,16.9995],[-96.7697,17.0015]]}}",
                "\"" + id + "-1\"");

        assertThat(split.statusCode()).as(split.body()).isEqualTo(201);
        JsonNode result = json(split);
        assertThat(result.at("/parent/properties/status").asString()).isEqualTo("retired");
        assertThat(result.get("children").findValuesAsString("code")).containsExactly("T-SPLIT-A", "T-SPLIT-B");
        assertThat(result.get("areaDifferenceSquareMetres").asDouble()).isCloseTo(0, within(0.5));
        double childrenArea = result.get("children").findValues("areaSquareMetres").stream()
                .mapToDouble(JsonNode::asDouble)
                .sum();
        assertThat(childrenArea).isCloseTo(result.get("areaParentSquareMetres").asDouble(), within(0.5));
        assertThat(database.queryLong("SELECT count(*) FROM parcel_lineage WHERE parent_id = " + id))
                .isEqualTo(2);

        JsonNode lineage =
                json(http.get("/api/v1/parcels/" + result.at("/children/0/id").asLong() + "/lineage"));
        assertThat(lineage.get("ancestors").findValuesAsString("code")).containsExactly("T-SPLIT");
        assertThat(lineage.at("/ancestors/0/operation").asString()).isEqualTo("split");

        HttpResponse<String> editRetired = sendWithETag(
                "PATCH",
                "/api/v1/parcels/" + id,
                "{\"reason\":\"x\",\"properties\":{\"name\":\"y\"}}",
                "\"" + id + "-2\"");
        assertThat(editRetired.statusCode()).isEqualTo(409);
        assertThat(json(editRetired).get("detail").asString()).contains("T-SPLIT-A", "T-SPLIT-B");
    }

    @Test
    void aSplitByChildrenMustCoverTheParentAndAFailingChildLeavesEverythingAsItWas() {
        JsonNode parent = create("ftc-jacarandas", "T-KIDS", ParcelWriteRoutesTest.square(-96.772, 17.000, 0.001));
        long id = parent.get("id").asLong();
        String etag = "\"" + id + "-1\"";
        String west = ParcelWriteRoutesTest.square(-96.772, 17.000, 0.0005);
        String halfOfEast =
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.7715,17.000],[-96.771,17.000],[-96.771,17.0005],[-96.7715,17.0005],[-96.7715,17.000]]]}";

        HttpResponse<String> uncovered = sendWithETag(
                "POST",
                "/api/v1/parcels/" + id + "/split",
                "{\"reason\":\"x\",\"children\":[{\"type\":\"Feature\",\"geometry\":" + west + "},"
                        + "{\"type\":\"Feature\",\"geometry\":" + halfOfEast + "}]}",
                etag);
        database.execute(
                "INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom) SELECT id, 'T-KIDS-TAKEN',"
                        + " 'clt_leasehold', 'residential', ST_Multi(ST_MakeEnvelope(-96.60, 17.20, -96.599, 17.201, 4326))"
                        + " FROM trust WHERE code = 'ftc-jacarandas'");
        String east =
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.7715,17.000],[-96.771,17.000],[-96.771,17.001],[-96.7715,17.001],[-96.7715,17.000]]]}";
        String westFull =
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.772,17.000],[-96.7715,17.000],[-96.7715,17.001],[-96.772,17.001],[-96.772,17.000]]]}";
        HttpResponse<String> codeTaken = sendWithETag(
                "POST",
                "/api/v1/parcels/" + id + "/split",
                "{\"reason\":\"x\",\"children\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"T-KIDS-W\"},\"geometry\":"
                        + westFull + "},{\"type\":\"Feature\",\"properties\":{\"code\":\"T-KIDS-TAKEN\"},\"geometry\":"
                        + east + "}]}",
                etag);

        assertThat(uncovered.statusCode()).as(uncovered.body()).isEqualTo(422);
        assertThat(json(uncovered).get("type").asString()).isEqualTo("urn:tierra:problem:children-do-not-cover-parent");
        assertThat(json(uncovered).get("uncoveredSquareMetres").asDouble()).isGreaterThan(2_000);
        assertThat(codeTaken.statusCode()).as(codeTaken.body()).isEqualTo(409);
        assertThat(database.queryColumn("SELECT status || ' v' || version FROM parcel WHERE id = " + id))
                .as("the parent is untouched")
                .containsExactly("active v1");
        assertThat(database.queryLong("SELECT count(*) FROM parcel WHERE code = 'T-KIDS-W'"))
                .isZero();
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE details ->> 'splitFrom' = 'T-KIDS'"))
                .isZero();

        HttpResponse<String> good = sendWithETag(
                "POST",
                "/api/v1/parcels/" + id + "/split",
                "{\"reason\":\"x\",\"children\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"T-KIDS-W\",\"landUse\":\"forest\"},"
                        + "\"geometry\":" + westFull + "},{\"type\":\"Feature\",\"geometry\":" + east + "}]}",
                etag);
        assertThat(good.statusCode()).as(good.body()).isEqualTo(201);
        assertThat(json(good).get("children").findValuesAsString("landUse")).containsExactly("forest", "agricultural");
    }

    @Test
    void aMergeJoinsNeighboursOnlyAndConservesArea() {
        long west = create("ejido-loma-sabinos", "T-M-W", ParcelWriteRoutesTest.square(-96.700, 17.150, 0.001))
                .get("id")
                .asLong();
        long east = create("ejido-loma-sabinos", "T-M-E", ParcelWriteRoutesTest.square(-96.699, 17.150, 0.001))
                .get("id")
                .asLong();
        long apart = create("ejido-loma-sabinos", "T-M-X", ParcelWriteRoutesTest.square(-96.690, 17.150, 0.001))
                .get("id")
                .asLong();
        String body = "{\"reason\":\"fusión acordada\",\"parcels\":[%d,%d],\"properties\":{\"code\":\"T-M-WE\"}}";

        HttpResponse<String> notAdjacent = sendWithETag(
                "POST",
                "/api/v1/parcels/merge",
                body.formatted(west, apart),
                "\"" + west + "-1\", \"" + apart + "-1\"");
        HttpResponse<String> missingETag =
                sendWithETag("POST", "/api/v1/parcels/merge", body.formatted(west, east), "\"" + west + "-1\"");
        HttpResponse<String> merged = sendWithETag(
                "POST", "/api/v1/parcels/merge", body.formatted(west, east), "\"" + west + "-1\", \"" + east + "-1\"");

        assertThat(notAdjacent.statusCode()).isEqualTo(422);
        assertThat(json(notAdjacent).get("type").asString()).isEqualTo("urn:tierra:problem:not-adjacent");
        assertThat(missingETag.statusCode()).isEqualTo(428);
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(201);
        JsonNode result = json(merged);
        assertThat(result.at("/parcel/properties/code").asString()).isEqualTo("T-M-WE");
        assertThat(result.at("/parcel/geometry/coordinates"))
                .as("one polygon: the shared edge dissolved")
                .hasSize(1);
        assertThat(result.get("parents").findValuesAsString("status")).containsOnly("retired");
        assertThat(result.get("areaDifferenceSquareMetres").asDouble()).isCloseTo(0, within(0.5));
        JsonNode lineage =
                json(http.get("/api/v1/parcels/" + result.at("/parcel/id").asLong() + "/lineage"));
        assertThat(lineage.get("ancestors").findValuesAsString("code")).containsExactlyInAnyOrder("T-M-W", "T-M-E");
    }

    @Test
    void historyAsOfAndDiffShowTheRegistryAsItWas() throws Exception {
        long id = create("ftc-jacarandas", "T-HIST", ParcelWriteRoutesTest.square(-96.774, 17.000, 0.001))
                .get("id")
                .asLong();
        Instant afterCreate = Instant.now();
        Thread.sleep(20);
        HttpResponse<String> moved = sendWithETag(
                "PATCH",
                "/api/v1/parcels/" + id,
                "{\"reason\":\"nuevo levantamiento\",\"properties\":{\"name\":\"Lote medido\"},\"geometry\":"
                        + ParcelWriteRoutesTest.square(-96.774, 17.000, 0.0012) + "}",
                "\"" + id + "-1\"");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        Instant afterUpdate = Instant.now();
        Thread.sleep(20);
        assertThat(sendWithETag(
                                "POST",
                                "/api/v1/parcels/" + id + "/retire",
                                "{\"reason\":\"baja\"}",
                                "\"" + id + "-2\"")
                        .statusCode())
                .isEqualTo(200);

        JsonNode asCreated = json(http.get("/api/v1/parcels/" + id + "?asOf=" + afterCreate));
        JsonNode asUpdated = json(http.get("/api/v1/parcels/" + id + "?asOf=" + afterUpdate));
        HttpResponse<String> beforeExisting = http.get("/api/v1/parcels/" + id + "?asOf=2020-01-01T00:00:00Z");
        List<Long> listedThen = json(http.get("/api/v1/parcels?trust=ftc-jacarandas&limit=10000&asOf=" + afterUpdate))
                .findValues("id")
                .stream()
                .map(JsonNode::asLong)
                .toList();
        List<Long> listedNow =
                json(http.get("/api/v1/parcels?trust=ftc-jacarandas&limit=10000")).findValues("id").stream()
                        .map(JsonNode::asLong)
                        .toList();

        assertThat(asCreated.at("/properties/version").asInt()).isEqualTo(1);
        assertThat(asCreated.at("/properties/name").isNull()).isTrue();
        assertThat(asUpdated.at("/properties/name").asString()).isEqualTo("Lote medido");
        assertThat(beforeExisting.statusCode()).isEqualTo(404);
        assertThat(listedThen).as("visible as of before its retirement").contains(id);
        assertThat(listedNow).doesNotContain(id);

        JsonNode versions = json(http.get("/api/v1/parcels/" + id + "/versions"));
        assertThat(versions.get("versions").findValuesAsString("operation"))
                .containsExactly("create", "update", "retire");
        assertThat(versions.get("versions").findValues("reason"))
                .as("reasons are for insiders")
                .isEmpty();
        JsonNode insiderVersions = json(staff.get("/api/v1/parcels/" + id + "/versions"));
        assertThat(insiderVersions.get("versions").findValuesAsString("reason"))
                .containsExactly("levantamiento", "nuevo levantamiento", "baja");
        assertThat(json(http.get("/api/v1/parcels/" + id + "/versions/1"))
                        .at("/properties/version")
                        .asInt())
                .isEqualTo(1);
        assertThat(http.get("/api/v1/parcels/" + id + "/versions/9").statusCode())
                .isEqualTo(404);

        JsonNode diff = json(http.get("/api/v1/parcels/" + id + "/diff?from=1&to=2"));
        assertThat(diff.at("/attributes/name/to").asString()).isEqualTo("Lote medido");
        assertThat(diff.at("/geometry/changed").asBoolean()).isTrue();
        assertThat(diff.at("/geometry/gainedSquareMetres").asDouble()).isBetween(4_000.0, 6_000.0);
        assertThat(diff.at("/geometry/lostSquareMetres").asDouble()).isCloseTo(0, within(0.01));
        assertThat(http.get("/api/v1/parcels/" + id + "/diff?from=1&to=7").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/api/v1/parcels/" + id + "?asOf=yesterday").statusCode())
                .isEqualTo(400);
    }

    @Test
    void singleReadsCarryAnETagAndAnswer304WhenUnchanged() {
        long id = create("ftc-jacarandas", "T-ETAG", ParcelWriteRoutesTest.square(-96.776, 17.000, 0.0005))
                .get("id")
                .asLong();

        HttpResponse<String> first = http.get("/api/v1/parcels/" + id);
        HttpResponse<String> again = http.get(
                "/api/v1/parcels/" + id,
                "If-None-Match",
                first.headers().firstValue("ETag").orElseThrow());

        assertThat(first.headers().firstValue("ETag")).hasValue("\"" + id + "-1\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(json(first).at("/properties/notes").isMissingNode())
                .as("no notes for the public")
                .isTrue();
        assertThat(json(staff.get("/api/v1/parcels/" + id)).at("/properties").has("notes"))
                .isTrue();
    }
}
