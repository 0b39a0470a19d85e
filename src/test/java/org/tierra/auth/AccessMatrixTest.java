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
     * One row per route: a concrete request ({@code {caller}} is replaced by the caller's name, so that
     * writes by different callers do not collide) and the expected status per caller, in the order of
     * {@link Caller}.
     */
    private record Row(
            String method,
            String route,
            String path,
            String body,
            boolean freshSession,
            Map<Caller, Integer> expected) {

        static Row row(String method, String route, String path, String body, boolean freshSession, int... statuses) {
            Caller[] callers = Caller.values();
            if (statuses.length != callers.length) {
                throw new IllegalArgumentException(route + ": one status per caller, in the order of Caller");
            }
            Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
            for (int i = 0; i < callers.length; i++) {
                expected.put(callers[i], statuses[i]);
            }
            return new Row(method, route, path, body, freshSession, expected);
        }
    }

    private static final List<Row> MATRIX = List.of(
            //                                                                                  anon res  les  stf  brd
            // adm  oadm op  tok
            Row.row("GET", "/health", "/health", null, false, 200, 200, 200, 200, 200, 200, 200, 200, 200),
            Row.row(
                    "GET",
                    "/api/v1/parcels",
                    "/api/v1/parcels?limit=2",
                    null,
                    false,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "GET",
                    "/api/v1/parcels/{id}",
                    "/api/v1/parcels/1",
                    null,
                    false,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "GET",
                    "/api/v1/trusts",
                    "/api/v1/trusts",
                    null,
                    false,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "POST",
                    "/api/v1/trusts",
                    "/api/v1/trusts",
                    "{\"code\":\"matrix-{caller}\",\"name\":\"Matriz\",\"kind\":\"other\",\"reason\":\"test\"}",
                    false,
                    401,
                    403,
                    403,
                    403,
                    403,
                    403,
                    403,
                    201,
                    403),
            Row.row(
                    "POST",
                    "/api/v1/auth/login",
                    "/api/v1/auth/login",
                    "{\"username\":\"demo-board\",\"password\":\"" + PASSWORD + "\"}",
                    true, // signing in again ends the session it came with: use a throwaway one
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "POST",
                    "/api/v1/auth/logout",
                    "/api/v1/auth/logout",
                    null,
                    true,
                    401,
                    204,
                    204,
                    204,
                    204,
                    204,
                    204,
                    204,
                    400),
            Row.row(
                    "GET",
                    "/api/v1/auth/me",
                    "/api/v1/auth/me",
                    null,
                    false,
                    401,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "POST",
                    "/api/v1/auth/password",
                    "/api/v1/auth/password",
                    "{\"currentPassword\":\"not the current one\",\"newPassword\":\"una frase nueva larga\"}",
                    false,
                    401,
                    422,
                    422,
                    422,
                    422,
                    422,
                    422,
                    422,
                    403),
            Row.row(
                    "POST",
                    "/api/v1/tokens",
                    "/api/v1/tokens",
                    "{\"name\":\"matriz\",\"trust\":\"ftc-jacarandas\",\"role\":\"researcher\"}",
                    false,
                    401,
                    201,
                    403,
                    201,
                    201,
                    201,
                    403,
                    403,
                    403),
            Row.row(
                    "GET",
                    "/api/v1/tokens",
                    "/api/v1/tokens",
                    null,
                    false,
                    401,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200,
                    200),
            Row.row(
                    "DELETE",
                    "/api/v1/tokens/{id}",
                    "/api/v1/tokens/{staffToken}",
                    null,
                    false,
                    401,
                    404,
                    404,
                    204,
                    404,
                    204,
                    404,
                    404,
                    404),
            Row.row(
                    "GET",
                    "/api/v1/trusts/{trust}/members",
                    "/api/v1/trusts/ftc-jacarandas/members",
                    null,
                    false,
                    401,
                    403,
                    403,
                    403,
                    200,
                    200,
                    403,
                    200,
                    403),
            Row.row(
                    "PUT",
                    "/api/v1/trusts/{trust}/members/{username}",
                    "/api/v1/trusts/ftc-jacarandas/members/new-{caller}",
                    "{\"role\":\"researcher\",\"displayName\":\"Nueva persona\",\"password\":\"frase de acceso larga\","
                            + "\"reason\":\"test\"}",
                    false,
                    401,
                    403,
                    403,
                    403,
                    403,
                    201,
                    403,
                    201,
                    403),
            Row.row(
                    "DELETE",
                    "/api/v1/trusts/{trust}/members/{username}",
                    "/api/v1/trusts/ftc-jacarandas/members/old-{caller}?reason=test",
                    null,
                    false,
                    401,
                    403,
                    403,
                    403,
                    403,
                    204,
                    403,
                    204,
                    403),
            Row.row(
                    "GET",
                    "/api/v1/audit",
                    "/api/v1/audit?trust=ftc-jacarandas",
                    null,
                    false,
                    401,
                    403,
                    403,
                    403,
                    200,
                    200,
                    403,
                    200,
                    403),
            Row.row(
                    "GET",
                    "/api/v1/audit/verify",
                    "/api/v1/audit/verify",
                    null,
                    false,
                    401,
                    403,
                    403,
                    403,
                    200,
                    200,
                    200,
                    200,
                    403));

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static final Map<Caller, TestHttp.Session> sessions = new EnumMap<>(Caller.class);
    private static String token;
    private static long staffToken;

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
            // Members to remove in the DELETE row, one per caller.
            database.execute("""
                    INSERT INTO app_user (username, display_name, password_hash) VALUES ('old-%1$s', 'Antigua', 'x');
                    INSERT INTO membership (user_id, trust_id, role)
                    SELECT u.id, t.id, 'researcher' FROM app_user u, trust t
                    WHERE u.username = 'old-%1$s' AND t.code = 'ftc-jacarandas';
                    """.formatted(name(caller)));
        }
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

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyRegisteredRouteHasARowAndDeclaresOneAccess() {
        List<HttpServer.Route> routes = app.routes();
        Set<String> registered = routes.stream()
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
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static HttpResponse<String> call(Caller caller, Row row) {
        String path = row.path().replace("{caller}", name(caller)).replace("{staffToken}", Long.toString(staffToken));
        String body = row.body() == null ? null : row.body().replace("{caller}", name(caller));
        return switch (caller) {
            case ANONYMOUS -> http.request(row.method(), path, body);
            case TOKEN -> new TestHttp.Bearer(http, token).send(row.method(), path, body);
            default -> (row.freshSession() ? signIn(caller) : sessions.get(caller)).send(row.method(), path, body);
        };
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
