package org.tierra.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/**
 * In Mexico nearly every name has an accent: every route that returns one sends it as UTF-8 bytes,
 * and a Content-Type that names a charset names UTF-8. Compared byte for byte, since a client that
 * guesses (geopandas, QGIS) shows mojibake for anything else.
 */
class EncodingTest {

    private static final String NAME = "Ejido Ñuu Sávi – Área común";
    private static final byte[] NAME_UTF8 = NAME.getBytes(StandardCharsets.UTF_8);

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static long parcel;
    private static long party;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        parcel = database.queryLong("SELECT min(id) FROM parcel WHERE code LIKE 'JAC-%'");
        database.execute("UPDATE parcel SET name = '" + NAME + "', version = version + 1 WHERE id = " + parcel);
        database.execute("UPDATE trust SET name = '" + NAME + "' WHERE code = 'ftc-jacarandas'");
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        HttpResponse<String> created = staff.send(
                "POST",
                "/api/v1/parties",
                TestHttp.JSON.writeValueAsString(
                        Map.of("trust", "ftc-jacarandas", "kind", "organization", "name", NAME, "reason", "prueba")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        party = json(created).get("id").asLong();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/parcels/{parcel}",
                "/api/v1/parcels?trust=ftc-jacarandas",
                "/api/v1/parcels/{parcel}/versions/2",
                "/api/v1/trusts",
                "/ogc/collections/parcels/items/{parcel}",
                "/ogc/collections/parcels/items/{parcel}?f=html",
                "/ogc/collections/parcels/items?trust=ftc-jacarandas&limit=1000",
                "/ogc/collections/parcels/items?trust=ftc-jacarandas&limit=1000&f=html",
                "/ogc/collections/trusts/items?code=ftc-jacarandas",
                "/ogc/collections/trusts/items/{trust}",
                "/api/v1/exports/parcels.geojson?trust=ftc-jacarandas",
            })
    void everyPublicRouteSendsTheNameAsUtf8(String route) {
        HttpResponse<byte[]> response = http.getBytes(fill(route));

        assertThat(response.statusCode()).as(route).isEqualTo(200);
        assertUtf8(route, response);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/parties/{party}",
                "/api/v1/parties?trust=ftc-jacarandas&q=S%C3%A1vi",
                "/api/v1/parcels/{parcel}/versions/2",
                "/api/v1/parcels/{parcel}",
            })
    void everyStaffRouteSendsTheNameAsUtf8(String route) {
        HttpResponse<byte[]> response = staff.getBytes(fill(route));

        assertThat(response.statusCode()).as(route).isEqualTo(200);
        assertUtf8(route, response);
    }

    @Test
    void aVectorTileCarriesTheNameAsUtf8() {
        double lon = Double.parseDouble(
                database.queryColumn("SELECT ST_X(ST_PointOnSurface(geom)) FROM parcel WHERE id = " + parcel)
                        .get(0));
        double lat = Double.parseDouble(
                database.queryColumn("SELECT ST_Y(ST_PointOnSurface(geom)) FROM parcel WHERE id = " + parcel)
                        .get(0));
        int zoom = 16;
        int x = (int) Math.floor((lon + 180) / 360 * (1 << zoom));
        double latRadians = Math.toRadians(lat);
        int y = (int)
                Math.floor((1 - Math.log(Math.tan(latRadians) + 1 / Math.cos(latRadians)) / Math.PI) / 2 * (1 << zoom));

        HttpResponse<byte[]> tile = http.getBytes("/tiles/parcels/" + zoom + "/" + x + "/" + y + ".mvt");

        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(indexOf(tile.body(), NAME_UTF8)).as("MVT strings are UTF-8").isNotNegative();
    }

    @Test
    void theQueryablesAndTheApiDefinitionKeepTheirSymbols() {
        for (String route :
                List.of("/ogc/collections/parcels/queryables", "/ogc/collections/parcels/queryables?f=html")) {
            HttpResponse<byte[]> response = http.getBytes(route);
            assertThat(indexOf(response.body(), "m²".getBytes(StandardCharsets.UTF_8)))
                    .as(route)
                    .isNotNegative();
            assertCharsetIsUtf8(route, response);
        }
        HttpResponse<byte[]> api = http.getBytes("/ogc/api");
        assertThat(indexOf(api.body(), "Tierra – OGC API".getBytes(StandardCharsets.UTF_8)))
                .isNotNegative();
        assertCharsetIsUtf8("/ogc/api", api);
    }

    @Test
    void aProblemQuotingTheClientsWordsQuotesThemInUtf8() {
        HttpResponse<byte[]> response = http.getBytes("/api/v1/parcels?trust=" + encode("Ñuu-Sávi"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(indexOf(response.body(), "Ñuu-Sávi".getBytes(StandardCharsets.UTF_8)))
                .isNotNegative();
        assertCharsetIsUtf8("problem", response);
    }

    @Test
    void aBodyInUtf8ComesBackAsTheSameBytes() {
        String name = "Cooperativa Ñäñú – “Tlayudas” 🌽";
        HttpResponse<String> created = staff.send(
                "POST",
                "/api/v1/parties",
                TestHttp.JSON.writeValueAsString(
                        Map.of("trust", "ftc-jacarandas", "kind", "cooperative", "name", name, "reason", "prueba")),
                "Content-Type",
                "application/json; charset=UTF-8");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<byte[]> read =
                staff.getBytes("/api/v1/parties/" + json(created).get("id").asLong());
        assertThat(indexOf(read.body(), name.getBytes(StandardCharsets.UTF_8))).isNotNegative();
        assertThat(database.queryColumn("SELECT name FROM party WHERE name LIKE 'Cooperativa Ñ%'"))
                .containsExactly(name);
    }

    @Test
    void aBodyDeclaredInAnotherCharsetIs415NamingItAndWritesNothing() {
        long parties = database.queryLong("SELECT count(*) FROM party");
        for (String contentType : List.of(
                "application/json; charset=ISO-8859-1",
                "application/json; charset=ebcdic-fuzz",
                "application/json; charset=\"",
                "application/json; charset",
                "text/html; charset=utf-7")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/api/v1/parties"))
                    .header("Content-Type", contentType)
                    .header("Cookie", staff.cookie())
                    .header("X-CSRF-Token", staff.csrfToken())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"trust\":\"ftc-jacarandas\",\"kind\":\"organization\",\"name\":\"x\",\"reason\":\"r\"}"))
                    .build());

            assertThat(response.statusCode()).as(contentType).isEqualTo(415);
            assertThat(json(response).get("type").asString()).isEqualTo("urn:tierra:problem:unsupported-charset");
            assertThat(json(response).get("detail").asString()).contains("UTF-8");
        }
        assertThat(database.queryLong("SELECT count(*) FROM party")).isEqualTo(parties);
    }

    private static void assertUtf8(String route, HttpResponse<byte[]> response) {
        assertThat(indexOf(response.body(), NAME_UTF8))
                .as(route + " holds the name's UTF-8 bytes")
                .isNotNegative();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(NAME);
        assertCharsetIsUtf8(route, response);
    }

    /** A charset, where the type names one, is UTF-8; text types always name it. */
    private static void assertCharsetIsUtf8(String route, HttpResponse<byte[]> response) {
        String contentType =
                response.headers().firstValue("Content-Type").orElseThrow().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("text/") || contentType.contains("charset")) {
            assertThat(contentType).as(route).contains("charset=utf-8");
        }
    }

    private static String fill(String route) {
        return route.replace("{parcel}", Long.toString(parcel))
                .replace("{party}", Long.toString(party))
                .replace(
                        "{trust}",
                        Long.toString(database.queryLong("SELECT id FROM trust WHERE code = 'ftc-jacarandas'")));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
