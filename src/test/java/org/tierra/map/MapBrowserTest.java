package org.tierra.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestPostgres;

/**
 * The web map in a real headless Chromium (software WebGL), against the real service and demo data.
 * Chromium and ChromeDriver come from the system ({@code src/main/sh/tierra test} installs them).
 */
class MapBrowserTest {

    private static TestDatabase database;
    private static TierraApp app;
    private WebDriver browser;

    @BeforeAll
    static void startWithDemoData() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsEveryDemoParcelWithALegendOfTheTenureCategories() {
        browser = chromium("en-US,en");
        browser.get(url("/"));
        awaitMapState("ready");

        long parcels = database.queryLong("SELECT count(*) FROM parcel WHERE status <> 'retired'");
        assertThat(((Number) script("return window.tierra.parcelCount")).longValue())
                .isEqualTo(parcels);
        Set<String> legendCategories = new HashSet<>();
        for (WebElement item : browser.findElements(By.cssSelector("#legend li[data-category]"))) {
            legendCategories.add(item.getAttribute("data-category"));
        }
        assertThat(legendCategories)
                .isEqualTo(new HashSet<>(database.queryColumn("SELECT DISTINCT tenure_category FROM parcel")));
        assertThat(legendText("parcela_ejidal")).isEqualTo("Ejido parcel");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).startsWith("en");
    }

    @Test
    void drawsTheParcelsFromVectorTilesNotFromOneGeoJsonDocument() {
        browser = chromium("en-US,en");
        browser.get(url("/"));
        awaitMapState("ready");

        @SuppressWarnings("unchecked")
        List<String> requested =
                (List<String>) script("return performance.getEntriesByType('resource').map(entry => entry.name)");
        assertThat(requested).anyMatch(name -> name.endsWith("/tiles/parcels.json"));
        assertThat(requested).noneMatch(name -> name.contains("/api/v1/parcels"));
        // Tiles are fetched by MapLibre's worker, out of the page's sight: what proves they came is that
        // the parcels drawn are features of the vector source's 'parcels' layer, and are the registry's.
        assertThat(script("return window.tierra.map.getSource('parcels').type")).isEqualTo("vector");
        @SuppressWarnings("unchecked")
        List<String> drawn = (List<String>) script("return [...new Set(window.tierra.map"
                + ".queryRenderedFeatures({ layers: ['parcels-fill'] })"
                + ".filter(f => f.sourceLayer === 'parcels').map(f => f.properties.code))]");
        assertThat(drawn).isNotEmpty();
        assertThat(database.queryColumn("SELECT code FROM parcel WHERE status <> 'retired'"))
                .containsAll(drawn);
    }

    @Test
    void theMapWorksUnderTheContentSecurityPolicy() {
        browser = chromium("en-US,en");
        // Record every violation from the first byte of the page on.
        ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.cspViolations = [];
                document.addEventListener('securitypolicyviolation',
                    event => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
                """));
        browser.get(url("/"));
        awaitMapState("ready");

        assertThat((List<?>) script("return window.cspViolations")).isEmpty();
        // The policy is really in force: a request to another origin is blocked and recorded.
        script("fetch('https://tiles.example.org/0/0/0.png').catch(() => {});");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !((List<?>) script("return window.cspViolations")).isEmpty());
        assertThat((List<?>) script("return window.cspViolations"))
                .anySatisfy(violation -> assertThat(violation.toString()).startsWith("connect-src"));
    }

    @Test
    void speaksSpanishWhenTheBrowserPrefersIt() {
        browser = chromium("es-MX,es");
        browser.get(url("/"));
        awaitMapState("ready");

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).startsWith("es");
        assertThat(legendText("parcela_ejidal")).isEqualTo("Parcela ejidal");
        assertThat(legendText("tierra_uso_comun")).isEqualTo("Tierra de uso común");
    }

    @Test
    void clickingAParcelShowsItsCodeNameAndAreaInHectares() {
        browser = chromium("en-US,en");
        browser.get(url("/"));
        awaitMapState("ready");
        List<String> parcel = List.of(database.queryColumn("""
                SELECT concat_ws('|', code, name, area_m2, ST_X(p), ST_Y(p))
                FROM (SELECT *, ST_PointOnSurface(geom) AS p FROM parcel WHERE code = 'UC-2') parcel""").get(0).split("\\|", -1));

        clickAt(Double.parseDouble(parcel.get(3)), Double.parseDouble(parcel.get(4)));

        WebElement popup = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector(".parcel-popup")));
        assertThat(popup.findElement(By.cssSelector("[data-field=code]")).getText())
                .contains(parcel.get(0));
        assertThat(popup.findElement(By.cssSelector("[data-field=name]")).getText())
                .isEqualTo(parcel.get(1));
        String hectares = String.format(Locale.US, "%,.2f ha", Double.parseDouble(parcel.get(2)) / 10_000);
        assertThat(popup.findElement(By.cssSelector("[data-field=area]")).getText())
                .isEqualTo(hectares);
    }

    @Test
    void anEmptyRegistrySaysSo() {
        try (TierraApp empty = TierraApp.start(TestPostgres.freshDatabase().config(false))) {
            browser = chromium("es-MX,es");
            browser.get("http://127.0.0.1:" + empty.port() + "/");
            awaitMapState("ready");

            WebElement message = browser.findElement(By.id("message"));
            assertThat(message.getAttribute("data-kind")).isEqualTo("empty");
            assertThat(message.isDisplayed()).isTrue();
            assertThat(((Number) script("return window.tierra.parcelCount")).longValue())
                    .isZero();
        }
    }

    private void clickAt(double lon, double lat) {
        @SuppressWarnings("unchecked")
        Map<String, Object> point = (Map<String, Object>) script(
                "const p = window.tierra.map.project([arguments[0], arguments[1]]);"
                        + "const c = window.tierra.map.getCanvas().getBoundingClientRect();"
                        + "return {x: p.x - c.width / 2, y: p.y - c.height / 2};",
                lon,
                lat);
        WebElement canvas = browser.findElement(By.cssSelector("#map canvas"));
        new Actions(browser)
                .moveToElement(canvas, (int) Math.round(((Number) point.get("x")).doubleValue()), (int)
                        Math.round(((Number) point.get("y")).doubleValue()))
                .click()
                .perform();
    }

    private String legendText(String category) {
        return browser.findElement(By.cssSelector("#legend li[data-category=" + category + "] .legend__label"))
                .getText();
    }

    private void awaitMapState(String state) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
                Object current = script("return document.documentElement.dataset.mapState");
                if ("error".equals(current) && !"error".equals(state)) {
                    throw new AssertionError("the map failed: " + script("return window.tierra.error"));
                }
                return state.equals(current);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "the map did not reach '" + state + "': state "
                            + script("return document.documentElement.dataset.mapState") + ", error "
                            + script("return window.tierra && window.tierra.error") + ", CSP violations "
                            + script("return window.cspViolations || 'not recorded'"),
                    e);
        }
    }

    private Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(javascript, arguments);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    private static WebDriver chromium(String acceptLanguages) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("TIERRA_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-unsafe-swiftshader",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1200,800",
                "--accept-lang=" + acceptLanguages);
        Map<String, Object> preferences = new HashMap<>();
        preferences.put("intl.accept_languages", acceptLanguages);
        options.setExperimentalOption("prefs", preferences);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("TIERRA_CHROMEDRIVER", "/usr/bin/chromedriver"))
                        .toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static String executable(String variable, String fallback) {
        String path = System.getenv().getOrDefault(variable, fallback);
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: run src/main/sh/tierra setup --for-tests"
                    + " (or apt-get install -y chromium chromium-driver), or set " + variable);
        }
        return path;
    }
}
