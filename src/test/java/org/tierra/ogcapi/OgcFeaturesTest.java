package org.tierra.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.JSON;
import static org.tierra.testing.TestHttp.json;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
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
 * OGC API – Features Part 1 (core, GeoJSON, HTML) and Part 2 (CRS) over real HTTP on the demo registry,
 * each test named after the requirement it checks. Filtering (Part 3) is in {@link OgcFilterTest}.
 */
class OgcFeaturesTest {

    static final String ITEMS = "/ogc/collections/parcels/items";

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

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static List<Long> ids(JsonNode collection) {
        List<Long> ids = new ArrayList<>();
        collection.get("features").forEach(feature -> ids.add(feature.get("id").asLong()));
        return ids;
    }

    static List<Long> sqlIds(TestDatabase database, String where) {
        return database
                .queryColumn(
                        "SELECT p.id FROM parcel p JOIN trust t ON t.id = p.trust_id WHERE p.status <> 'retired' AND ("
                                + where + ") ORDER BY p.id")
                .stream()
                .map(Long::parseLong)
                .toList();
    }

    private static JsonNode link(JsonNode document, String rel) {
        return StreamSupport.stream(document.get("links").spliterator(), false)
                .filter(link -> link.get("rel").asString().equals(rel))
                .findFirst()
                .orElse(null);
    }

    private static String pathOf(String href) {
        return href.substring(href.indexOf('/', "http://".length()));
    }

    @Test
    void landingPageLinksToTheApiDefinitionConformanceAndCollections() {
        JsonNode landing = json(http.get("/ogc"));

        assertThat(link(landing, "self").get("type").asString()).isEqualTo("application/json");
        assertThat(link(landing, "alternate").get("type").asString()).isEqualTo("text/html");
        assertThat(link(landing, "service-desc").get("type").asString()).startsWith("application/vnd.oai.openapi+json");
        for (String rel : List.of("self", "alternate", "service-desc", "conformance", "data")) {
            String href = link(landing, rel).get("href").asString();
            assertThat(href).startsWith("http://127.0.0.1:" + app.port() + "/ogc");
            assertThat(http.get(pathOf(href)).statusCode()).as(rel).isEqualTo(200);
        }
    }

    @Test
    void conformanceDeclaresCoreGeoJsonHtmlOpenApiCrsAndFiltering() {
        JsonNode conformance = json(http.get("/ogc/conformance"));

        List<String> classes = new ArrayList<>();
        conformance.get("conformsTo").forEach(uri -> classes.add(uri.asString()));
        assertThat(classes)
                .contains(
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
                        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
                        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json")
                .doesNotHaveDuplicates();
    }

    @Test
    void collectionsDescribeTheirExtentCrsAndLinks() {
        JsonNode collections = json(http.get("/ogc/collections"));

        List<String> ids = new ArrayList<>();
        collections
                .get("collections")
                .forEach(collection -> ids.add(collection.get("id").asString()));
        assertThat(ids).containsExactly("parcels", "trusts");
        JsonNode parcels = json(http.get("/ogc/collections/parcels"));
        List<String> extent = database.queryColumn("""
                SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e))
                FROM (SELECT ST_Extent(geom)::geometry e FROM parcel WHERE status <> 'retired') x""");
        JsonNode bbox = parcels.get("extent").get("spatial").get("bbox").get(0);
        assertThat(bbox.get(0).asDouble() + "," + bbox.get(1).asDouble() + ","
                        + bbox.get(2).asDouble() + "," + bbox.get(3).asDouble())
                .isEqualTo(extent.get(0));
        assertThat(parcels.get("storageCrs").asString()).isEqualTo("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
        assertThat(parcels.get("crs").toString()).contains("EPSG/0/6372", "EPSG/0/32614", "EPSG/0/3857");
        assertThat(link(parcels, "items").get("type").asString()).isEqualTo("application/geo+json");
        assertThat(link(parcels, "http://www.opengis.net/def/rel/ogc/1.0/queryables"))
                .isNotNull();
    }

    @Test
    void anUnknownCollectionIs404ProblemJson() {
        HttpResponse<String> response = http.get("/ogc/collections/people/items");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").asString()).contains("parcels, trusts");
    }

    @Test
    void itemsAreTheActiveParcelsAsGeoJsonWithCountsAndLinks() {
        HttpResponse<String> response = http.get(ITEMS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/geo+json");
        assertThat(response.headers().firstValue("Content-Crs"))
                .hasValue("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
        JsonNode page = json(response);
        List<Long> active = sqlIds(database, "true");
        assertThat(ids(page)).containsExactlyElementsOf(active);
        assertThat(page.get("numberReturned").asInt()).isEqualTo(active.size());
        assertThat(page.get("numberMatched").asInt()).isEqualTo(active.size());
        assertThat(page.get("timeStamp").asString()).isNotBlank();
        assertThat(link(page, "self").get("type").asString()).isEqualTo("application/geo+json");
        assertThat(link(page, "next")).as("everything fits on one page").isNull();
        JsonNode properties = page.get("features").get(0).get("properties");
        assertThat(properties.has("notes")).isFalse();
        assertThat(properties.get("code").asString()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "abc", "1e3", "''"})
    void aLimitThatIsNotAPositiveWholeNumberIs400(String limit) {
        HttpResponse<String> response = http.get(ITEMS + "?limit=" + limit);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("at least 1");
    }

    @ParameterizedTest
    @CsvSource({"10001", "99999999999999", "999999999999999999999999"})
    void aLimitAboveTheMaximumIsServedAsTheMaximum(String limit) {
        HttpResponse<String> response = http.get(ITEMS + "?limit=" + limit);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("numberReturned").asInt())
                .isEqualTo(sqlIds(database, "true").size());
        assertThat(ItemsQuery.parse(OgcCollection.PARCELS, Map.of("limit", List.of(limit)), Instant.now(), JSON).limit)
                .isEqualTo(ItemsQuery.MAX_LIMIT);
    }

    @Test
    void anIntervalStartingInTheFutureReadsTheRegistryAsItIsNow() {
        JsonNode future = json(http.get(ITEMS + "?datetime=" + encode("2999-01-01T00:00:00Z/..")));
        JsonNode now = json(http.get(ITEMS));

        assertThat(ids(future)).isNotEmpty().isEqualTo(ids(now));
        assertThat(now.get("numberReturned").asInt())
                .as("the default page holds the demo registry whole")
                .isEqualTo(sqlIds(database, "true").size());
    }

    @Test
    void nextLinksCarryTheLimitActuallyServedAndNoFormat() {
        JsonNode first = json(http.get(ITEMS + "?limit=3&f=json"));
        String next = link(first, "next").get("href").asString();

        assertThat(next).contains("limit=3").doesNotContain("f=");
        assertThat(link(first, "self").get("href").asString()).doesNotContain("f=");
        assertThat(link(first, "alternate").get("href").asString()).contains("f=html");
    }

    @Test
    void bboxSelectsExactlyTheParcelsItIntersects() {
        String bbox = "-96.7345,17.0300,-96.7330,17.0325";
        List<Long> expected = sqlIds(database, "ST_Intersects(p.geom, ST_MakeEnvelope(" + bbox + ", 4326))");

        JsonNode page = json(http.get(ITEMS + "?bbox=" + bbox));

        assertThat(expected)
                .isNotEmpty()
                .hasSizeLessThan(sqlIds(database, "true").size());
        assertThat(ids(page)).containsExactlyElementsOf(expected);
    }

    @Test
    void aBboxInEpsg4326IsLatitudeFirst() {
        JsonNode lonLat = json(http.get(ITEMS + "?bbox=-96.7345,17.0300,-96.7330,17.0325"));
        JsonNode latLon = json(http.get(ITEMS + "?bbox=17.0300,-96.7345,17.0325,-96.7330&bbox-crs="
                + encode("http://www.opengis.net/def/crs/EPSG/0/4326")));

        assertThat(ids(latLon)).isNotEmpty().isEqualTo(ids(lonLat));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            bbox=1,2,3                        | 'bbox' is 4 numbers
            bbox=a,b,c,d                      | numbers only
            bbox=0,10,1,5                     | must not lie above
            bbox=-96.8,17,-96.7,95            | between -90 and 90
            bbox=-196.8,17,-96.7,18           | between -180 and 180
            bbox=0,0,1,NaN                    | finite numbers
            crs=EPSG:9999                     | 'crs' is one of
            bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326 | give a bbox too
            datetime=yesterday                | not an RFC 3339 instant
            datetime=../..                    | an instant
            datetime=2024-02-01/2024-01-01    | ends before it starts
            colour=red                        | Unknown query parameter 'colour'
            bbox=1e30,1e30,2e30,2e30&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/32614 | lies outside where
            f=xml                             | 'f' is json or html
            limit=5&limit=6                   | Give 'limit' once
            sortby=secret                     | 'secret'
            properties=notes                  | 'notes'
            """)
    void badParametersAre400ProblemsNamingWhatToFix(String query, String detail) {
        HttpResponse<String> response = http.get(ITEMS + "?" + query.replace(" ", "%20"));

        assertThat(response.statusCode()).as(query).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").asString()).contains(detail);
    }

    @Test
    void nextLinksVisitEveryFeatureExactlyOnceEvenWhenParcelsChangeBetweenPages() {
        List<Long> before = sqlIds(database, "true");
        String path = ITEMS + "?limit=7&sortby=" + encode("-areaSquareMetres");
        List<Long> seen = new ArrayList<>();
        int pages = 0;
        while (path != null) {
            JsonNode page = json(http.get(path));
            seen.addAll(ids(page));
            if (pages == 1) {
                changeTheRegistryMidway(before);
            }
            JsonNode next = link(page, "next");
            path = next == null ? null : pathOf(next.get("href").asString());
            pages++;
        }

        assertThat(pages).isGreaterThan(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(before);
        assertThat(sqlIds(database, "true")).as("the registry did change").isNotEqualTo(before);
    }

    /** Grow the largest-but-unseen parcel to the top of the order, retire another, add one. */
    private static void changeTheRegistryMidway(List<Long> before) {
        long last = before.get(before.size() - 1);
        database.execute("""
                UPDATE parcel SET geom = ST_Multi(ST_Buffer(geom::geography, 200)::geometry), version = version + 1
                WHERE id = (SELECT id FROM parcel WHERE status <> 'retired' ORDER BY area_m2 ASC, id LIMIT 1);
                UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = %d;
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT trust_id, 'PAGING-NEW', tenure_category, land_use,
                       ST_Multi(ST_MakeEnvelope(-96.60, 17.20, -96.59, 17.21, 4326))
                FROM parcel WHERE id = %d;
                """.formatted(last, last));
    }

    @Test
    void prevLinksReturnTheSamePageAgain() {
        JsonNode first = json(http.get(ITEMS + "?limit=5&sortby=code"));
        JsonNode second = json(http.get(pathOf(link(first, "next").get("href").asString())));
        JsonNode back = json(http.get(pathOf(link(second, "prev").get("href").asString())));

        assertThat(ids(back)).isEqualTo(ids(first));
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first)).hasSize(5);
        assertThat(second.has("numberMatched"))
                .as("not counted: it would cost a scan")
                .isFalse();
    }

    @Test
    void forgedOrBorrowedCursorsAre400() {
        JsonNode first = json(http.get(ITEMS + "?limit=5"));
        String next = link(first, "next").get("href").asString();
        String cursor = next.replaceFirst(".*[?&]cursor=([^&]*).*", "$1");

        HttpResponse<String> borrowed = http.get(ITEMS + "?limit=6&cursor=" + cursor);
        HttpResponse<String> forged = http.get(ITEMS + "?limit=5&cursor=eyJrIjpbIid"); // base64 of broken JSON
        HttpResponse<String> garbage = http.get(ITEMS + "?limit=5&cursor=%27%3B%20DROP%20TABLE%20parcel");

        assertThat(borrowed.statusCode()).isEqualTo(400);
        assertThat(json(borrowed).get("detail").asString()).contains("belongs to another query");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(garbage.statusCode()).isEqualTo(400);
    }

    @Test
    void datetimeReadsTheRegistryAsItWasThen() throws InterruptedException {
        long id = sqlIds(database, "p.code LIKE 'JAC-%'").get(0);
        String before = database.queryColumn("SELECT now()::text").get(0).replace(' ', 'T');
        Thread.sleep(5);
        database.execute("UPDATE parcel SET name = 'Nombre nuevo', version = version + 1 WHERE id = " + id);
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + (id + 1));

        JsonNode then = json(http.get(ITEMS + "/" + id + "?datetime=" + encode(before)));
        JsonNode now = json(http.get(ITEMS + "/" + id));
        JsonNode retiredThen = json(http.get(ITEMS + "?limit=1000&datetime=" + encode(before)));
        JsonNode retiredNow = json(http.get(ITEMS + "?limit=1000"));
        JsonNode beforeTheRegistry = json(http.get(ITEMS + "?datetime=1999-01-01T00:00:00Z"));
        JsonNode during = json(http.get(ITEMS + "?limit=1000&datetime=" + encode(before + "/..")));

        assertThat(then.get("properties").get("name").asString()).isNotEqualTo("Nombre nuevo");
        assertThat(now.get("properties").get("name").asString()).isEqualTo("Nombre nuevo");
        assertThat(ids(retiredThen)).contains(id + 1);
        assertThat(ids(retiredNow)).doesNotContain(id + 1);
        assertThat(http.get(ITEMS + "/" + (id + 1)).statusCode()).isEqualTo(404);
        assertThat(beforeTheRegistry.get("features")).isEmpty();
        assertThat(ids(during))
                .as("active for part of the interval")
                .contains(id, id + 1)
                .doesNotHaveDuplicates();
    }

    @Test
    void crsEpsg4326PutsLatitudeFirstAndSaysSoInContentCrs() {
        long id = sqlIds(database, "true").get(0);
        HttpResponse<String> response =
                http.get(ITEMS + "/" + id + "?crs=" + encode("http://www.opengis.net/def/crs/EPSG/0/4326"));
        JsonNode crs84 = json(http.get(ITEMS + "/" + id));

        assertThat(response.headers().firstValue("Content-Crs"))
                .hasValue("<http://www.opengis.net/def/crs/EPSG/0/4326>");
        JsonNode latLon =
                json(response).get("geometry").get("coordinates").get(0).get(0).get(0);
        JsonNode lonLat = crs84.get("geometry").get("coordinates").get(0).get(0).get(0);
        assertThat(latLon.get(0).asDouble()).isEqualTo(lonLat.get(1).asDouble());
        assertThat(latLon.get(1).asDouble()).isEqualTo(lonLat.get(0).asDouble());
        assertThat(lonLat.get(0).asDouble()).isBetween(-118.0, -86.0);
    }

    @ParameterizedTest
    @CsvSource({"32614,false", "6372,true", "3857,false", "6365,true"})
    void projectedAndMexicanCrsAreTransformedByPostgisWithEpsgAxisOrder(int srid, boolean northingFirst) {
        long id = sqlIds(database, "true").get(0);
        JsonNode feature =
                json(http.get(ITEMS + "/" + id + "?crs=" + encode("http://www.opengis.net/def/crs/EPSG/0/" + srid)));
        List<String> expected = database.queryColumn("""
                SELECT ST_X(p) || ',' || ST_Y(p)
                FROM (SELECT ST_Transform(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1), %d) p
                      FROM parcel WHERE id = %d) x""".formatted(srid, id));

        JsonNode first =
                feature.get("geometry").get("coordinates").get(0).get(0).get(0);
        double x = Double.parseDouble(expected.get(0).split(",", -1)[0]);
        double y = Double.parseDouble(expected.get(0).split(",", -1)[1]);
        double tolerance = srid == 6365 ? 1e-9 : 1e-3;
        assertThat(first.get(northingFirst ? 1 : 0).asDouble())
                .isCloseTo(x, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(first.get(northingFirst ? 0 : 1).asDouble())
                .isCloseTo(y, org.assertj.core.data.Offset.offset(tolerance));
    }

    @Test
    void sortbyOrdersByAPropertyThenId() {
        JsonNode page = json(http.get(ITEMS + "?limit=1000&sortby=" + encode("-areaSquareMetres")));
        List<Double> areas = new ArrayList<>();
        page.get("features")
                .forEach(feature -> areas.add(
                        feature.get("properties").get("areaSquareMetres").asDouble()));

        assertThat(areas).hasSizeGreaterThan(10).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void propertiesPicksASubset() {
        JsonNode feature = json(http.get(ITEMS + "?limit=1&properties=code,landUse"))
                .get("features")
                .get(0);

        List<String> names = new ArrayList<>();
        feature.get("properties").propertyNames().forEach(names::add);
        assertThat(names).containsExactly("code", "landUse");
        assertThat(feature.get("geometry").get("type").asString()).isEqualTo("MultiPolygon");
    }

    @Test
    void aPageIsRevalidatedByETagAndChangesWithTheRegistry() {
        HttpResponse<String> first = http.get(ITEMS + "?limit=3");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = http.get(ITEMS + "?limit=3", "If-None-Match", etag);
        HttpResponse<String> otherPage = http.get(ITEMS + "?limit=4", "If-None-Match", etag);
        database.execute("UPDATE parcel SET name = 'Otro nombre', version = version + 1 WHERE id = "
                + sqlIds(database, "true").get(2));
        HttpResponse<String> afterEdit = http.get(ITEMS + "?limit=3", "If-None-Match", etag);

        assertThat(first.headers().firstValue("Last-Modified")).isPresent();
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(otherPage.statusCode()).isEqualTo(200);
        assertThat(afterEdit.statusCode()).isEqualTo(200);
        assertThat(afterEdit.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(afterEdit.body()).contains("Otro nombre");
    }

    @Test
    void responsesAreGzippedWhenAsked() {
        HttpResponse<byte[]> zipped = http.getBytes(ITEMS + "?limit=1000", "Accept-Encoding", "gzip");

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = TestHttp.gunzip(zipped.body());
        assertThat(ids(TestHttp.JSON.readTree(body))).isEqualTo(ids(json(http.get(ITEMS + "?limit=1000"))));
        assertThat(zipped.body().length).isLessThan(body.length() / 3);
    }

    @Test
    void htmlForBrowsersAndForFEqualsHtml() {
        HttpResponse<String> byAccept = http.get(ITEMS + "?limit=2", "Accept", "text/html,application/xhtml+xml");
        HttpResponse<String> byF = http.get("/ogc/collections?f=html");
        HttpResponse<String> item =
                http.get(ITEMS + "/" + sqlIds(database, "true").get(0) + "?f=html");

        assertThat(byAccept.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(byAccept.body()).contains("<table", "Next page");
        assertThat(byF.body()).contains("Parcels", "Trusts");
        assertThat(item.body()).contains("<h1>");
    }

    @Test
    void aSingleFeatureHasItsLinksAnd404sWhenAbsent() {
        long id = sqlIds(database, "true").get(0);
        JsonNode feature = json(http.get(ITEMS + "/" + id));

        assertThat(feature.get("type").asString()).isEqualTo("Feature");
        assertThat(feature.get("id").asLong()).isEqualTo(id);
        assertThat(link(feature, "collection")).isNotNull();
        assertThat(http.get(ITEMS + "/999999").statusCode()).isEqualTo(404);
        assertThat(http.get(ITEMS + "/abc").statusCode()).isEqualTo(400);
        assertThat(http.get(ITEMS + "/1?colour=red").statusCode()).isEqualTo(400);
    }

    @Test
    void trustsAreServedAsTheExtentOfTheirParcels() {
        JsonNode trusts = json(http.get("/ogc/collections/trusts/items"));

        Set<String> codes = new HashSet<>();
        trusts.get("features").forEach(feature -> {
            codes.add(feature.get("properties").get("code").asString());
            assertThat(feature.get("geometry").get("type").asString()).isEqualTo("MultiPolygon");
            assertThat(feature.get("properties").get("parcels").asInt()).isPositive();
        });
        assertThat(codes)
                .containsExactlyInAnyOrderElementsOf(
                        database.queryColumn(
                                "SELECT code FROM trust WHERE EXISTS (SELECT 1 FROM parcel WHERE trust_id = trust.id AND status <> 'retired')"));
    }

    @Test
    void trustsAtADatetimeAreTheExtentOfTheirParcelsThen() {
        String before = database.queryColumn("SELECT now()::text").get(0).replace(' ', 'T');
        long parcels = database.queryLong("SELECT count(*) FROM parcel p JOIN trust t ON t.id = p.trust_id"
                + " WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired'");
        long retired = database.queryLong("SELECT min(p.id) FROM parcel p JOIN trust t ON t.id = p.trust_id"
                + " WHERE t.code = 'ftc-jacarandas' AND p.status <> 'retired'");
        database.execute("UPDATE parcel SET status = 'retired', version = version + 1 WHERE id = " + retired);

        JsonNode then = json(http.get("/ogc/collections/trusts/items?code=ftc-jacarandas&datetime=" + encode(before)));
        JsonNode now = json(http.get("/ogc/collections/trusts/items?code=ftc-jacarandas"));
        JsonNode beforeTheRegistry = json(http.get("/ogc/collections/trusts/items?datetime=1999-01-01"));
        JsonNode during = json(http.get("/ogc/collections/trusts/items?datetime=" + encode(before + "/..")));

        assertThat(then.get("features").get(0).get("properties").get("parcels").asLong())
                .isEqualTo(parcels);
        assertThat(now.get("features").get(0).get("properties").get("parcels").asLong())
                .isEqualTo(parcels - 1);
        assertThat(beforeTheRegistry.get("features")).isEmpty();
        assertThat(during.get("features")).isNotEmpty();
    }
}
