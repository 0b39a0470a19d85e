package org.tierra.parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/** The parcels API over real HTTP, on the demo registry. */
class ParcelRoutesTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static int demoParcels;

    @BeforeAll
    static void startTierraWithDemoData() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        demoParcels = (int) database.queryLong("SELECT count(*) FROM parcel");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void listsTheDemoRegistryAsAGeoJsonFeatureCollection() {
        HttpResponse<String> response = http.get("/api/v1/parcels");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        JsonNode body = json(response);
        assertThat(body.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(body.get("features")).hasSize(demoParcels);
        assertThat(body.get("numberReturned").asInt()).isEqualTo(demoParcels);
        assertThat(demoParcels).isBetween(30, 60);
    }

    @Test
    void featuresCarryTheirIdGeometryAndPublicPropertiesComputedByPostgis() {
        JsonNode feature =
                json(http.get("/api/v1/parcels?limit=1")).get("features").get(0);
        long id = feature.get("id").asLong();
        List<String> expected = database.queryColumn("""
                SELECT concat_ws('|', p.code, p.name, t.code, p.tenure_category, p.land_use, p.status,
                                 round(ST_Area(p.geom::geography)::numeric, 2))
                FROM parcel p JOIN trust t ON t.id = p.trust_id
                WHERE p.id = %d""".formatted(id));

        JsonNode properties = feature.get("properties");
        String actual = String.join(
                "|",
                properties.get("code").asString(),
                properties.get("name").asString(),
                properties.get("trust").asString(),
                properties.get("tenureCategory").asString(),
                properties.get("landUse").asString(),
                properties.get("status").asString(),
                properties.get("areaSquareMetres").decimalValue().toPlainString());
        assertThat(actual).isEqualTo(expected.get(0));
        assertThat(feature.get("type").asString()).isEqualTo("Feature");
        assertThat(feature.get("geometry").get("type").asString()).isEqualTo("MultiPolygon");
        assertThat(properties.get("areaHectares").asDouble())
                .isCloseTo(
                        properties.get("areaSquareMetres").asDouble() / 10_000,
                        org.assertj.core.data.Offset.offset(0.0001));
        assertThat(properties.get("perimeterMetres").asDouble()).isPositive();
    }

    @Test
    void coordinatesAreLongitudeThenLatitudeNearOaxaca() {
        JsonNode ring = json(http.get("/api/v1/parcels?limit=1")).at("/features/0/geometry/coordinates/0/0");
        for (JsonNode position : ring) {
            assertThat(position.get(0).asDouble()).isBetween(-97.0, -96.4);
            assertThat(position.get(1).asDouble()).isBetween(16.8, 17.3);
        }
    }

    @Test
    void followingNextLinksReturnsEveryParcelExactlyOnce() {
        Set<Long> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = "/api/v1/parcels?limit=7";
        while (next != null) {
            JsonNode page = json(http.get(next));
            pageSizes.add(page.get("features").size());
            for (JsonNode feature : page.get("features")) {
                assertThat(seen.add(feature.get("id").asLong()))
                        .as("id seen twice")
                        .isTrue();
            }
            next = null;
            for (JsonNode link : page.get("links")) {
                if (link.get("rel").asString().equals("next")) {
                    next = link.get("href").asString().replaceFirst("^http://[^/]+", "");
                }
            }
        }
        assertThat(seen).hasSize(demoParcels);
        assertThat(pageSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(7));
        assertThat(pageSizes).hasSize((demoParcels + 6) / 7);
    }

    @Test
    void aLargePageReadThroughACursorGivesTheSameAnswerAsASmallOne() {
        // Pages above 2000 rows stream from a server-side cursor; smaller ones are read at once.
        JsonNode cursorPage = json(http.get("/api/v1/parcels?limit=10000"));
        JsonNode wholePage = json(http.get("/api/v1/parcels?limit=1000"));

        assertThat(cursorPage.get("features")).isEqualTo(wholePage.get("features"));
        assertThat(cursorPage.get("numberReturned").asInt()).isEqualTo(demoParcels);
    }

    @Test
    void aPageThatHoldsEverythingHasNoNextLink() {
        JsonNode body = json(http.get("/api/v1/parcels?limit=" + demoParcels));
        assertThat(body.get("links").findValuesAsString("rel")).containsExactly("self");
    }

    @Test
    void filtersByTrust() {
        JsonNode body = json(http.get("/api/v1/parcels?trust=ejido-loma-sabinos"));

        long expected = database.queryLong(
                "SELECT count(*) FROM parcel p JOIN trust t ON t.id = p.trust_id WHERE t.code = 'ejido-loma-sabinos'");
        assertThat(body.get("features")).hasSize((int) expected).isNotEmpty();
        assertThat(body.findValuesAsString("trust")).containsOnly("ejido-loma-sabinos");
    }

    @Test
    void bboxReturnsOnlyParcelsThatIntersectIt() {
        // A box around the land trust's neighbourhood only, computed by PostGIS from its parcels.
        String bbox = database.queryColumn("""
                SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
                FROM (SELECT ST_Extent(geom)::geometry AS e FROM parcel p JOIN trust t ON t.id = p.trust_id
                      WHERE t.code = 'ftc-jacarandas') extent""").get(0);

        JsonNode body = json(http.get("/api/v1/parcels?bbox=" + bbox));

        assertThat(body.findValuesAsString("trust")).isNotEmpty().containsOnly("ftc-jacarandas");
    }

    @Test
    void retiredParcelsAreNotListedButStayReadableById() {
        TestDatabase own = TestPostgres.freshDatabase();
        try (TierraApp other = TierraApp.start(own.config(true))) {
            TestHttp otherHttp = new TestHttp(other.port());
            long retired = own.queryLong("SELECT min(id) FROM parcel");
            own.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + retired);

            JsonNode list = json(otherHttp.get("/api/v1/parcels"));
            HttpResponse<String> single = otherHttp.get("/api/v1/parcels/" + retired);

            assertThat(list.findValues("id")).extracting(JsonNode::asLong).doesNotContain(retired);
            assertThat(single.statusCode()).isEqualTo(200);
            assertThat(json(single).at("/properties/status").asString()).isEqualTo("retired");
        }
    }

    @Test
    void getsOneParcelAsAFeature() {
        long id = database.queryLong("SELECT id FROM parcel WHERE code = 'UC-1'");

        HttpResponse<String> response = http.get("/api/v1/parcels/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        JsonNode feature = json(response);
        assertThat(feature.get("id").asLong()).isEqualTo(id);
        assertThat(feature.at("/properties/code").asString()).isEqualTo("UC-1");
        assertThat(feature.at("/properties/tenureCategory").asString()).isEqualTo("tierra_uso_comun");
    }

    @Test
    void anUnknownParcelIs404ProblemJson() {
        HttpResponse<String> response = http.get("/api/v1/parcels/987654321");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").asString()).contains("987654321");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/parcels?bbox=1,2,3                              | 400 | bbox   | 4 comma-separated numbers
            /api/v1/parcels?bbox=1,2,3,4,5,6                        | 400 | bbox   | 4 comma-separated numbers
            /api/v1/parcels?bbox=a,b,c,d                            | 400 | bbox   | minLon must be a decimal number
            /api/v1/parcels?bbox=-96.6,17.0,-96.7,17.1              | 400 | bbox   | west before east
            /api/v1/parcels?bbox=-96.7,17.1,-96.6,17.0              | 400 | bbox   | south before north
            /api/v1/parcels?bbox=-96.7,17.0,-96.6,95                | 400 | bbox   | maxLat must be between -90 and 90
            /api/v1/parcels?bbox=-196.7,17.0,-96.6,17.1             | 400 | bbox   | minLon must be between -180 and 180
            /api/v1/parcels?bbox=NaN,17.0,-96.6,17.1                | 400 | bbox   | minLon must be a decimal number
            /api/v1/parcels?bbox=-Infinity,17.0,-96.6,17.1          | 400 | bbox   | minLon must be a decimal number
            /api/v1/parcels?bbox=1e400,17.0,-96.6,17.1              | 400 | bbox   | minLon must be a decimal number
            /api/v1/parcels?bbox=                                   | 400 | bbox   | 4 comma-separated numbers
            /api/v1/parcels?limit=abc                               | 400 | limit  | whole number from 1 to 10000
            /api/v1/parcels?limit=0                                 | 400 | limit  | from 1 to 10000
            /api/v1/parcels?limit=-5                                | 400 | limit  | from 1 to 10000
            /api/v1/parcels?limit=1000000000                        | 400 | limit  | from 1 to 10000
            /api/v1/parcels?limit=99999999999999999999999           | 400 | limit  | whole number from 1 to 10000
            /api/v1/parcels?limit=1.5                               | 400 | limit  | whole number from 1 to 10000
            /api/v1/parcels?limit=5&limit=6                         | 400 | limit  | once
            /api/v1/parcels?after=x                                 | 400 | after  | positive whole number
            /api/v1/parcels?trust=no-such-trust                     | 400 | trust  | no-such-trust
            /api/v1/parcels?limt=5                                  | 400 | limt   | Unknown query parameter
            /api/v1/parcels/abc                                     | 400 | id     | positive whole number
            /api/v1/parcels/-1                                      | 400 | id     | positive whole number
            /api/v1/parcels/0                                       | 400 | id     | positive whole number
            /api/v1/parcels/1.5                                     | 400 | id     | positive whole number
            /api/v1/parcels/99999999999999999999                    | 400 | id     | positive whole number
            /api/v1/parcels/1?bbox=1,2,3,4                          | 400 | bbox   | Unknown query parameter
            """)
    void badInputIsAProblemThatNamesTheParameter(String request, int status, String parameter, String hint) {
        HttpResponse<String> response = http.get(request);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:invalid-parameter");
        assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
        assertThat(problem.get("detail").asString()).contains(hint);
        assertThat(problem.get("requestId").asString()).isNotBlank();
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsASaneOneFromTheClient() {
        HttpResponse<String> generated = http.get("/api/v1/parcels?limit=1");
        HttpResponse<String> echoed = http.get("/api/v1/parcels?limit=1", "X-Request-Id", "field-team-42");
        HttpResponse<String> replaced = http.get("/api/v1/parcels?limit=1", "X-Request-Id", "<script>");

        assertThat(generated.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).hasSize(16));
        assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("field-team-42");
        assertThat(replaced.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).hasSize(16));
    }

    @Test
    void gzipIsUsedWhenTheClientAsksForIt() {
        HttpResponse<byte[]> response = http.getBytes("/api/v1/parcels", "Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode body = TestHttp.JSON.readTree(TestHttp.gunzip(response.body()));
        assertThat(body.get("features")).hasSize(demoParcels);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        HttpResponse<String> unknownPath = http.get("/api/v1/nothing-here");
        HttpResponse<String> wrongMethod = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/parcels"))
                .DELETE()
                .build());

        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(json(unknownPath).get("type").asString()).isEqualTo("urn:tierra:problem:not-found");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("type").asString()).isEqualTo("urn:tierra:problem:method-not-allowed");
    }

    @Test
    void aServerFailureIs500WithoutInternals() {
        TestDatabase own = TestPostgres.freshDatabase();
        try (TierraApp other = TierraApp.start(own.config(true))) {
            own.execute("ALTER TABLE parcel RENAME COLUMN land_use TO land_use_renamed");

            HttpResponse<String> response = new TestHttp(other.port()).get("/api/v1/parcels");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body())
                    .contains(response.headers().firstValue("X-Request-Id").orElseThrow())
                    .doesNotContain("SQL", "land_use", "Exception", "org.tierra", "at ");
        }
    }
}
