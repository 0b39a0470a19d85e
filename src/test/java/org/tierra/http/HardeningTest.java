package org.tierra.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/** What every response and every request body goes through: limits, headers, cross-origin rules. */
class HardeningTest {

    private static final String TRUSTED = "https://mapa.example.org";
    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(
                database.config(true, Map.of("TIERRA_MAX_BODY_BYTES", "4096", "TIERRA_CORS_ORIGINS", TRUSTED)));
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

    /**
     * What Jetty refuses before any route runs: a URI or headers over its limits, a path it cannot
     * decode, a request line that is not HTTP. Sent on a raw socket, so no client tidies them first.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET /ogc?x={long} HTTP/1.1                     | 414 | uri-too-long
            GET /ogc HTTP/1.1{crlf}X-Big: {long}             | 431 | headers-too-large
            GET /ogc/collections/%00 HTTP/1.1              | 400 | malformed-request
            GET /ogc/collections/%ED%A0%80 HTTP/1.1        | 400 | malformed-request
            GET /ogc/collections/%zz HTTP/1.1              | 400 | malformed-request
            PUT /api/v1/parties/%C0%AF HTTP/1.1            | 400 | malformed-request
            """)
    void refusalsTheHttpServerMakesItselfAreProblemJsonToo(String requestLine, int status, String type)
            throws IOException {
        String request = requestLine.replace("{long}", "a".repeat(20_000)).replace("{crlf}", "\r\n")
                + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

        String response = raw(request);

        assertThat(response).startsWith("HTTP/1.1 " + status);
        String[] headAndBody = response.split("\r\n\r\n", 2);
        assertThat(headAndBody[0].toLowerCase(Locale.ROOT))
                .contains("content-type: application/problem+json;charset=utf-8")
                .contains("x-content-type-options: nosniff")
                .contains("x-request-id: ");
        JsonNode problem = TestHttp.JSON.readTree(headAndBody[1]);
        assertThat(problem.get("type").asString()).isEqualTo("urn:tierra:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    @Test
    void aWriteWithAQueryParameterIsRefusedBeforeItWritesAnything() {
        TestHttp.Session staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        long parcels = database.queryLong("SELECT count(*) FROM parcel");
        String body = """
                {"type":"Feature","reason":"prueba","geometry":{"type":"Polygon","coordinates":\
                [[[-96.80,17.00],[-96.7996,17.00],[-96.7996,17.0004],[-96.80,17.0004],[-96.80,17.00]]]},\
                "properties":{"code":"DRY-1","trust":"ftc-jacarandas","tenureCategory":"clt_leasehold",\
                "landUse":"residential"}}""";

        HttpResponse<String> dryRun = staff.send("POST", "/api/v1/parcels?dryRun=true", body);
        HttpResponse<String> reasonOnAPost = staff.send("POST", "/api/v1/parcels?reason=prueba", body);

        for (HttpResponse<String> response : List.of(dryRun, reasonOnAPost)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).get("type").asString()).isEqualTo("urn:tierra:problem:invalid-parameter");
        }
        assertThat(json(dryRun).get("parameter").asString()).isEqualTo("dryRun");
        assertThat(database.queryLong("SELECT count(*) FROM parcel")).isEqualTo(parcels);
        assertThat(http.request("POST", "/api/v1/parcels?dryRun=true", body).statusCode())
                .as("no credentials: 401 first")
                .isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/parcels?asOf=%2B99999-01-01T00:00:00Z                   | asOf
            /api/v1/parcels/1?asOf=0000-12-31T00:00:00Z                     | asOf
            /ogc/collections/parcels/items?datetime=%2B99999-01-01T00:00:00Z | datetime
            /ogc/collections/parcels/items?datetime=10000-01-01              | datetime
            /api/v1/exports/parcels.geojson?datetime=%2B99999-01-01          | datetime
            /api/v1/exports/parcels.geojson?bbox=-96.8,17,-96.7,95            | bbox
            /api/v1/exports/parcels.gpkg?bbox=-96.8,-95,-96.7,17              | bbox
            """)
    void datesOutsideYears1To9999AndLatitudesOffTheGlobeAre400Everywhere(String path, String parameter) {
        HttpResponse<String> response = http.get(path);

        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(json(response).get("parameter").asString()).isEqualTo(parameter);
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> preflight(String path, String origin, String method) {
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .build());
    }
}
