package org.tierra.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/**
 * Researchers' Python reads Tierra right: owslib (the OGC client library) lists, reads by id, pages
 * and filters; geopandas (through GDAL) reads a feature and the GeoPackage download by URL. Debian's
 * python3-owslib and python3-geopandas, installed by the setup script; on CI their absence fails.
 */
class PythonClientTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String NAME = "Parcela Ñuu Sávi – “La Cañada”";

    private static TestDatabase database;
    private static TierraApp app;
    private static JsonNode seen;
    private static long parcel;

    @BeforeAll
    static void runTheClients(@TempDir Path folder) throws IOException, InterruptedException {
        boolean installed = run(List.of(PYTHON, "-c", "import owslib, geopandas; print('ok')"))
                .strip()
                .equals("ok");
        if (System.getenv("CI") == null) {
            assumeTrue(installed, "python3-owslib and python3-geopandas are not installed (tierra setup --for-tests)");
        }
        assertThat(installed).as("owslib and geopandas for " + PYTHON).isTrue();
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        parcel = database.queryLong("SELECT min(id) FROM parcel WHERE code LIKE 'JAC-%'");
        database.execute("UPDATE parcel SET name = '" + NAME + "', version = version + 1 WHERE id = " + parcel);
        Path script = folder.resolve("python_clients.py");
        try (InputStream resource = PythonClientTest.class.getResourceAsStream("/clients/python_clients.py")) {
            Files.copy(resource, script);
        }
        String base = "http://127.0.0.1:" + app.port();
        String output = run(List.of(
                PYTHON,
                script.toString(),
                base + "/ogc",
                Long.toString(parcel),
                base + "/api/v1/exports/parcels.gpkg"));
        seen = TestHttp.JSON.readTree(
                output.lines().reduce((first, last) -> last).orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String run(List<String> command) throws InterruptedException {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return output;
        } catch (IOException e) {
            return "not runnable: " + e.getMessage();
        }
    }

    @Test
    void owslibListsTheCollectionsAndReadsOneParcelWithItsAccents() {
        assertThat(seen.get("owslibCollections").toString()).isEqualTo("[\"parcels\",\"trusts\"]");
        assertThat(seen.get("owslibName").asString()).isEqualTo(NAME);
    }

    @Test
    void owslibsUsersPageThroughEveryParcelExactlyOnce() {
        List<String> codes = new ArrayList<>();
        seen.get("owslibPagedCodes").forEach(code -> codes.add(code.asString()));

        assertThat(codes)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        database.queryColumn("SELECT code FROM parcel WHERE status <> 'retired'"));
    }

    @Test
    void owslibFiltersOnTheServer() {
        List<String> ids = new ArrayList<>();
        seen.get("owslibAgricultural").forEach(id -> ids.add(id.asString()));

        assertThat(ids)
                .isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(database.queryColumn(
                        "SELECT id::text FROM parcel WHERE status <> 'retired' AND land_use = 'agricultural'"));
    }

    @Test
    void geopandasReadsAFeatureAndTheGeoPackageDownloadByUrl() {
        assertThat(seen.get("geopandasName").asString()).isEqualTo(NAME);
        assertThat(seen.get("geopandasDownloadRows").asLong())
                .isEqualTo(database.queryLong("SELECT count(*) FROM parcel WHERE status <> 'retired'"));
        assertThat(seen.get("geopandasDownloadCrs").asString()).isEqualTo("EPSG:4326");
    }
}
