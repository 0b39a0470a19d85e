package org.tierra.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.ogcapi.OgcFeaturesTest.ITEMS;
import static org.tierra.ogcapi.OgcFeaturesTest.encode;
import static org.tierra.ogcapi.OgcFeaturesTest.ids;
import static org.tierra.ogcapi.OgcFeaturesTest.sqlIds;
import static org.tierra.testing.TestHttp.json;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
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
 * OGC API – Features Part 3: queryables, CQL2 text and JSON filters checked against the same question
 * asked of PostGIS directly, hostile filters refused as 400s, and the OpenAPI document.
 */
class OgcFilterTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void startTierraWithDemoData() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonNode filtered(String filter) {
        HttpResponse<String> response = http.get(ITEMS + "?limit=1000&filter=" + encode(filter));
        assertThat(response.statusCode()).as(filter + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void queryablesAreAJsonSchemaOfWhatMayBeFiltered() {
        HttpResponse<String> response = http.get("/ogc/collections/parcels/queryables");

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/schema+json");
        JsonNode schema = json(response);
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.get("properties").get("areaSquareMetres").get("type").asString())
                .isEqualTo("number");
        assertThat(schema.get("properties").get("geometry").get("format").asString())
                .isEqualTo("geometry-any");
        assertThat(schema.get("properties").has("notes")).isFalse();
        assertThat(schema.get("$id").asString()).endsWith("/ogc/collections/parcels/queryables");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            landUse = 'forest'                                         | p.land_use = 'forest'
            landUse <> 'residential' AND areaHectares >= 1             | p.land_use <> 'residential' AND p.area_m2 >= 10000
            tenureCategory IN ('parcela_ejidal', 'tierra_uso_comun')   | p.tenure_category IN ('parcela_ejidal', 'tierra_uso_comun')
            code LIKE 'JAC-00%'                                        | p.code LIKE 'JAC-00%'
            NOT code LIKE 'JAC-%' OR areaSquareMetres < 300           | NOT p.code LIKE 'JAC-%' OR p.area_m2 < 300
            areaSquareMetres BETWEEN 250 AND 320                       | p.area_m2 BETWEEN 250 AND 320
            name IS NULL                                               | p.name IS NULL
            CASEI(trust) = CASEI('FTC-Jacarandas')                     | t.code = 'ftc-jacarandas'
            ACCENTI(CASEI(name)) LIKE '%jacarandas%'                   | lower(p.name) LIKE '%jacarandas%'
            version > 0 AND status = 'active'                          | p.version > 0 AND p.status = 'active'
            S_INTERSECTS(geometry, POINT(-96.7341 17.0321))            | ST_Intersects(p.geom, ST_SetSRID(ST_MakePoint(-96.7341, 17.0321), 4326))
            S_INTERSECTS(geometry, BBOX(-96.7345, 17.03, -96.733, 17.0325)) | ST_Intersects(p.geom, ST_MakeEnvelope(-96.7345, 17.03, -96.733, 17.0325, 4326))
            S_WITHIN(geometry, POLYGON((-96.74 17.02, -96.72 17.02, -96.72 17.04, -96.74 17.04, -96.74 17.02))) | ST_Within(p.geom, ST_MakeEnvelope(-96.74, 17.02, -96.72, 17.04, 4326))
            S_CONTAINS(geometry, POINT(-96.7341 17.0321))              | ST_Contains(p.geom, ST_SetSRID(ST_MakePoint(-96.7341, 17.0321), 4326))
            S_DISJOINT(geometry, BBOX(-96.74, 17.02, -96.72, 17.04))   | NOT ST_Intersects(p.geom, ST_MakeEnvelope(-96.74, 17.02, -96.72, 17.04, 4326))
            T_INTERSECTS(validTime, INTERVAL('2020-01-01', '..'))      | true
            T_BEFORE(validTime, TIMESTAMP('2020-01-01T00:00:00Z'))     | false
            """)
    void cql2TextFindsWhatPostgisFinds(String filter, String sql) {
        List<Long> expected = sqlIds(database, sql);

        assertThat(ids(filtered(filter))).as(filter).containsExactlyElementsOf(expected);
    }

    @Test
    void theFiltersAboveAreNotAllTriviallyEmptyOrFull() {
        int all = sqlIds(database, "true").size();

        assertThat(sqlIds(database, "p.land_use = 'forest'")).isNotEmpty().hasSizeLessThan(all);
        assertThat(sqlIds(database, "ST_Intersects(p.geom, ST_SetSRID(ST_MakePoint(-96.7341, 17.0321), 4326))"))
                .hasSize(1);
        assertThat(sqlIds(database, "p.area_m2 BETWEEN 250 AND 320")).isNotEmpty();
    }

    @Test
    void cql2JsonMeansTheSameAsCql2Text() {
        String text = "landUse = 'forest' AND S_INTERSECTS(geometry, BBOX(-97, 16, -96, 18))";
        String cql2Json = """
                {"op": "and", "args": [
                  {"op": "=", "args": [{"property": "landUse"}, "forest"]},
                  {"op": "s_intersects", "args": [{"property": "geometry"},
                    {"type": "Polygon", "coordinates": [[[-97, 16], [-96, 16], [-96, 18], [-97, 18], [-97, 16]]]}]}
                ]}""";

        JsonNode fromJson = json(http.get(ITEMS + "?limit=1000&filter-lang=cql2-json&filter=" + encode(cql2Json)));

        assertThat(ids(fromJson)).isNotEmpty().isEqualTo(ids(filtered(text)));
    }

    @Test
    void queryablesWorkAsQueryParameters() {
        JsonNode byParameter = json(http.get(ITEMS + "?limit=1000&landUse=forest"));
        JsonNode byVersion = json(http.get(ITEMS + "?limit=1000&version=1&status=active"));
        JsonNode trustsByCount = json(http.get("/ogc/collections/trusts/items?parcels="
                + database.queryLong("SELECT count(*) FROM parcel p JOIN trust t ON t.id = p.trust_id"
                        + " WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired'")));

        assertThat(ids(byParameter)).isNotEmpty().isEqualTo(ids(filtered("landUse = 'forest'")));
        assertThat(ids(byVersion))
                .isNotEmpty()
                .containsExactlyElementsOf(sqlIds(database, "p.version = 1 AND p.status = 'active'"));
        assertThat(trustsByCount
                        .get("features")
                        .get(0)
                        .get("properties")
                        .get("code")
                        .asString())
                .isEqualTo("ftc-jacarandas");
        HttpResponse<String> notANumber = http.get(ITEMS + "?version=uno");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).get("parameter").asString()).isEqualTo("version");
    }

    /**
     * GDAL's OAPIF driver (3.6 to 3.12) writes draft CQL ({@code filter-lang=cql-text}) with ILIKE,
     * finds the queryables by the short rel, asks for them as JSON and reads the draft's list of names.
     */
    @Test
    void theDraftCqlAndQueryablesGdalReadsAreUnderstood() {
        JsonNode ilike =
                json(http.get(ITEMS + "?limit=1000&filter-lang=cql-text&filter=" + encode("name ILIKE 'LOTE 1%'")));
        HttpResponse<String> ilikeInCql2 = http.get(ITEMS + "?filter=" + encode("name ILIKE 'LOTE 1%'"));
        HttpResponse<String> asGdalAsks =
                http.get("/ogc/collections/parcels/queryables", "Accept", "application/geo+json, application/json");
        JsonNode collection = json(http.get("/ogc/collections/parcels"));

        assertThat(ids(ilike)).isNotEmpty().containsExactlyElementsOf(sqlIds(database, "p.name ILIKE 'lote 1%'"));
        assertThat(ilikeInCql2.statusCode()).as("ILIKE is not CQL2").isEqualTo(400);
        assertThat(asGdalAsks.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        List<String> names = new ArrayList<>();
        json(asGdalAsks)
                .get("queryables")
                .forEach(queryable -> names.add(queryable.get("id").asString()));
        assertThat(names).contains("landUse", "areaHectares", "version");
        List<String> rels = new ArrayList<>();
        collection.get("links").forEach(link -> rels.add(link.get("rel").asString()));
        assertThat(rels).contains("queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "items");
    }

    @Test
    void aFilterGeometryInAProjectedFilterCrsIsTransformed() {
        List<String> utm = database.queryColumn("""
                SELECT ST_X(c) || ' ' || ST_Y(c) FROM (
                    SELECT ST_Transform(ST_PointOnSurface(geom), 32614) c FROM parcel WHERE code = 'JAC-001') x""");
        String filter = "S_INTERSECTS(geometry, POINT(" + utm.get(0) + "))";

        JsonNode page = json(http.get(ITEMS + "?filter=" + encode(filter) + "&filter-crs="
                + encode("http://www.opengis.net/def/crs/EPSG/0/32614")));

        assertThat(ids(page)).containsExactlyElementsOf(sqlIds(database, "p.code = 'JAC-001'"));
    }

    @Test
    void aFilterGeometryOutsideTheFilterCrsDomainIs400() {
        HttpResponse<String> response =
                http.get(ITEMS + "?filter=" + encode("S_INTERSECTS(geometry, POINT(1e300 1e300))") + "&filter-crs="
                        + encode("http://www.opengis.net/def/crs/EPSG/0/32614"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("lies outside where");
    }

    @Test
    void filteredResultsPageLikeAnyOther() {
        List<Long> expected = sqlIds(database, "p.land_use <> 'forest'");
        List<Long> seen = new ArrayList<>();
        String path = ITEMS + "?limit=4&filter=" + encode("landUse <> 'forest'");
        while (path != null) {
            JsonNode page = json(http.get(path));
            seen.addAll(ids(page));
            JsonNode next = null;
            for (JsonNode link : page.get("links")) {
                if (link.get("rel").asString().equals("next")) {
                    next = link;
                }
            }
            path = next == null ? null : next.get("href").asString().replaceFirst("^http://[^/]+", "");
        }

        assertThat(seen).containsExactlyElementsOf(expected);
    }

    /** None of these may reach PostgreSQL as SQL; each is a 400 that says what is wrong, and nothing changes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            code = 'x' OR 1=1; DROP TABLE parcel; --                  | position
            code = 'x'' OR ''1''=''1'                                  | -
            code = 'x' UNION SELECT notes FROM parcel                  | position
            "id; DROP TABLE parcel" = 1                                | no queryable
            notes LIKE '%'                                             | no queryable 'notes'
            pg_sleep(5) = 1                                            | 'pg_sleep' is not a function
            lower(code) = 'x'                                          | 'lower' is not a function
            code = 'x' /* comment */                                   | position
            S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))) | Self-intersection
            S_INTERSECTS(geometry, POLYGON((0 0, 1 1)))                | not valid WKT
            S_INTERSECTS(geometry, POINT(1e400 0))                     | finite
            areaHectares = 'a lot'                                     | cannot compare
            T_AFTER(validTime, TIMESTAMP('ayer'))                      | not a timestamp
            """)
    void hostileOrBrokenFiltersAre400sAndTouchNothing(String filter, String detail) {
        long parcelsBefore = database.queryLong("SELECT count(*) FROM parcel");

        HttpResponse<String> response = http.get(ITEMS + "?filter=" + encode(filter));

        if (filter.contains("''1''")) {
            // Quotes doubled inside a string are part of the string: a harmless, empty answer.
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("features")).isEmpty();
        } else {
            assertThat(response.statusCode()).as(filter).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            JsonNode problem = json(response);
            assertThat(problem.get("parameter").asString()).isEqualTo("filter");
            assertThat(problem.toString()).contains(detail);
        }
        assertThat(database.queryLong("SELECT count(*) FROM parcel")).isEqualTo(parcelsBefore);
    }

    @Test
    void deeplyNestedAndHugeFiltersAre4xxNot500() {
        String nested = "(".repeat(500) + "code = 'x'" + ")".repeat(500);
        StringBuilder jsonNested = new StringBuilder("{\"op\":\"=\",\"args\":[{\"property\":\"code\"},\"x\"]}");
        for (int i = 0; i < 40; i++) {
            jsonNested.insert(0, "{\"op\":\"not\",\"args\":[").append("]}");
        }
        StringBuilder ring = new StringBuilder("POLYGON((");
        for (int i = 0; i < 10_000; i++) {
            double angle = 2 * Math.PI * i / 10_000;
            ring.append(
                    String.format(java.util.Locale.ROOT, "%.5f %.5f,", -96.7 + Math.cos(angle), 17 + Math.sin(angle)));
        }
        ring.append(String.format(java.util.Locale.ROOT, "%.5f %.5f))", -95.7, 17.0));

        HttpResponse<String> deepText = http.get(ITEMS + "?filter=" + encode(nested));
        HttpResponse<String> deepJson =
                http.get(ITEMS + "?filter-lang=cql2-json&filter=" + encode(jsonNested.toString()));
        HttpResponse<String> huge = http.get(ITEMS + "?filter=" + encode("S_INTERSECTS(geometry, " + ring + ")"));

        assertThat(deepText.statusCode()).isEqualTo(400);
        assertThat(deepText.body()).contains("nests deeper");
        assertThat(deepJson.statusCode()).isEqualTo(400);
        assertThat(huge.statusCode())
                .as("too long for a URL, or too many points")
                .isBetween(400, 431);
    }

    @Test
    void cql2JsonErrorsPointAtThePartAtFault() {
        String filter = "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"code\"},\"x\"]},"
                + "{\"op\":\"=\",\"args\":[{\"property\":\"owner\"},\"y\"]}]}";

        HttpResponse<String> response = http.get(ITEMS + "?filter-lang=cql2-json&filter=" + encode(filter));
        HttpResponse<String> notJson = http.get(ITEMS + "?filter-lang=cql2-json&filter=" + encode("{\"op\":"));
        HttpResponse<String> unknownLanguage = http.get(ITEMS + "?filter-lang=sql&filter=" + encode("1=1"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("path").asString()).isEqualTo("/args/1/args/0");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("detail").asString()).contains("not valid JSON");
        assertThat(unknownLanguage.statusCode()).isEqualTo(400);
    }

    private static List<String> documentedParameters(JsonNode document, String path) {
        List<String> documented = new ArrayList<>();
        for (JsonNode parameter : document.get("paths").get(path).get("get").get("parameters")) {
            String name = parameter.has("$ref")
                    ? document.at("/components/parameters/"
                                    + parameter.get("$ref").asString().replaceFirst(".*/", ""))
                            .get("name")
                            .asString()
                    : parameter.get("name").asString();
            documented.add(name);
        }
        return documented;
    }

    @Test
    void theOpenApiDocumentIsValidAndDocumentsEveryItemsTileAndDownloadParameter() {
        HttpResponse<String> response = http.get("/ogc/api");

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getServers().get(0).getUrl())
                .as("the landing page: the OGC paths are relative to it")
                .isEqualTo(http.uri("/ogc").toString());
        assertThat(parsed.getOpenAPI().getPaths())
                .containsKeys(
                        "/",
                        "/conformance",
                        "/api",
                        "/collections",
                        "/collections/parcels/items",
                        "/collections/parcels/items/{featureId}",
                        "/collections/trusts/queryables");
        assertThat(parsed.getOpenAPI().getPaths().keySet()).noneMatch(path -> path.startsWith("/ogc"));
        JsonNode document = json(response);
        assertThat(documentedParameters(document, "/collections/parcels/items"))
                .containsExactlyInAnyOrderElementsOf(ItemsQuery.parameterNames(OgcCollection.PARCELS));
        List<String> besideTheApi = List.of(
                "/tiles/parcels.json",
                "/tiles/parcels/{z}/{x}/{y}.mvt",
                "/api/v1/exports/parcels.geojson",
                "/api/v1/exports/parcels.gpkg");
        for (String path : besideTheApi) {
            assertThat(parsed.getOpenAPI()
                            .getPaths()
                            .get(path)
                            .getServers()
                            .get(0)
                            .getUrl())
                    .as(path + " is relative to the server's root")
                    .isEqualTo(http.uri("").toString());
        }
        assertThat(documentedParameters(document, "/api/v1/exports/parcels.geojson"))
                .containsExactlyInAnyOrderElementsOf(FeatureSelection.parameterNames(OgcCollection.PARCELS));
        assertThat(documentedParameters(document, "/api/v1/exports/parcels.gpkg"))
                .containsAll(FeatureSelection.parameterNames(OgcCollection.PARCELS))
                .contains("gpkg-version");
        JsonNode limit = document.at("/components/parameters/limit/schema");
        assertThat(limit.get("maximum").asInt()).isEqualTo(ItemsQuery.MAX_LIMIT);
        assertThat(limit.get("default").asInt()).isEqualTo(ItemsQuery.DEFAULT_LIMIT);
    }

    @Test
    void theOpenApiDocumentDeclaresTheCredentialsAndTheRefusalsOfEveryRoute() {
        JsonNode document = json(http.get("/ogc/api"));

        assertThat(document.at("/components/securitySchemes/bearerToken/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/sessionCookie/in").asString())
                .isEqualTo("cookie");
        assertThat(document.at("/components/securitySchemes/sessionCookie/name").asString())
                .isEqualTo("tierra_session");
        assertThat(document.get("security").get(0).isEmpty())
                .as("no credentials needed")
                .isTrue();
        document.get("paths").properties().forEach(path -> {
            JsonNode responses = path.getValue().get("get").get("responses");
            for (String status : List.of("400", "401", "503")) {
                assertThat(responses.has(status))
                        .as(path.getKey() + " " + status)
                        .isTrue();
            }
        });
        assertThat(document.at("/paths/~1collections~1parcels~1items~1{featureId}/get/responses/404/$ref")
                        .asString())
                .isEqualTo("#/components/responses/NotFound");
    }
}
