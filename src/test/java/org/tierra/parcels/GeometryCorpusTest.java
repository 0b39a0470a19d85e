package org.tierra.parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * The nasty-geometry corpus through the real API: every boundary gets its expected status and rule
 * id, with a message in the caller's language, and none is ever a 500.
 */
class GeometryCorpusTest {

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

    private static HttpResponse<String> post(String code, String geometry, String... headers) {
        return staff.send("POST", "/api/v1/parcels", ParcelWriteRoutesTest.feature(code, geometry), headers);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bowtie                 | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.01],[-96.79,17.00],[-96.80,17.01],[-96.80,17.00]]]} | 422 | self-intersection
            spike                  | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.79,17.005],[-96.785,17.005],[-96.79,17.005],[-96.79,17.01],[-96.80,17.01],[-96.80,17.00]]]} | 422 | self-intersection
            zero-area ring         | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.78,17.00],[-96.80,17.00]]]} | 422 | self-intersection
            hole outside shell     | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.79,17.01],[-96.80,17.01],[-96.80,17.00]],[[-96.70,17.10],[-96.69,17.10],[-96.69,17.11],[-96.70,17.10]]]} | 422 | hole-outside-shell
            nested shells          | {"type":"MultiPolygon","coordinates":[[[[-96.80,17.00],[-96.79,17.00],[-96.79,17.01],[-96.80,17.01],[-96.80,17.00]]],[[[-96.798,17.002],[-96.797,17.002],[-96.797,17.003],[-96.798,17.002]]]]} | 422 | nested-shells
            duplicate points       | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.79,17.00],[-96.79,17.01],[-96.80,17.00]]]} | 422 | duplicate-consecutive-points
            unclosed ring          | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.79,17.01],[-96.80,17.01]]]} | 422 | ring-not-closed
            3 points               | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-96.79,17.00],[-96.80,17.00]]]} | 422 | too-few-points
            empty                  | {"type":"Polygon","coordinates":[]} | 422 | empty
            NaN                    | {"type":"Polygon","coordinates":[[[NaN,17.00],[-96.79,17.00],[-96.79,17.01],[NaN,17.00]]]} | 422 | non-finite-coordinate
            Infinity               | {"type":"Polygon","coordinates":[[[-96.80,17.00],[-Infinity,17.00],[-96.79,17.01],[-96.80,17.00]]]} | 422 | non-finite-coordinate
            huge coordinates       | {"type":"Polygon","coordinates":[[[-96.80,17.00],[1e300,17.00],[-96.79,17.01],[-96.80,17.00]]]} | 422 | coordinate-out-of-range
            GeometryCollection     | {"type":"GeometryCollection","geometries":[]} | 422 | unsupported-geometry-type
            Point                  | {"type":"Point","coordinates":[-96.8,17.0]} | 422 | unsupported-geometry-type
            lat/lon swapped        | {"type":"Polygon","coordinates":[[[17.00,-96.80],[17.00,-96.79],[17.01,-96.79],[17.00,-96.80]]]} | 422 | coordinate-out-of-range
            metres sent as degrees | {"type":"Polygon","coordinates":[[[3062440,573010],[3062540,573010],[3062540,573110],[3062440,573010]]]} | 422 | coordinate-out-of-range
            far from the trust     | {"type":"Polygon","coordinates":[[[-99.10,19.40],[-99.09,19.40],[-99.09,19.41],[-99.10,19.40]]]} | 422 | far-from-trust
            text for a number      | {"type":"Polygon","coordinates":[[["-96.8","17.0"],[-96.79,17.00],[-96.79,17.01],["-96.8","17.0"]]]} | 422 | malformed-position
            """)
    void eachNastyBoundaryGetsItsRule(String name, String geometry, int status, String rule) {
        HttpResponse<String> response = post("NASTY", geometry);

        assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:invalid-geometry");
        assertThat(problem.get("findings").findValuesAsString("rule")).as(name).contains(rule);
        assertThat(problem.get("findings").findValuesAsString("message"))
                .allSatisfy(message -> assertThat(message).isNotBlank());
        assertThat(database.queryLong("SELECT count(*) FROM parcel WHERE code = 'NASTY'"))
                .isZero();
    }

    @Test
    void aSelfIntersectionIsLocatedInLonLatAndExplainedInSpanish() {
        HttpResponse<String> response = post(
                "NASTY",
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.80,17.00],[-96.79,17.01],[-96.79,17.00],[-96.80,17.01],[-96.80,17.00]]]}",
                "Accept-Language",
                "es-MX,es;q=0.9,en;q=0.5");

        JsonNode finding = json(response).at("/findings/0");
        assertThat(finding.at("/location/0").asDouble()).isCloseTo(-96.795, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(finding.at("/location/1").asDouble()).isCloseTo(17.005, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(finding.get("message").asString()).contains("se cruza");
        assertThat(json(response).get("detail").asString()).contains("no se guardó nada");
    }

    @Test
    void swappedAxesAndWrongCrsGetAHintThatFits() {
        HttpResponse<String> swapped = post(
                "NASTY",
                "{\"type\":\"Polygon\",\"coordinates\":[[[17.00,-96.80],[17.00,-96.79],[17.01,-96.79],[17.00,-96.80]]]}");
        HttpResponse<String> metres = post(
                "NASTY",
                "{\"type\":\"Polygon\",\"coordinates\":[[[3062440,573010],[3062540,573010],[3062540,573110],[3062440,573010]]]}");

        assertThat(json(swapped).at("/findings/0/message").asString()).contains("longitude first");
        assertThat(json(metres).get("hints").toString()).contains("EPSG:6372");
    }

    @Test
    void oneHundredThousandVerticesAreRefusedCleanly() {
        String ring = IntStream.range(0, 100_000)
                .mapToObj(i -> {
                    double angle = 2 * Math.PI * i / 100_000;
                    return "[" + (-96.80 + 0.001 * Math.cos(angle)) + "," + (17.00 + 0.001 * Math.sin(angle)) + "]";
                })
                .collect(Collectors.joining(","));
        String geometry = "{\"type\":\"Polygon\",\"coordinates\":[[" + ring + ",[" + (-96.80 + 0.001) + ",17.0]]]}";

        HttpResponse<String> response = post("NASTY", geometry);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("findings").findValuesAsString("rule")).containsExactly("too-many-vertices");
    }

    @Test
    void heightsAreDroppedWithAWarningInTheAnswer() {
        HttpResponse<String> response = post(
                "T-3D",
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.800,17.000,1550],[-96.7995,17.000,1551],[-96.7995,17.0005,1552],[-96.800,17.000,1550]]]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response).get("warnings").findValuesAsString("rule")).containsExactly("z-dropped");
        assertThat(database.queryLong("SELECT ST_NDims(geom) FROM parcel WHERE code = 'T-3D'"))
                .isEqualTo(2);
    }

    @Test
    void tooSmallAndTooLargeParcelsAreRefused() {
        HttpResponse<String> tiny = post(
                "NASTY",
                "{\"type\":\"Polygon\",\"coordinates\":[[[-96.80,17.00],[-96.800001,17.00],[-96.800001,17.000001],[-96.80,17.00]]]}");
        HttpResponse<String> huge =
                post("NASTY", "{\"type\":\"Polygon\",\"coordinates\":[[[-100,15],[-90,15],[-90,22],[-100,15]]]}");

        assertThat(json(tiny).get("findings").findValuesAsString("rule")).containsExactly("area-too-small");
        assertThat(json(huge).get("findings").findValuesAsString("rule")).containsExactly("area-too-large");
    }

    @Test
    void badContentCrsHeadersAre400() {
        String geometry = ParcelWriteRoutesTest.square(-96.80, 17.0, 0.0005);

        HttpResponse<String> unknownCode =
                post("NASTY", geometry, "Content-Crs", "<http://www.opengis.net/def/crs/EPSG/0/999999>");
        HttpResponse<String> gibberish = post("NASTY", geometry, "Content-Crs", "Lambert please");

        assertThat(unknownCode.statusCode()).isEqualTo(400);
        assertThat(json(unknownCode).get("detail").asString()).contains("EPSG:999999");
        assertThat(gibberish.statusCode()).isEqualTo(400);
        assertThat(json(gibberish).get("parameter").asString()).isEqualTo("Content-Crs");
    }

    @Test
    void badRequestBodiesAreClientErrors() {
        assertThat(staff.send("POST", "/api/v1/parcels", "{\"type\":\"FeatureCollection\",\"features\":[]}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", "/api/v1/parcels", "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send(
                                "POST",
                                "/api/v1/parcels",
                                "{\"type\":\"Feature\",\"reason\":\"x\",\"properties\":"
                                        + "{\"code\":\"X\",\"trust\":\"ftc-jacarandas\",\"tenureCategory\":\"freehold\","
                                        + "\"landUse\":\"residential\"},\"geometry\":"
                                        + ParcelWriteRoutesTest.square(-96.8, 17, 0.0005) + "}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", "/api/v1/parcels", "[1,2,3]").statusCode())
                .isEqualTo(400);
        assertThat(staff.send("PATCH", "/api/v1/parcels/abc", "{}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void theRepairPreviewShowsTheFixAndTheAreaChangeWithoutSavingIt() {
        long before = database.queryLong("SELECT count(*) FROM parcel_version");

        HttpResponse<String> response = staff.send(
                "POST",
                "/api/v1/geometry/repair",
                "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-96.80,17.00],[-96.79,17.01],[-96.79,17.00],[-96.80,17.01],[-96.80,17.00]]]}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode preview = json(response);
        assertThat(preview.get("valid").asBoolean()).isFalse();
        assertThat(preview.get("findings").findValuesAsString("rule")).contains("self-intersection");
        assertThat(preview.at("/repaired/type").asString()).isEqualTo("MultiPolygon");
        assertThat(preview.get("areaAfterSquareMetres").asDouble()).isBetween(500_000.0, 600_000.0);
        assertThat(database.queryLong("SELECT count(*) FROM parcel_version")).isEqualTo(before);
    }
}
