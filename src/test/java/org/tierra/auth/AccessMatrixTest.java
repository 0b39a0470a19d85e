package org.tierra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.http.HttpServer;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/**
 * The route-by-role matrix: every route Tierra registers, called by every kind of caller, with the
 * status each must get. The test reads the routes from Javalin and fails when one has no row here, so
 * a new endpoint cannot ship without deciding who may call it.
 */
class AccessMatrixTest {

    /** The callers, all seen from trust ftc-jacarandas. */
    enum Caller {
        ANONYMOUS,
        RESEARCHER,
        LESSEE,
        STAFF,
        BOARD,
        ADMIN,
        /** admin of another trust only */
        OTHER_ADMIN,
        OPERATOR,
        /** an API token with the researcher role in ftc-jacarandas */
        TOKEN
    }

    private static final String PASSWORD = TestDatabase.DEMO_PASSWORD;
    private static final String OTHER_PASSWORD = "administra otro fideicomiso";
    private static final String OPERATOR_PASSWORD = "operador del servidor 2026";

    /**
     * One row per route: a concrete request and the status each caller must get, in the order of
     * {@link Caller}. In paths, bodies and If-Match, {@code {caller}} is the caller's name and
     * {@code {p1}}..{@code {p5}}, {@code {x}} the caller's own fixture parcels and longitude and
     * {@code {party}}, {@code {member}}, {@code {household}}, {@code {membership}} its own fixture parties, so that
     * the writes of different callers do not collide. {@code fresh} signs in anew for the row.
     */
    private record Row(
            String method,
            String route,
            String path,
            String body,
            String ifMatch,
            boolean freshSession,
            Map<Caller, Integer> expected) {

        /** The same request as HEAD, which must be answered as GET is, without the body. */
        Row asHead() {
            return new Row("HEAD", route, path, body, ifMatch, freshSession, expected);
        }
    }

    // spotless:off
    private static final String MATRIX_TABLE = """
            # method | route                                      | path                                          | body | If-Match | fresh | anon res les stf brd adm oadm op tok
            GET    | /health                                      | /health                                       | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/openapi.json                         | /api/v1/openapi.json                          | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels                              | /api/v1/parcels?limit=2                       | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}                         | /api/v1/parcels/1                             | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}/versions                | /api/v1/parcels/1/versions                    | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}/versions/{version}      | /api/v1/parcels/1/versions/1                  | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}/diff                    | /api/v1/parcels/1/diff                        | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}/lineage                 | /api/v1/parcels/1/lineage                     | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            POST   | /api/v1/parcels                              | /api/v1/parcels                               | CREATE | -      | no  | 401 403 403 201 403 201 403 403 403
            PATCH  | /api/v1/parcels/{id}                         | /api/v1/parcels/{p1}                          | {"reason":"test","properties":{"name":"Cambio {caller}"}} | "{p1}-1" | no | 401 403 403 200 403 200 403 403 403
            POST   | /api/v1/parcels/{id}/retire                  | /api/v1/parcels/{p2}/retire                   | {"reason":"test"} | "{p2}-1" | no | 401 403 403 200 403 200 403 403 403
            POST   | /api/v1/parcels/{id}/split                   | /api/v1/parcels/{p3}/split                    | SPLIT | "{p3}-1" | no  | 401 403 403 201 403 201 403 403 403
            POST   | /api/v1/parcels/merge                        | /api/v1/parcels/merge                         | {"reason":"test","parcels":[{p4},{p5}],"properties":{"code":"MERGED-{caller}"}} | "{p4}-1", "{p5}-1" | no | 401 403 403 201 403 201 403 403 403
            POST   | /api/v1/geometry/repair                      | /api/v1/geometry/repair                       | {"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}} | - | no | 401 200 200 200 200 200 200 200 200
            GET    | /api/v1/trusts                               | /api/v1/trusts                                | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            POST   | /api/v1/trusts                               | /api/v1/trusts                                | {"code":"matrix-{caller}","name":"Matriz","kind":"other","reason":"test"} | - | no | 401 403 403 403 403 403 403 201 403
            POST   | /api/v1/auth/login                           | /api/v1/auth/login                            | LOGIN | -        | yes | 200 200 200 200 200 200 200 200 200
            POST   | /api/v1/auth/logout                          | /api/v1/auth/logout                           | -    | -        | yes | 401 204 204 204 204 204 204 204 400
            GET    | /api/v1/auth/me                              | /api/v1/auth/me                               | -    | -        | no  | 401 200 200 200 200 200 200 200 200
            POST   | /api/v1/auth/password                        | /api/v1/auth/password                         | {"currentPassword":"not the current one","newPassword":"una frase nueva larga"} | - | no | 401 422 422 422 422 422 422 422 403
            POST   | /api/v1/tokens                               | /api/v1/tokens                                | {"name":"matriz","trust":"ftc-jacarandas","role":"researcher"} | - | no | 401 201 403 201 201 201 403 403 403
            GET    | /api/v1/tokens                               | /api/v1/tokens                                | -    | -        | no  | 401 200 200 200 200 200 200 200 200
            DELETE | /api/v1/tokens/{id}                          | /api/v1/tokens/{staffToken}                   | -    | -        | no  | 401 404 404 204 404 204 404 404 404
            GET    | /api/v1/trusts/{trust}/members               | /api/v1/trusts/ftc-jacarandas/members         | -    | -        | no  | 401 403 403 403 200 200 403 200 403
            PUT    | /api/v1/trusts/{trust}/members/{username}    | /api/v1/trusts/ftc-jacarandas/members/new-{caller} | {"role":"researcher","displayName":"Nueva persona","password":"frase de acceso larga","reason":"test"} | - | no | 401 403 403 403 403 201 403 201 403
            DELETE | /api/v1/trusts/{trust}/members/{username}    | /api/v1/trusts/ftc-jacarandas/members/old-{caller}?reason=test | - | - | no | 401 403 403 403 403 204 403 204 403
            GET    | /api/v1/audit                                | /api/v1/audit?trust=ftc-jacarandas            | -    | -        | no  | 401 403 403 403 200 200 403 200 403
            GET    | /api/v1/audit/verify                         | /api/v1/audit/verify                          | -    | -        | no  | 401 403 403 403 200 200 200 200 403
            GET    | /ogc                                         | /ogc                                          | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/conformance                             | /ogc/conformance                              | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/api                                     | /ogc/api                                      | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/collections                             | /ogc/collections                              | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/collections/{collectionId}              | /ogc/collections/parcels                      | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/collections/{collectionId}/queryables   | /ogc/collections/trusts/queryables            | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/collections/{collectionId}/items        | /ogc/collections/parcels/items?limit=2        | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /ogc/collections/{collectionId}/items/{featureId} | /ogc/collections/parcels/items/1              | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/exports/parcels.geojson              | /api/v1/exports/parcels.geojson?trust=ftc-jacarandas | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /api/v1/exports/parcels.gpkg                 | /api/v1/exports/parcels.gpkg?trust=ftc-jacarandas | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /tiles/parcels.json                          | /tiles/parcels.json                           | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            GET    | /tiles/parcels/{z}/{x}/{y}                   | /tiles/parcels/22/0/0.mvt                     | -    | -        | no  | 204 204 204 204 204 204 204 204 204
            POST   | /api/v1/leases/{id}/charges                  | /api/v1/leases/{lease}/charges                | {"through":"2025-03-01","reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/ledger/charges                       | /api/v1/ledger/charges                        | {"trust":"ftc-jacarandas","through":"2025-03-01","reason":"test"} | - | no | 401 403 403 200 403 200 403 403 403
            POST   | /api/v1/leases/{id}/payments                 | /api/v1/leases/{lease}/payments               | {"amount":"10.00","paidOn":"2025-02-01","reference":"{caller}"} | - | no | 401 403 403 201 403 201 404 404 403
            POST   | /api/v1/leases/{id}/adjustments              | /api/v1/leases/{lease}/adjustments            | {"amount":"-5.00","on":"2025-02-01","reason":"test {caller}"} | - | no | 401 403 403 201 403 201 404 404 403
            GET    | /api/v1/leases/{id}/statement                | /api/v1/leases/{lease}/statement              | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/ledger/arrears                       | /api/v1/ledger/arrears?trust=ftc-jacarandas   | -    | -        | no  | 401 403 403 200 200 200 403 403 403
            GET    | /api/v1/me/leases                            | /api/v1/me/leases                             | -    | -        | no  | 401 200 200 200 200 200 200 200 200
            GET    | /api/v1/parcels/{id}/timeline                | /api/v1/parcels/1/timeline                    | -    | -        | no  | 401 403 403 200 200 200 403 403 403
            POST   | /api/v1/resale-policies                      | /api/v1/resale-policies                       | {"trust":"ftc-jacarandas","code":"m-{caller}","name":"Matriz","family":"fixed_rate","terms":{"annualRatePercent":"2","compounding":"simple"},"reason":"test"} | - | no | 401 403 403 201 403 201 403 403 403
            GET    | /api/v1/resale-policies                      | /api/v1/resale-policies?trust=ftc-jacarandas  | -    | -        | no  | 401 200 200 200 200 200 403 403 200
            GET    | /api/v1/resale-policies/{id}                 | /api/v1/resale-policies/{resalePolicy}        | -    | -        | no  | 401 200 200 200 200 200 403 403 200
            POST   | /api/v1/resale-policies/{id}/versions        | /api/v1/resale-policies/{resalePolicy}/versions | {"terms":{"appreciationShare":"0.3"},"reason":"test"} | - | no | 401 403 403 201 403 201 403 403 403
            POST   | /api/v1/resale-policies/{id}/versions/{version}/quote | /api/v1/resale-policies/{resalePolicy}/versions/1/quote | {"currency":"MXN","purchasePrice":"1000000","purchasedOn":"2014-03-01","soldOn":"2024-03-01","purchaseAppraisal":"1250000","currentAppraisal":"1650000"} | - | no | 401 403 403 200 200 200 403 403 403
            GET    | /api/v1/leases/{id}/resale-quote             | /api/v1/leases/{resaleLease}/resale-quote?soldOn=2024-03-01&currentAppraisal=1650000 | - | - | no | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/price-indexes/{code}                 | /api/v1/price-indexes/inpc                    | -    | -        | no  | 200 200 200 200 200 200 200 200 200
            PUT    | /api/v1/price-indexes/{code}/values          | /api/v1/price-indexes/inpc/values             | {"values":[{"month":"2024-01","value":"134.594"}],"reason":"test"} | - | no | 401 403 403 403 403 403 403 200 403
            POST   | /api/v1/parties                              | /api/v1/parties                               | {"trust":"ftc-jacarandas","kind":"organization","name":"Matriz nueva {caller}","reason":"test"} | - | no | 401 403 403 201 403 201 403 403 403
            GET    | /api/v1/parties                              | /api/v1/parties?trust=ftc-jacarandas          | -    | -        | no  | 401 403 403 200 200 200 403 403 403
            GET    | /api/v1/parties/{id}                         | /api/v1/parties/{party}                       | -    | -        | no  | 401 403 403 200 200 200 404 404 403
            PATCH  | /api/v1/parties/{id}                         | /api/v1/parties/{party}                       | {"reason":"test","notes":"Cambio {caller}"} | "party-{party}-1" | no | 401 403 403 200 403 200 404 404 403
            GET    | /api/v1/parties/{id}/versions                | /api/v1/parties/{party}/versions              | -    | -        | no  | 401 403 403 200 200 200 404 404 403
            POST   | /api/v1/parties/{id}/members                 | /api/v1/parties/{household}/members           | {"member":{party},"from":"2024-01-01","reason":"test"} | - | no | 401 403 403 201 403 201 404 404 403
            POST   | /api/v1/parties/{id}/members/{memberId}/end  | /api/v1/parties/{household}/members/{member}/end | {"on":"2025-01-01","reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/parties/{id}/memberships             | /api/v1/parties/{party}/memberships           | {"role":"lessee","from":"2024-01-01","reason":"test"} | - | no | 401 403 403 201 403 201 404 404 403
            POST   | /api/v1/parties/{id}/memberships/{membershipId}/end | /api/v1/parties/{party}/memberships/{membership}/end | {"on":"2025-01-01","reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/leases                               | /api/v1/leases                                | LEASE | -       | no  | 401 403 403 201 403 201 403 403 403
            GET    | /api/v1/leases                               | /api/v1/leases?trust=ftc-jacarandas           | -    | -        | no  | 401 403 403 200 200 200 403 403 403
            GET    | /api/v1/leases/{id}                          | /api/v1/leases/{leaseRead}                    | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/leases/{id}/versions                 | /api/v1/leases/{leaseRead}/versions           | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            POST   | /api/v1/leases/{id}/activate                 | /api/v1/leases/{leaseDraft}/activate          | {"reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            PATCH  | /api/v1/leases/{id}                          | /api/v1/leases/{leaseEdit}                    | {"notes":"editado {caller}","reason":"test"} | "{leaseEdit}-1" | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/leases/{id}/cancel                   | /api/v1/leases/{leaseCancel}/cancel           | {"reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/leases/{id}/terminate                | /api/v1/leases/{leaseActive}/terminate        | {"on":"2015-01-01","reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/leases/{id}/expire                   | /api/v1/leases/{leaseEnded}/expire            | {"reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/leases/{id}/assign                   | /api/v1/leases/{leaseSold}/assign             | ASSIGN | -      | no  | 401 403 403 201 403 201 404 404 403
            POST   | /api/v1/stewardship/events                   | /api/v1/stewardship/events                    | {"parcel":{lp},"kind":"inspection","occurredOn":"2025-01-10","reason":"test"} | - | no | 401 403 403 201 403 201 403 403 403
            GET    | /api/v1/stewardship/events                   | /api/v1/stewardship/events?trust=ftc-jacarandas | -  | -        | no  | 401 403 403 200 200 200 403 403 403
            GET    | /api/v1/stewardship/events                   | /api/v1/stewardship/events?lease={stewardLease}      | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/stewardship/events/{id}              | /api/v1/stewardship/events/{event}            | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/stewardship/overdue                  | /api/v1/stewardship/overdue?trust=ftc-jacarandas | - | -        | no  | 401 403 403 200 200 200 403 403 403
            POST   | /api/v1/leases/{id}/obligations              | /api/v1/leases/{stewardLease}/obligations            | {"kind":"insurance_proof","firstDueOn":"2025-03-01","everyMonths":12,"reason":"test"} | - | no | 401 403 403 201 403 201 404 404 403
            GET    | /api/v1/leases/{id}/obligations              | /api/v1/leases/{stewardLease}/obligations            | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            POST   | /api/v1/obligations/{id}/fulfilments         | /api/v1/obligations/{o}/fulfilments           | {"dueOn":"2024-02-15","fulfilledOn":"2024-02-10","reason":"test"} | - | no | 401 403 403 201 403 201 404 404 403
            POST   | /api/v1/obligations/{id}/end                 | /api/v1/obligations/{o}/end                   | {"on":"2030-01-15","reason":"test"} | - | no | 401 403 403 200 403 200 404 404 403
            POST   | /api/v1/documents                            | /api/v1/documents                             | UPLOAD | -      | no  | 401 403 403 201 403 201 422 422 403
            GET    | /api/v1/documents                            | /api/v1/documents?lease={stewardLease}               | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/documents/{id}                       | /api/v1/documents/{doc}                       | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            GET    | /api/v1/documents/{id}/content               | /api/v1/documents/{doc}/content               | -    | -        | no  | 401 403 200 200 200 200 404 404 403
            """;
    // spotless:on

    /** Bodies too long for the table. */
    private static final Map<String, String> BODIES = Map.of(
            "LOGIN", "{\"username\":\"demo-board\",\"password\":\"" + PASSWORD + "\"}",
            "CREATE",
                    "{\"type\":\"Feature\",\"reason\":\"test\",\"properties\":{\"code\":\"NEW-{caller}\","
                            + "\"trust\":\"ftc-jacarandas\",\"tenureCategory\":\"clt_leasehold\",\"landUse\":\"residential\"},"
                            + "\"geometry\":{square {x} 17.004}}",
            "LEASE",
                    "{\"trust\":\"ftc-jacarandas\",\"code\":\"M-NEW-{caller}\",\"parcels\":[{p1}],"
                            + "\"lessees\":[{\"party\":{leaseParty},\"share\":\"1\"}],\"startsOn\":\"2150-01-01\","
                            + "\"permittedUse\":\"residential\",\"fee\":{\"amount\":\"100.00\"},\"reason\":\"test\"}",
            "ASSIGN",
                    "{\"on\":\"2024-03-01\",\"code\":\"M-NEXT-{caller}\",\"lessees\":[{\"party\":{leaseParty},"
                            + "\"share\":\"1\"}],\"currentAppraisal\":\"1650000\",\"reason\":\"test\"}",
            "SPLIT",
                    "{\"reason\":\"test\",\"line\":{\"type\":\"LineString\",\"coordinates\":"
                            + "[[{xmid},17.0019],[{xmid},17.0025]]}}");

    private static final List<Row> MATRIX = parseMatrix();

    private static List<Row> parseMatrix() {
        List<Row> rows = new ArrayList<>();
        for (String line : MATRIX_TABLE.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\\s*\\|\\s*", -1);
            String[] statuses = cells[6].strip().split("\\s+", -1);
            Caller[] callers = Caller.values();
            if (cells.length != 7 || statuses.length != callers.length) {
                throw new IllegalStateException("malformed matrix row: " + line);
            }
            Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
            for (int i = 0; i < callers.length; i++) {
                expected.put(callers[i], Integer.parseInt(statuses[i]));
            }
            String body = cells[3].strip();
            rows.add(new Row(
                    cells[0].strip(),
                    cells[1].strip(),
                    cells[2].strip(),
                    body.equals("-") ? null : BODIES.getOrDefault(body, body),
                    cells[4].strip().equals("-") ? null : cells[4].strip(),
                    cells[5].strip().equals("yes"),
                    expected));
        }
        return rows;
    }

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static final Map<Caller, TestHttp.Session> sessions = new EnumMap<>(Caller.class);
    private static String token;
    private static long staffToken;
    private static final Map<String, Long> parcelIds = new java.util.HashMap<>();
    /** A signed lease of ftc-jacarandas held by demo-farmer (the LESSEE caller), for the ledger's rows. */
    private static long ledgerLease;

    private static long resalePolicy;
    private static long resaleLease;
    private static final Map<String, Long> partyIds = new java.util.HashMap<>();
    private static long leaseParty;
    private static long leaseRead;
    private static final Map<String, Long> leaseIds = new java.util.HashMap<>();
    /** Stewardship fixtures: a lease of demo-farmer's, an event and a document on it, an obligation per caller. */
    private static final Map<String, Long> stewardshipIds = new java.util.HashMap<>();

    @BeforeAll
    static void startWithEveryKindOfCaller() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        database.execute("""
                INSERT INTO trust (code, name, kind) VALUES ('otro-fideicomiso', 'Otro', 'community_land_trust');
                INSERT INTO app_user (username, display_name, password_hash, is_operator)
                VALUES ('otra-admin', 'Otra admin', '%s', false), ('operador', 'Operador', '%s', true);
                INSERT INTO membership (user_id, trust_id, role)
                SELECT u.id, t.id, 'admin' FROM app_user u, trust t
                WHERE u.username = 'otra-admin' AND t.code = 'otro-fideicomiso';
                """.formatted(Passwords.hash(OTHER_PASSWORD), Passwords.hash(OPERATOR_PASSWORD)));
        for (Caller caller : Caller.values()) {
            // Five small parcels per caller for the parcel writes: p4 and p5 share an edge (merge).
            for (int i = 1; i <= 5; i++) {
                double lon = longitude(caller) + (i == 5 ? 0.0004 : 0);
                double lat = 17.000 + Math.min(i - 1, 3) * 0.001;
                database.execute("""
                        INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                        SELECT id, 'M-%s-%d', 'clt_leasehold', 'residential',
                               ST_Multi(ST_MakeEnvelope(%s, %s, %s, %s, 4326))
                        FROM trust WHERE code = 'ftc-jacarandas'
                        """.formatted(name(caller), i, lon, lat, lon + 0.0004, lat + 0.0004));
                parcelIds.put(
                        caller.name() + i,
                        database.queryLong("SELECT id FROM parcel WHERE code = 'M-" + name(caller) + "-" + i + "'"));
            }
            // Parties for the party rows: a person with a board seat, a household with one member.
            database.execute("""
                    INSERT INTO party (trust_id, kind, name, given_names, family_names)
                    SELECT id, 'person', 'Matriz %1$s', 'Matriz', '%1$s' FROM trust WHERE code = 'ftc-jacarandas';
                    INSERT INTO party (trust_id, kind, name, given_names, family_names)
                    SELECT id, 'person', 'Miembro %1$s', 'Miembro', '%1$s' FROM trust WHERE code = 'ftc-jacarandas';
                    INSERT INTO party (trust_id, kind, name)
                    SELECT id, 'household', 'Hogar %1$s' FROM trust WHERE code = 'ftc-jacarandas';
                    INSERT INTO party_group_member (trust_id, group_id, member_id, valid_during)
                    SELECT g.trust_id, g.id, m.id, daterange('2020-01-01', NULL)
                    FROM party g, party m WHERE g.name = 'Hogar %1$s' AND m.name = 'Miembro %1$s';
                    INSERT INTO party_membership (trust_id, party_id, role, seat_class, valid_during)
                    SELECT trust_id, id, 'board_member', 'public', daterange('2020-01-01', NULL)
                    FROM party WHERE name = 'Matriz %1$s';
                    """.formatted(name(caller)));
            for (String[] fixture : new String[][] {
                {"party", "SELECT id FROM party WHERE name = 'Matriz %s'"},
                {"member", "SELECT id FROM party WHERE name = 'Miembro %s'"},
                {"household", "SELECT id FROM party WHERE name = 'Hogar %s'"},
                {
                    "membership",
                    "SELECT m.id FROM party_membership m JOIN party p ON p.id = m.party_id"
                            + " WHERE p.name = 'Matriz %s'"
                }
            }) {
                partyIds.put(caller.name() + fixture[0], database.queryLong(fixture[1].formatted(name(caller))));
            }
            // Members to remove in the DELETE row, one per caller.
            database.execute("""
                    INSERT INTO app_user (username, display_name, password_hash) VALUES ('old-%1$s', 'Antigua', 'x');
                    INSERT INTO membership (user_id, trust_id, role)
                    SELECT u.id, t.id, 'researcher' FROM app_user u, trust t
                    WHERE u.username = 'old-%1$s' AND t.code = 'ftc-jacarandas';
                    """.formatted(name(caller)));
        }
        ledgerLease = LeaseFixtures.lease("ftc-jacarandas", "MATRIX-LEASE")
                .heldBy("demo-farmer")
                .create(database);
        createResaleFixtures();
        createLeaseFixtures();
        createStewardshipFixtures();
        http = new TestHttp(app.port());
        for (Caller caller : Caller.values()) {
            if (caller != Caller.ANONYMOUS && caller != Caller.TOKEN) {
                sessions.put(caller, signIn(caller));
            }
        }
        token = TestHttp.json(sessions.get(Caller.RESEARCHER)
                        .send(
                                "POST",
                                "/api/v1/tokens",
                                "{\"name\":\"matrix\",\"trust\":\"ftc-jacarandas\",\"role\":\"researcher\"}"))
                .get("token")
                .asString();
        staffToken = TestHttp.json(sessions.get(Caller.STAFF)
                        .send(
                                "POST",
                                "/api/v1/tokens",
                                "{\"name\":\"staff\",\"trust\":\"ftc-jacarandas\",\"role\":\"staff\"}"))
                .get("id")
                .asLong();
    }

    /** A resale policy and an active lease of demo-farmer signed under it, for the resale rows. */
    private static void createResaleFixtures() {
        database.execute("""
                INSERT INTO resale_policy (trust_id, code, name)
                SELECT id, 'matrix-resale', 'Matriz' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by_name, reason)
                SELECT id, 1, 'appraisal', '{"appreciationShare": "0.25"}', 'test', 'test'
                FROM resale_policy WHERE code = 'matrix-resale';
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Campesina Demo', 'Campesina', 'Demo', u.id
                FROM trust t, app_user u WHERE t.code = 'ftc-jacarandas' AND u.username = 'demo-farmer'
                ON CONFLICT (trust_id, user_id) DO NOTHING;
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT id, 'M-RESALE', 'clt_leasehold', 'residential',
                       ST_Multi(ST_MakeEnvelope(-96.760, 16.990, -96.7596, 16.9904, 4326))
                FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO ground_lease (trust_id, code, starts_on, ends_on, permitted_use, fee_amount,
                                          resale_policy_id, resale_policy_version, purchase_price, purchase_appraisal)
                SELECT t.id, 'M-RESALE', '2014-03-01', '2113-03-01', 'residential', 500, p.id, 1, 1000000, 1250000
                FROM trust t JOIN resale_policy p ON p.trust_id = t.id AND p.code = 'matrix-resale'
                WHERE t.code = 'ftc-jacarandas';
                INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                SELECT g.id, p.id, g.trust_id FROM ground_lease g, parcel p
                WHERE g.code = 'M-RESALE' AND p.code = 'M-RESALE';
                INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
                SELECT g.id, p.id, g.trust_id, 1, 1 FROM ground_lease g, party p JOIN app_user u ON u.id = p.user_id
                WHERE g.code = 'M-RESALE' AND u.username = 'demo-farmer' AND p.trust_id = g.trust_id;
                UPDATE ground_lease SET status = 'active', version = version + 1 WHERE code = 'M-RESALE';
                """);
        resalePolicy = database.queryLong("SELECT id FROM resale_policy WHERE code = 'matrix-resale'");
        resaleLease = database.queryLong("SELECT id FROM ground_lease WHERE code = 'M-RESALE'");
    }

    /**
     * A lease of demo-farmer for the read rows and, per caller on its parcel p1, leases at different
     * times for the lifecycle rows: one ended (expire), one running (terminate), one under a resale
     * policy (assign, its next lease running to 2123), and a draft after all of them (activate), and
     * two more drafts, never in force, to edit and to cancel.
     */
    private static void createLeaseFixtures() {
        database.execute("""
                INSERT INTO party (trust_id, kind, name, given_names, family_names)
                SELECT id, 'person', 'Matriz Arrendataria', 'Matriz', 'Arrendataria' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO party (trust_id, kind, name, given_names, family_names, user_id)
                SELECT t.id, 'person', 'Campesina Demo', 'Campesina', 'Demo', u.id
                FROM trust t, app_user u WHERE t.code = 'ftc-jacarandas' AND u.username = 'demo-farmer'
                ON CONFLICT (trust_id, user_id) DO NOTHING;
                INSERT INTO resale_policy (trust_id, code, name)
                SELECT id, 'matrix-lease', 'Matriz' FROM trust WHERE code = 'ftc-jacarandas';
                INSERT INTO resale_policy_version (policy_id, version, family, terms, created_by_name, reason)
                SELECT id, 1, 'appraisal', '{"appreciationShare": "0.25"}', 'test', 'test'
                FROM resale_policy WHERE code = 'matrix-lease';
                INSERT INTO parcel (trust_id, code, tenure_category, land_use, geom)
                SELECT id, 'M-LEASE', 'clt_leasehold', 'residential',
                       ST_Multi(ST_MakeEnvelope(-96.770, 16.990, -96.7696, 16.9904, 4326))
                FROM trust WHERE code = 'ftc-jacarandas';
                """);
        leaseParty = database.queryLong("SELECT id FROM party WHERE name = 'Matriz Arrendataria'");
        long farmerParty = database.queryLong("SELECT p.id FROM party p JOIN app_user u ON u.id = p.user_id"
                + " JOIN trust t ON t.id = p.trust_id WHERE u.username = 'demo-farmer' AND t.code = 'ftc-jacarandas'");
        leaseRead = LeaseFixtures.createLease(
                database,
                "ftc-jacarandas",
                "M-LEASE-READ",
                database.queryLong("SELECT id FROM parcel WHERE code = 'M-LEASE'"),
                farmerParty,
                "2026-01-01",
                "2125-01-01",
                "active");
        for (Caller caller : Caller.values()) {
            long parcel = parcelIds.get(caller.name() + 1);
            String code = "M-LEASE-" + name(caller) + "-";
            leaseIds.put(
                    caller + "Ended",
                    LeaseFixtures.createLease(
                            database,
                            "ftc-jacarandas",
                            code + "ended",
                            parcel,
                            leaseParty,
                            "2000-01-01",
                            "2010-01-01",
                            "active"));
            leaseIds.put(
                    caller + "Active",
                    LeaseFixtures.createLease(
                            database,
                            "ftc-jacarandas",
                            code + "active",
                            parcel,
                            leaseParty,
                            "2010-01-01",
                            "2020-01-01",
                            "active"));
            long sold = LeaseFixtures.createLease(
                    database,
                    "ftc-jacarandas",
                    code + "sold",
                    parcel,
                    leaseParty,
                    "2020-01-01",
                    "2060-01-01",
                    "active");
            database.execute("""
                    UPDATE ground_lease
                    SET resale_policy_id = (SELECT id FROM resale_policy WHERE code = 'matrix-lease'),
                        resale_policy_version = 1, purchase_price = 1000000, purchase_appraisal = 1250000,
                        version = version + 1
                    WHERE id = %d
                    """.formatted(sold));
            leaseIds.put(caller + "Sold", sold);
            leaseIds.put(
                    caller + "Draft",
                    LeaseFixtures.createLease(
                            database,
                            "ftc-jacarandas",
                            code + "draft",
                            parcel,
                            leaseParty,
                            "2130-01-01",
                            "2140-01-01",
                            "draft"));
            for (String draft : List.of("Edit", "Cancel")) {
                leaseIds.put(
                        caller + draft,
                        LeaseFixtures.createLease(
                                database,
                                "ftc-jacarandas",
                                code + draft.toLowerCase(Locale.ROOT),
                                parcel,
                                leaseParty,
                                "2140-01-01",
                                "2150-01-01",
                                "draft"));
            }
        }
    }

    private static void createStewardshipFixtures() {
        long parcel = LeaseFixtures.parcelIds(database, "ftc-jacarandas").get(0);
        long party = LeaseFixtures.partyOfAccount(database, "ftc-jacarandas", "Matriz", "demo-farmer");
        long lease = LeaseFixtures.createLease(
                database, "ftc-jacarandas", "L-MATRIZ", parcel, party, "2020-01-01", "2119-01-01", "active");
        database.execute("""
                INSERT INTO stewardship_event (trust_id, lease_id, kind, occurred_on, created_by_name)
                SELECT trust_id, id, 'inspection', DATE '2025-01-05', 'test' FROM ground_lease WHERE id = %1$d;
                INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, lease_id,
                                      created_by_name)
                SELECT trust_id, 'Contrato', 'contrato.pdf', 'application/pdf', 8, sha256('%%PDF-1.4'::bytea),
                       '%%PDF-1.4'::bytea, id, 'test'
                FROM ground_lease WHERE id = %1$d;
                """.formatted(lease));
        stewardshipIds.put("lp", parcel);
        stewardshipIds.put("lease", lease);
        stewardshipIds.put("event", database.queryLong("SELECT max(id) FROM stewardship_event"));
        stewardshipIds.put("doc", database.queryLong("SELECT max(id) FROM document"));
        for (Caller caller : Caller.values()) {
            database.execute("""
                    INSERT INTO obligation (trust_id, lease_id, kind, description, first_due_on, every_months)
                    SELECT trust_id, id, 'other', '%s', DATE '2024-01-15', 1 FROM ground_lease WHERE id = %d
                    """.formatted(name(caller), lease));
            stewardshipIds.put(
                    "o" + caller.name(),
                    database.queryLong("SELECT id FROM obligation WHERE description = '" + name(caller) + "'"));
        }
    }

    /** A small PDF linked to the fixture lease, sent as each caller would send it. */
    private static HttpResponse<String> upload(Caller caller, String path) {
        TestHttp.Upload upload = TestHttp.Upload.of(
                Map.of("title", "Matriz", "lease", Long.toString(stewardshipIds.get("lease")), "reason", "test"),
                "matriz.pdf",
                "application/pdf",
                "%PDF-1.4 matriz".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return switch (caller) {
            case ANONYMOUS -> http.upload(path, upload);
            case TOKEN -> new TestHttp.Bearer(http, token).upload(path, upload);
            default -> sessions.get(caller).upload(path, upload);
        };
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyRegisteredRouteHasARowAndDeclaresOneAccess() {
        List<HttpServer.Route> routes = app.routes();
        Set<String> registered = routes.stream()
                .filter(route -> !route.method().equals("HEAD"))
                .map(route -> route.method() + " " + route.path())
                .collect(Collectors.toSet());
        Set<String> inMatrix =
                MATRIX.stream().map(row -> row.method() + " " + row.route()).collect(Collectors.toSet());

        assertThat(registered)
                .as("every route needs a row in the access matrix")
                .isEqualTo(inMatrix);
        assertThat(routes)
                .allSatisfy(route -> assertThat(route.access()).as(route.path()).hasSize(1));
    }

    /** The writes that are not staff's: one's own account, the operator's, and those that write nothing. */
    private static final Set<String> NOT_REGISTRY_WRITES = Set.of(
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/logout",
            "POST /api/v1/auth/password",
            "POST /api/v1/tokens",
            "DELETE /api/v1/tokens/{id}",
            "PUT /api/v1/trusts/{trust}/members/{username}",
            "DELETE /api/v1/trusts/{trust}/members/{username}",
            "POST /api/v1/trusts",
            "PUT /api/v1/price-indexes/{code}/values",
            "POST /api/v1/geometry/repair",
            "POST /api/v1/resale-policies/{id}/versions/{version}/quote");

    /**
     * A caller who may not write the registry is refused before its body is read: a broken body from a
     * board member, a researcher, a lessee or a researcher's token is a 403, never a 422 that would
     * describe what the body should have held.
     */
    @Test
    void whoMayNotWriteIsRefusedBeforeTheBodyIsRead() {
        List<String> mismatches = new ArrayList<>();
        List<HttpServer.Route> writes = app.routes().stream()
                .filter(route -> route.path().startsWith("/api/v1/"))
                .filter(route -> !Set.of("GET", "HEAD").contains(route.method()))
                .filter(route -> !NOT_REGISTRY_WRITES.contains(route.method() + " " + route.path()))
                .toList();
        assertThat(writes).allSatisfy(route -> assertThat(route.access())
                .as(route.method() + " " + route.path() + " writes the registry")
                .containsExactly("STAFF"));
        for (HttpServer.Route route : writes) {
            String path = route.path().replaceAll("\\{[^}]+}", "1");
            for (Caller caller : List.of(Caller.BOARD, Caller.RESEARCHER, Caller.LESSEE, Caller.TOKEN)) {
                HttpResponse<String> response = caller == Caller.TOKEN
                        ? new TestHttp.Bearer(http, token).send(route.method(), path, "{\"unknownMember\":[")
                        : sessions.get(caller).send(route.method(), path, "{\"unknownMember\":[");
                if (response.statusCode() != 403) {
                    mismatches.add(route.method() + " " + route.path() + " as " + caller + ": " + response.statusCode()
                            + " " + response.body());
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** HEAD is GET without the body: the same routes, the same access (the calls are checked below). */
    @Test
    void everyGetRouteAnswersHeadWithTheSameAccess() {
        Map<String, Set<String>> getAccess = accessByPath("GET");
        Map<String, Set<String>> headAccess = accessByPath("HEAD");

        assertThat(headAccess).isEqualTo(getAccess);
    }

    private static Map<String, Set<String>> accessByPath(String method) {
        return app.routes().stream()
                .filter(route -> route.method().equals(method))
                .collect(Collectors.toMap(HttpServer.Route::path, HttpServer.Route::access));
    }

    @Test
    void everyCallerGetsTheStatusTheMatrixGivesOnEveryRoute() {
        List<String> mismatches = new ArrayList<>();
        for (Row row : MATRIX) {
            for (Caller caller : Caller.values()) {
                int expected = row.expected().get(caller);
                HttpResponse<String> response = call(caller, row);
                if (response.statusCode() != expected) {
                    mismatches.add(row.method() + " " + row.route() + " as " + caller + ": expected " + expected
                            + ", got " + response.statusCode() + " " + response.body());
                }
                if (response.statusCode() >= 400) {
                    assertThat(response.headers().firstValue("Content-Type"))
                            .as(row.route() + " as " + caller)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                }
                if (row.method().equals("GET")) {
                    HttpResponse<String> head = call(caller, row.asHead());
                    if (head.statusCode() != expected || !head.body().isEmpty()) {
                        mismatches.add("HEAD " + row.route() + " as " + caller + ": expected " + expected
                                + " and no body, got " + head.statusCode() + " " + head.body());
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static HttpResponse<String> call(Caller caller, Row row) {
        String path = fill(row.path(), caller);
        String body = row.body() == null ? null : fill(row.body(), caller);
        if ("UPLOAD".equals(row.body())) {
            return upload(caller, path);
        }
        String[] headers =
                row.ifMatch() == null ? new String[0] : new String[] {"If-Match", fill(row.ifMatch(), caller)};
        return switch (caller) {
            case ANONYMOUS -> http.request(row.method(), path, body, headers);
            case TOKEN -> new TestHttp.Bearer(http, token).send(row.method(), path, body, headers);
            default ->
                (row.freshSession() ? signIn(caller) : sessions.get(caller)).send(row.method(), path, body, headers);
        };
    }

    /** The caller's own values for the table's placeholders. */
    private static String fill(String template, Caller caller) {
        double x = longitude(caller);
        String filled = template.replace("{caller}", name(caller))
                .replace("{staffToken}", Long.toString(staffToken))
                .replace("{lease}", Long.toString(ledgerLease))
                .replace("{resalePolicy}", Long.toString(resalePolicy))
                .replace("{resaleLease}", Long.toString(resaleLease))
                .replace("{leaseParty}", Long.toString(leaseParty))
                .replace("{leaseRead}", Long.toString(leaseRead))
                .replace("{leaseDraft}", Long.toString(leaseIds.get(caller + "Draft")))
                .replace("{leaseEdit}", Long.toString(leaseIds.get(caller + "Edit")))
                .replace("{leaseCancel}", Long.toString(leaseIds.get(caller + "Cancel")))
                .replace("{leaseActive}", Long.toString(leaseIds.get(caller + "Active")))
                .replace("{leaseEnded}", Long.toString(leaseIds.get(caller + "Ended")))
                .replace("{leaseSold}", Long.toString(leaseIds.get(caller + "Sold")))
                .replace("{square {x} 17.004}", square(x, 17.004))
                .replace("{xmid}", Double.toString(x + 0.0002))
                .replace("{x}", Double.toString(x));
        filled = filled.replace("{o}", Long.toString(stewardshipIds.get("o" + caller.name())));
        filled = filled.replace("{stewardLease}", Long.toString(stewardshipIds.get("lease")));
        for (String fixture : List.of("lp", "event", "doc")) {
            filled = filled.replace("{" + fixture + "}", Long.toString(stewardshipIds.get(fixture)));
        }
        for (int i = 1; i <= 5; i++) {
            filled = filled.replace("{p" + i + "}", Long.toString(parcelIds.get(caller.name() + i)));
        }
        for (String fixture : List.of("party", "member", "household", "membership")) {
            filled = filled.replace("{" + fixture + "}", Long.toString(partyIds.get(caller.name() + fixture)));
        }
        return filled;
    }

    /** Each caller writes in its own strip of land, 0.003° wide, south of the land trust's lots. */
    private static double longitude(Caller caller) {
        return -96.760 + List.of(Caller.values()).indexOf(caller) * 0.003;
    }

    private static String square(double lon, double lat) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}",
                lon,
                lat,
                lon + 0.0004,
                lat,
                lon + 0.0004,
                lat + 0.0004,
                lon,
                lat + 0.0004,
                lon,
                lat);
    }

    private static TestHttp.Session signIn(Caller caller) {
        Map<Caller, String[]> accounts = new LinkedHashMap<>();
        accounts.put(Caller.RESEARCHER, new String[] {"demo-researcher", PASSWORD});
        accounts.put(Caller.LESSEE, new String[] {"demo-farmer", PASSWORD});
        accounts.put(Caller.STAFF, new String[] {"demo-staff", PASSWORD});
        accounts.put(Caller.BOARD, new String[] {"demo-board", PASSWORD});
        accounts.put(Caller.ADMIN, new String[] {"demo-admin", PASSWORD});
        accounts.put(Caller.OTHER_ADMIN, new String[] {"otra-admin", OTHER_PASSWORD});
        accounts.put(Caller.OPERATOR, new String[] {"operador", OPERATOR_PASSWORD});
        String[] account = accounts.get(caller);
        return http.signIn(account[0], account[1]);
    }

    private static String name(Caller caller) {
        return caller.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
