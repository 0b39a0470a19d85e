package org.tierra.parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.util.List;
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
 * bbox semantics on two known squares: WEST spans lon -96.700..-96.690, EAST -96.680..-96.670, both
 * lat 17.000..17.010, with a 0.01° gap between them. A box that only touches a parcel's edge or
 * corner finds it (edges belong to both).
 */
class ParcelBboxTest {

    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void startWithTwoSquares() {
        TestDatabase database = TestPostgres.freshDatabase();
        database.execute("""
                INSERT INTO trust (code, name, kind) VALUES ('test-bbox', 'Fideicomiso de prueba', 'community_land_trust');
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT t.id, 'WEST', 'clt_leasehold', 'residential',
                       ST_Multi(ST_MakeEnvelope(-96.700, 17.000, -96.690, 17.010, 4326))
                FROM trust t;
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT t.id, 'EAST', 'clt_leasehold', 'agricultural',
                       ST_Multi(ST_MakeEnvelope(-96.680, 17.000, -96.670, 17.010, 4326))
                FROM trust t;
                """);
        app = TierraApp.start(database.config(false));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            touches WEST's east edge                | -96.690,17.002,-96.685,17.004    | WEST
            touches WEST's north-east corner only   | -96.690,17.010,-96.689,17.011    | WEST
            lies inside WEST without its vertices   | -96.699,17.001,-96.691,17.009    | WEST
            is a single point inside WEST           | -96.695,17.005,-96.695,17.005    | WEST
            is a line along EAST's west edge        | -96.680,17.001,-96.680,17.009    | EAST
            covers both                             | -96.71,16.99,-96.66,17.02        | WEST EAST
            spans the gap and touches both          | -96.690,17.005,-96.680,17.006    | WEST EAST
            sits in the gap between them            | -96.6899,17.0,-96.6801,17.01     | ''
            is far from every parcel                | 10,10,11,11                      | ''
            """)
    void bboxFindsTheParcelsThatIntersectIt(String description, String bbox, String expectedCodes) {
        JsonNode body = json(http.get("/api/v1/parcels?bbox=" + bbox));

        List<String> expected = expectedCodes.isBlank() ? List.of() : List.of(expectedCodes.split(" "));
        assertThat(body.findValuesAsString("code")).as(description).containsExactlyElementsOf(expected);
        assertThat(body.get("numberReturned").asInt()).isEqualTo(expected.size());
    }

    @Test
    void anEmptyResultIsAnEmptyFeatureCollection() {
        var response = http.get("/api/v1/parcels?bbox=10,10,11,11");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(body.get("features")).isEmpty();
        assertThat(body.get("links").findValuesAsString("rel")).containsExactly("self");
    }

    @Test
    void bboxAndTrustCombine() {
        JsonNode body = json(http.get("/api/v1/parcels?trust=test-bbox&bbox=-96.71,16.99,-96.685,17.02"));

        assertThat(body.findValuesAsString("code")).containsExactly("WEST");
    }
}
