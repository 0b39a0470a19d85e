package org.tierra.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.config.TierraConfig;
import org.tierra.testing.PgCtl;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** /health on a Tierra with its own embedded cluster, which the test stops and restarts underneath it. */
class HealthRoutesTest {

    private static Path dataDir;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void startEmbedded() {
        dataDir = TestPostgres.emptyDirectory("health");
        app = TierraApp.start(TierraConfig.from(
                Map.of("TIERRA_DATA_DIR", dataDir.toString(), "TIERRA_PORT", "0", "TIERRA_DEMO", "false"), List.of()));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthReportsTheDatabaseAndSchemaVersionThenFollowsTheDatabaseDownAndUp() {
        HttpResponse<String> up = http.get("/health");
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode upBody = json(up);
        assertThat(upBody.get("status").asString()).isEqualTo("up");
        assertThat(upBody.get("database").asString()).isEqualTo("up");
        assertThat(upBody.get("schemaVersion").asString()).matches("[1-9][0-9]*");
        assertThat(upBody.get("postgis").asString()).startsWith("3.");
        assertThat(up.headers().firstValue("Cache-Control")).hasValue("no-store");

        PgCtl.stop(dataDir);
        HttpResponse<String> down = http.get("/health");
        HttpResponse<String> listWhileDown = http.get("/api/v1/parcels");

        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode downBody = json(down);
        assertThat(downBody.get("status").asString()).isEqualTo("down");
        assertThat(downBody.get("database").asString()).isEqualTo("down");
        assertThat(downBody.has("schemaVersion")).as("same shape when down").isTrue();
        assertThat(downBody.get("version").asString())
                .isEqualTo(upBody.get("version").asString());
        assertThat(listWhileDown.statusCode()).isEqualTo(503);
        assertThat(json(listWhileDown).get("type").asString()).isEqualTo("urn:tierra:problem:database-unavailable");
        assertThat(listWhileDown.headers().firstValue("Retry-After")).isPresent();

        PgCtl.start(dataDir);
        // The pool reconnects on its own, within a few seconds, as a load balancer's polling would see.
        HttpResponse<String> upAgain = http.get("/health");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (upAgain.statusCode() != 200 && System.nanoTime() < deadline) {
            upAgain = http.get("/health");
        }

        assertThat(upAgain.statusCode()).isEqualTo(200);
        assertThat(json(upAgain).get("database").asString()).isEqualTo("up");
        assertThat(http.get("/api/v1/parcels").statusCode()).isEqualTo(200);
    }
}
