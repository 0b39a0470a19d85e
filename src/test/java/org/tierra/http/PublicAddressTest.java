package org.tierra.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Behind a reverse proxy (how a trust publishes Tierra), every link, the OpenAPI servers, TileJSON
 * tiles and the cookie's Secure flag follow what the client used; only a trusted proxy is believed.
 */
class PublicAddressTest {

    private static final String[] PROXIED = {
        "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "registro.example.org",
        "X-Forwarded-Prefix", "/tierra/"
    };
    private static final String PUBLIC = "https://registro.example.org/tierra";

    private static TestDatabase database;
    private static TierraApp behindProxy;
    private static TierraApp untrusting;
    private static TierraApp withPublicUrl;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        behindProxy = TierraApp.start(database.config(true, Map.of("TIERRA_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")));
        untrusting = TierraApp.start(database.config(false, Map.of("TIERRA_TRUSTED_PROXIES", "10.0.0.0/8")));
        withPublicUrl =
                TierraApp.start(database.config(false, Map.of("TIERRA_PUBLIC_URL", "https://mapa.example.org/")));
    }

    @AfterAll
    static void stop() {
        behindProxy.close();
        untrusting.close();
        withPublicUrl.close();
    }

    @Test
    void aTrustedProxysHeadersMakeEveryOgcLinkPublic() {
        TestHttp http = new TestHttp(behindProxy.port());

        List<String> hrefs = new ArrayList<>();
        for (String path : List.of("/ogc", "/ogc/collections", "/ogc/collections/parcels/items?limit=2")) {
            json(http.get(path, PROXIED))
                    .get("links")
                    .forEach(link -> hrefs.add(link.get("href").asString()));
        }
        JsonNode collections = json(http.get("/ogc/collections", PROXIED)).get("collections");
        collections.forEach(collection -> collection
                .get("links")
                .forEach(link -> hrefs.add(link.get("href").asString())));

        assertThat(hrefs).isNotEmpty().allSatisfy(href -> assertThat(href).startsWith(PUBLIC + "/ogc"));
        assertThat(hrefs).anyMatch(href -> href.contains("cursor="));
    }

    @Test
    void theOpenApiServersTileJsonAndLocationFollowTheProxy() {
        TestHttp http = new TestHttp(behindProxy.port());

        JsonNode api = json(http.get("/ogc/api", PROXIED));
        JsonNode tileJson = json(http.get("/tiles/parcels.json", PROXIED));
        JsonNode queryables = json(http.get("/ogc/collections/parcels/queryables", PROXIED));

        assertThat(api.at("/servers/0/url").asString()).isEqualTo(PUBLIC + "/ogc");
        assertThat(api.at("/paths/~1tiles~1parcels.json/servers/0/url").asString())
                .isEqualTo(PUBLIC);
        assertThat(tileJson.at("/tiles/0").asString()).isEqualTo(PUBLIC + "/tiles/parcels/{z}/{x}/{y}.mvt");
        assertThat(queryables.get("$id").asString()).startsWith(PUBLIC + "/ogc/collections/parcels");
        assertThat(link(json(http.get("/api/v1/parcels?limit=1", PROXIED)), "next"))
                .startsWith(PUBLIC + "/api/v1/parcels?");
    }

    @Test
    void theStandardForwardedHeaderCountsToo() {
        TestHttp http = new TestHttp(behindProxy.port());

        JsonNode landing = json(http.get(
                "/ogc", "Forwarded", "for=192.0.2.60;proto=https;host=\"tierra.example.net:8443\", for=10.1.2.3"));

        assertThat(link(landing, "self")).isEqualTo("https://tierra.example.net:8443/ogc");
    }

    @Test
    void aSessionCookieIsSecureWhenTheClientCameOverHttps() {
        TestHttp http = new TestHttp(behindProxy.port());
        String login = "{\"username\":\"demo-admin\",\"password\":\"" + TestDatabase.DEMO_PASSWORD + "\"}";

        HttpResponse<String> overHttps = http.request("POST", "/api/v1/auth/login", login, PROXIED);
        HttpResponse<String> overHttp = http.request("POST", "/api/v1/auth/login", login);

        assertThat(overHttps.statusCode()).isEqualTo(200);
        assertThat(overHttps.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).contains("Secure"));
        assertThat(overHttp.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        TestHttp http = new TestHttp(untrusting.port());

        JsonNode landing = json(http.get("/ogc", PROXIED));

        assertThat(link(landing, "self")).isEqualTo(http.uri("/ogc").toString());
    }

    @Test
    void forwardedValuesThatAreNotAHostOrAPathAreIgnored() {
        TestHttp http = new TestHttp(behindProxy.port());

        JsonNode landing = json(http.get(
                "/ogc",
                "X-Forwarded-Host",
                "evil.example/\"><script>",
                "X-Forwarded-Prefix",
                "/a b",
                "X-Forwarded-Proto",
                "javascript"));

        assertThat(link(landing, "self")).isEqualTo(http.uri("/ogc").toString());
    }

    @Test
    void aPublicUrlFixesTheBaseOfEveryLinkWhateverTheRequestSays() {
        TestHttp http = new TestHttp(withPublicUrl.port());

        JsonNode landing = json(http.get("/ogc", PROXIED));
        JsonNode api = json(http.get("/ogc/api"));

        assertThat(link(landing, "self")).isEqualTo("https://mapa.example.org/ogc");
        assertThat(api.at("/servers/0/url").asString()).isEqualTo("https://mapa.example.org/ogc");
    }

    private static String link(JsonNode document, String rel) {
        for (JsonNode link : document.get("links")) {
            if (link.get("rel").asString().equals(rel)) {
                return link.get("href").asString();
            }
        }
        throw new AssertionError("no " + rel + " link in " + document);
    }
}
