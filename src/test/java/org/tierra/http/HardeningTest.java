package org.tierra.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/** What every response and every request body goes through: limits, headers, cross-origin rules. */
class HardeningTest {

    private static final String TRUSTED = "https://mapa.example.org";
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        app = TierraApp.start(TestPostgres.freshDatabase()
                .config(true, Map.of("TIERRA_MAX_BODY_BYTES", "4096", "TIERRA_CORS_ORIGINS", TRUSTED)));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrStreamed() {
        String big = "{\"username\":\"" + "x".repeat(5_000) + "\",\"password\":\"y\"}";
        HttpResponse<String> declared = http.request("POST", "/api/v1/auth/login", big);
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(http.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build());

        for (HttpResponse<String> response : java.util.List.of(declared, streamed)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString()).isEqualTo("urn:tierra:problem:request-too-large");
        }
    }

    @Test
    void deeplyNestedJsonIsRefusedAsMalformed() {
        String deep = "{\"username\":" + "[".repeat(100) + "]".repeat(100) + ",\"password\":\"x\"}";

        HttpResponse<String> response = http.request("POST", "/api/v1/auth/login", deep);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).containsIgnoringCase("nesting depth");
    }

    /** PostgreSQL cannot hold U+0000: before this guard, each of these reached it and failed as a 500. */
    @Test
    void aNulCharacterInTheUrlOrTheBodyIs400() {
        HttpResponse<String> inFilter = http.get("/ogc/collections/parcels/items?filter=code%3D%27%00%27");
        HttpResponse<String> inQueryable = http.get("/ogc/collections/parcels/items?name=%00");
        HttpResponse<String> inBody =
                http.request("POST", "/api/v1/auth/login", "{\"username\":\"a\\u0000b\",\"password\":\"x\"}");

        for (HttpResponse<String> response : java.util.List.of(inFilter, inQueryable, inBody)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("detail").asString()).contains("NUL");
        }
        assertThat(json(inBody).get("field").asString()).isEqualTo("username");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo-admin&password=x"))
                .build());

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/", "/api/v1/parcels?limit=1", "/api/v1/nothing", "/health"}) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy"))
                    .as(path)
                    .hasValue("same-origin");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> {
                        assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "script-src 'self'");
                        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
                    });
        }
    }

    @Test
    void publicReadsAreOpenToEveryOriginWithoutCredentials() {
        HttpResponse<String> response = http.get("/api/v1/parcels?limit=1", "Origin", "https://notebook.example.net");

        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
    }

    @Test
    void everythingElseIsClosedToOtherOriginsButTheTrustedOnes() {
        HttpResponse<String> untrusted = http.get("/api/v1/auth/me", "Origin", "https://evil.example");
        HttpResponse<String> trusted = http.get("/api/v1/auth/me", "Origin", TRUSTED);

        assertThat(untrusted.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TRUSTED);
        assertThat(trusted.headers().firstValue("Access-Control-Allow-Credentials"))
                .hasValue("true");
    }

    @Test
    void preflightsAreAnsweredByTheRules() {
        HttpResponse<String> trustedWrite = preflight("/api/v1/tokens", TRUSTED, "POST");
        HttpResponse<String> untrustedWrite = preflight("/api/v1/tokens", "https://evil.example", "POST");
        HttpResponse<String> anyRead = preflight("/api/v1/parcels", "https://evil.example", "GET");

        assertThat(trustedWrite.statusCode()).isEqualTo(204);
        assertThat(trustedWrite.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(TRUSTED);
        assertThat(trustedWrite.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValueSatisfying(methods -> assertThat(methods).contains("POST"));
        assertThat(trustedWrite.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValueSatisfying(headers -> assertThat(headers).contains("X-CSRF-Token"));
        assertThat(untrustedWrite.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(anyRead.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    private static HttpResponse<String> preflight(String path, String origin, String method) {
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .build());
    }
}
