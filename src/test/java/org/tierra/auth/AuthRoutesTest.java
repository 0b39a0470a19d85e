package org.tierra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
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

/** Sign-in, sessions, CSRF and passwords over real HTTP, with the demo accounts. */
class AuthRoutesTest {

    private static final String PASSWORD = TestDatabase.DEMO_PASSWORD;
    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void signInReturnsTheUserTheirRolesAndACsrfTokenWithASafeCookie() {
        TestHttp.Session session = http.signIn("demo-staff", PASSWORD);

        JsonNode body = json(session.signInResponse());
        assertThat(body.at("/user/username").asString()).isEqualTo("demo-staff");
        assertThat(body.at("/user/operator").asBoolean()).isFalse();
        assertThat(body.get("memberships").findValuesAsString("role"))
                .containsOnly("staff")
                .hasSize(2);
        assertThat(body.get("csrfToken").asString()).hasSizeGreaterThan(30);
        String cookie =
                session.signInResponse().headers().allValues("Set-Cookie").get(0);
        assertThat(cookie)
                .startsWith("tierra_session=")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(database.queryLong(
                        "SELECT count(*) FROM audit_entry WHERE action = 'sign-in' AND actor = 'demo-staff'"))
                .isPositive();
    }

    @Test
    void secureCookiesWhenConfigured() {
        try (TierraApp secure =
                TierraApp.start(TestPostgres.freshDatabase().config(true, Map.of("TIERRA_SECURE_COOKIES", "true")))) {
            TestHttp.Session session = new TestHttp(secure.port()).signIn("demo-board", PASSWORD);

            assertThat(session.signInResponse()
                            .headers()
                            .allValues("Set-Cookie")
                            .get(0))
                    .contains("Secure");
        }
    }

    @Test
    void usernamesAreCaseInsensitive() {
        assertThat(http.signIn("Demo-Board", PASSWORD).signInResponse().statusCode())
                .isEqualTo(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        HttpResponse<String> wrongPassword = login("demo-admin", "not-the-password-at-all");
        HttpResponse<String> unknownUser = login("nadie-aqui", "not-the-password-at-all");

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        assertThat(withoutRequestId(json(wrongPassword))).isEqualTo(withoutRequestId(json(unknownUser)));
        assertThat(wrongPassword.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void bothFailuresSpendTheTimeOfAPasswordHash() {
        // Timing is noisy on shared machines; what must hold is that neither answer skips the hash.
        java.util.Optional<String> hash = java.util.Optional.of(Passwords.hash("some-password-123"));
        Passwords.verify("warm-up", hash);
        long hashNanos = timed(() -> Passwords.verify("x", hash));
        long unknownNanos = timed(() -> login("otro-desconocido", "not-the-password-at-all"));
        long wrongNanos = timed(() -> login("demo-researcher", "not-the-password-at-all"));

        assertThat(unknownNanos).isGreaterThan(hashNanos / 3);
        assertThat(wrongNanos).isGreaterThan(hashNanos / 3);
    }

    @Test
    void meDescribesTheSignedInUserAndNeedsCredentials() {
        TestHttp.Session session = http.signIn("demo-farmer", PASSWORD);

        HttpResponse<String> me = session.get("/api/v1/auth/me");
        HttpResponse<String> anonymous = http.get("/api/v1/auth/me");

        assertThat(json(me).at("/user/displayName").asString()).isEqualTo("Familia arrendataria (demo)");
        assertThat(json(me).get("memberships").findValuesAsString("trust")).containsExactly("ftc-jacarandas");
        assertThat(json(me).get("csrfToken").asString()).isEqualTo(session.csrfToken());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("type").asString()).isEqualTo("urn:tierra:problem:unauthenticated");
    }

    @Test
    void writesWithASessionCookieNeedTheCsrfToken() {
        TestHttp.Session session = http.signIn("demo-staff", PASSWORD);

        HttpResponse<String> missing = session.sendWithoutCsrf("POST", "/api/v1/auth/logout", null);
        HttpResponse<String> wrong = http.request(
                "POST",
                "/api/v1/auth/logout",
                null,
                "Cookie",
                session.cookie(),
                "X-CSRF-Token",
                http.signIn("demo-staff", PASSWORD).csrfToken());

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(json(missing).get("type").asString()).isEqualTo("urn:tierra:problem:csrf-token-missing");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(json(wrong).get("type").asString()).isEqualTo("urn:tierra:problem:csrf-token-invalid");
        assertThat(session.get("/api/v1/auth/me").statusCode())
                .as("the session survives the refused writes")
                .isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionAtOnce() {
        TestHttp.Session session = http.signIn("demo-board", PASSWORD);

        HttpResponse<String> out = session.send("POST", "/api/v1/auth/logout", null);

        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie ->
                        assertThat(cookie).startsWith("tierra_session=;").contains("Expires=Thu, 01 Jan 1970"));
        assertThat(session.get("/api/v1/auth/me").statusCode()).isEqualTo(401);
    }

    @Test
    void signingInAgainRotatesTheSession() {
        TestHttp.Session first = http.signIn("demo-admin", PASSWORD);

        HttpResponse<String> again = http.request(
                "POST",
                "/api/v1/auth/login",
                "{\"username\":\"demo-admin\",\"password\":\"" + PASSWORD + "\"}",
                "Cookie",
                first.cookie());

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().allValues("Set-Cookie").get(0)).doesNotStartWith(first.cookie() + ";");
        assertThat(first.get("/api/v1/auth/me").statusCode())
                .as("the old session id is dead")
                .isEqualTo(401);
    }

    @Test
    void sessionsSurviveARestartAndExpireWhenIdleOrOld() {
        TestDatabase own = TestPostgres.freshDatabase();
        TestHttp.Session idle;
        TestHttp.Session old;
        TestHttp.Session kept;
        try (TierraApp first = TierraApp.start(own.config(true))) {
            TestHttp firstHttp = new TestHttp(first.port());
            idle = firstHttp.signIn("demo-staff", PASSWORD);
            old = firstHttp.signIn("demo-board", PASSWORD);
            kept = firstHttp.signIn("demo-admin", PASSWORD);
        }
        own.execute("UPDATE session SET last_seen_at = now() - interval '61 minutes' WHERE user_id = "
                + "(SELECT id FROM app_user WHERE username = 'demo-staff')");
        own.execute("UPDATE session SET expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM app_user WHERE username = 'demo-board')");

        try (TierraApp second = TierraApp.start(own.config(true))) {
            TestHttp secondHttp = new TestHttp(second.port());
            assertThat(secondHttp
                            .request("GET", "/api/v1/auth/me", null, "Cookie", kept.cookie())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(secondHttp
                            .request("GET", "/api/v1/auth/me", null, "Cookie", idle.cookie())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(secondHttp
                            .request("GET", "/api/v1/auth/me", null, "Cookie", old.cookie())
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aDeadSessionCookieOnAPublicRouteIsIgnoredAndCleared() {
        HttpResponse<String> response =
                http.request("GET", "/api/v1/parcels?limit=1", null, "Cookie", "tierra_session=forged");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie ->
                        assertThat(cookie).startsWith("tierra_session=;").contains("Expires=Thu, 01 Jan 1970"));
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottledEvenForUnknownUsers() {
        try (TierraApp own = TierraApp.start(TestPostgres.freshDatabase().config(true))) {
            TestHttp ownHttp = new TestHttp(own.port());
            for (String username : List.of("demo-admin", "no-existe")) {
                for (int attempt = 1; attempt <= 5; attempt++) {
                    assertThat(login(ownHttp, username, "wrong-password-" + attempt)
                                    .statusCode())
                            .isEqualTo(401);
                }
                HttpResponse<String> throttled = login(ownHttp, username, "wrong-password-6");

                assertThat(throttled.statusCode()).as(username).isEqualTo(429);
                assertThat(Long.parseLong(
                                throttled.headers().firstValue("Retry-After").orElseThrow()))
                        .isBetween(1L, 900L);
                assertThat(json(throttled).get("type").asString())
                        .isEqualTo("urn:tierra:problem:too-many-sign-in-attempts");
            }
            // Even the right password waits: the guesser must not learn it was right.
            assertThat(login(ownHttp, "demo-admin", PASSWORD).statusCode()).isEqualTo(429);
            assertThat(login(ownHttp, "demo-board", PASSWORD).statusCode())
                    .as("other accounts unaffected")
                    .isEqualTo(200);
        }
    }

    @Test
    void manyFailuresFromOneAddressAreThrottled() {
        try (TierraApp own = TierraApp.start(TestPostgres.freshDatabase().config(true))) {
            TestHttp ownHttp = new TestHttp(own.port());
            for (int attempt = 1; attempt <= 20; attempt++) {
                assertThat(login(ownHttp, "guess-" + attempt, "wrong-password").statusCode())
                        .isEqualTo(401);
            }

            assertThat(login(ownHttp, "guess-21", "wrong-password").statusCode())
                    .isEqualTo(429);
            assertThat(login(ownHttp, "demo-admin", PASSWORD).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void changingThePasswordChecksTheOldOneAndThePolicyAndEndsOtherSessions() {
        TestDatabase own = TestPostgres.freshDatabase();
        try (TierraApp other = TierraApp.start(own.config(true))) {
            TestHttp ownHttp = new TestHttp(other.port());
            TestHttp.Session here = ownHttp.signIn("demo-researcher", PASSWORD);
            TestHttp.Session elsewhere = ownHttp.signIn("demo-researcher", PASSWORD);

            HttpResponse<String> wrongCurrent = here.send(
                    "POST",
                    "/api/v1/auth/password",
                    "{\"currentPassword\":\"wrong-one-entirely\",\"newPassword\":\"tres palabras largas juntas\"}");
            HttpResponse<String> weak = here.send(
                    "POST",
                    "/api/v1/auth/password",
                    "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"contraseña123\"}");
            HttpResponse<String> changed = here.send(
                    "POST",
                    "/api/v1/auth/password",
                    "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"tres palabras largas juntas\"}");

            assertThat(wrongCurrent.statusCode()).isEqualTo(422);
            assertThat(json(wrongCurrent).get("field").asString()).isEqualTo("currentPassword");
            assertThat(weak.statusCode()).isEqualTo(422);
            assertThat(json(weak).get("field").asString()).isEqualTo("newPassword");
            assertThat(changed.statusCode()).isEqualTo(204);
            assertThat(here.get("/api/v1/auth/me").statusCode()).isEqualTo(200);
            assertThat(elsewhere.get("/api/v1/auth/me").statusCode()).isEqualTo(401);
            assertThat(login(ownHttp, "demo-researcher", "tres palabras largas juntas")
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void badSignInBodiesAreClientErrors() {
        assertThat(http.request("POST", "/api/v1/auth/login", "{\"username\":\"demo-admin\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.request("POST", "/api/v1/auth/login", "{\"username\":5,\"password\":\"x\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.request("POST", "/api/v1/auth/login", "{\"user\":\"a\",\"password\":\"x\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.request("POST", "/api/v1/auth/login", "not json").statusCode())
                .isEqualTo(400);
        assertThat(http.request("POST", "/api/v1/auth/login", "[]").statusCode())
                .isEqualTo(400);
        assertThat(http.request("POST", "/api/v1/auth/login", null).statusCode())
                .isEqualTo(415);
    }

    private static HttpResponse<String> login(String username, String password) {
        return login(http, username, password);
    }

    private static HttpResponse<String> login(TestHttp client, String username, String password) {
        return client.request(
                "POST",
                "/api/v1/auth/login",
                TestHttp.JSON.writeValueAsString(Map.of("username", username, "password", password)));
    }

    private static JsonNode withoutRequestId(JsonNode problem) {
        ((tools.jackson.databind.node.ObjectNode) problem).remove("requestId");
        return problem;
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
