package org.tierra.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/** The built map (maps/ → the jar's public/) is served with the right types, caching and compression. */
class MapFilesTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"\\./(assets/[^\"]+)\"");
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        app = TierraApp.start(TestPostgres.freshDatabase().config(false));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theMapPageIsServedAtTheRootAndRevalidatedOnEveryVisit() {
        HttpResponse<String> page = http.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<title>Tierra</title>", "id=\"map\"");
        assertThat(page.body()).doesNotContain("http://", "https://").as("no CDN");
    }

    @Test
    void hashedAssetsHaveTheirContentTypesAndAreCachedForAYear() {
        List<String> assets = assetsOf(http.get("/").body());
        assertThat(assets).anyMatch(path -> path.endsWith(".js")).anyMatch(path -> path.endsWith(".css"));

        for (String asset : assets) {
            HttpResponse<String> response = http.get("/" + asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            String expectedType = asset.endsWith(".js") ? "text/javascript" : "text/css";
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(asset)
                    .hasValue(expectedType + ";charset=utf-8");
            assertThat(response.headers().firstValue("Cache-Control"))
                    .as(asset)
                    .hasValue("public, max-age=31536000, immutable");
        }
    }

    @Test
    void theLargeMapLibraryIsCompressedForSlowConnections() {
        String library = assetsOf(http.get("/").body()).stream()
                .filter(path -> path.contains("maplibre") && path.endsWith(".js"))
                .findFirst()
                .orElseThrow();

        HttpResponse<byte[]> plain = http.getBytes("/" + library);
        HttpResponse<byte[]> compressed = http.getBytes("/" + library, "Accept-Encoding", "gzip");

        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(compressed.body().length).isLessThan(plain.body().length / 2);
        assertThat(TestHttp.gunzip(compressed.body()))
                .isEqualTo(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsA404Problem() {
        HttpResponse<String> response = http.get("/assets/no-such-file.js");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static List<String> assetsOf(String page) {
        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(page);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        return assets;
    }
}
