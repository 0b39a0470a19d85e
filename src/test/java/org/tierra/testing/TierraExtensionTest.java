package org.tierra.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test harness itself: one Tierra per class, sessions per demo account, bodies built as JSON. */
@TierraTest(settings = "TIERRA_TILE_CACHE_MB=0")
class TierraExtensionTest {

    private static Tierra started;

    @BeforeAll
    static void start(Tierra tierra) {
        started = tierra;
    }

    @Test
    void everyTestOfTheClassGetsTheSameRunningTierra(Tierra tierra) {
        assertThat(tierra).isSameAs(started);
        assertThat(tierra.http().get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void sessionsAreSignedInOnceAndActAsTheirDemoAccount(Tierra tierra) {
        TestHttp.Session board = tierra.as(Tierra.DemoUser.BOARD);

        assertThat(tierra.as(Tierra.DemoUser.BOARD)).isSameAs(board);
        assertThat(json(board.get("/api/v1/auth/me")).at("/user/username").asString())
                .isEqualTo("demo-board");
    }

    @Test
    void bodiesAreBuiltWithTheirAccentsAndNesting(Tierra tierra) {
        String body = TestJson.body(
                "code", "x", "properties", TestJson.object("name", "Ñuu Sávi – Área"), "ids", TestJson.array(1, 2));

        assertThat(body).isEqualTo("{\"code\":\"x\",\"properties\":{\"name\":\"Ñuu Sávi – Área\"},\"ids\":[1,2]}");
        HttpResponse<String> refused = tierra.as(Tierra.DemoUser.STAFF).send("POST", "/api/v1/parcels", body);
        assertThat(refused.statusCode()).isEqualTo(422);
    }
}
