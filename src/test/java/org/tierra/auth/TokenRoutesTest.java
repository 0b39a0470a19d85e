package org.tierra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** API tokens: shown once, stored hashed, scoped to a trust and role, revocable at once. */
class TokenRoutesTest {

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

    private static JsonNode createToken(TestHttp.Session session, String trust, String role) {
        HttpResponse<String> response = session.send(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"QGIS de la oficina\",\"trust\":\"" + trust + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    @Test
    void aTokenIsShownOnceStoredOnlyAsAHashAndWorksWithoutCsrf() {
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);
        JsonNode created = createToken(admin, "ftc-jacarandas", "board");
        String token = created.get("token").asString();
        TestHttp.Bearer bearer = new TestHttp.Bearer(http, token);

        assertThat(token).startsWith("tierra_");
        assertThat(database.queryLong("SELECT count(*) FROM api_token WHERE token_hash = sha256(convert_to('" + token
                        + "', 'UTF8'))"))
                .isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM api_token WHERE token_prefix = '" + token + "'"))
                .as("the secret itself is nowhere")
                .isZero();
        JsonNode me = json(bearer.get("/api/v1/auth/me"));
        assertThat(me.get("credential").asString()).isEqualTo("api-token");
        assertThat(me.get("memberships").findValuesAsString("role")).containsExactly("board");
        assertThat(me.get("memberships").findValuesAsString("trust")).containsExactly("ftc-jacarandas");
        assertThat(bearer.get("/api/v1/trusts/ftc-jacarandas/members").statusCode())
                .isEqualTo(200);
        assertThat(bearer.get("/api/v1/trusts/ejido-loma-sabinos/members").statusCode())
                .as("the token acts only in its own trust")
                .isEqualTo(403);
    }

    @Test
    void listingShowsTokensButNeverTheirSecrets() {
        TestHttp.Session staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        String token =
                createToken(staff, "ejido-loma-sabinos", "staff").get("token").asString();

        HttpResponse<String> list = staff.get("/api/v1/tokens");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token).contains("QGIS de la oficina");
        assertThat(json(list).get("tokens").findValuesAsString("owner")).containsOnly("demo-staff");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        TestHttp.Session board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        JsonNode created = createToken(board, "ftc-jacarandas", "researcher");
        TestHttp.Bearer bearer = new TestHttp.Bearer(http, created.get("token").asString());
        assertThat(bearer.get("/api/v1/auth/me").statusCode()).isEqualTo(200);

        HttpResponse<String> revoked =
                board.send("DELETE", "/api/v1/tokens/" + created.get("id").asLong(), null);

        assertThat(revoked.statusCode()).isEqualTo(204);
        HttpResponse<String> after = bearer.get("/api/v1/auth/me");
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after).get("type").asString()).isEqualTo("urn:tierra:problem:invalid-token");
        assertThat(bearer.get("/api/v1/parcels?limit=1").statusCode())
                .as("a bad token is refused even on public routes, so its holder notices")
                .isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsRefused() {
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);
        JsonNode created = createToken(admin, "ejido-loma-sabinos", "researcher");
        database.execute(
                "UPDATE api_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'"
                        + " WHERE id = " + created.get("id").asLong());

        assertThat(new TestHttp.Bearer(http, created.get("token").asString())
                        .get("/api/v1/auth/me")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTokenLosesItsRoleWhenItsOwnerDoes() {
        TestDatabase own = TestPostgres.freshDatabase();
        try (TierraApp other = TierraApp.start(own.config(true))) {
            TestHttp otherHttp = new TestHttp(other.port());
            JsonNode created =
                    createToken(otherHttp.signIn("demo-board", TestDatabase.DEMO_PASSWORD), "ftc-jacarandas", "board");
            TestHttp.Bearer bearer =
                    new TestHttp.Bearer(otherHttp, created.get("token").asString());
            assertThat(bearer.get("/api/v1/trusts/ftc-jacarandas/members").statusCode())
                    .isEqualTo(200);

            own.execute(
                    "DELETE FROM membership WHERE user_id = (SELECT id FROM app_user WHERE username = 'demo-board')");

            assertThat(bearer.get("/api/v1/trusts/ftc-jacarandas/members").statusCode())
                    .isEqualTo(403);
        }
    }

    @ParameterizedTest(name = "{0} asks for {2} in {1}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            demo-staff      | ftc-jacarandas     | admin      | 403
            demo-staff      | ftc-jacarandas     | board      | 403
            demo-board      | ejido-loma-sabinos | staff      | 403
            demo-farmer     | ejido-loma-sabinos | lessee     | 403
            demo-researcher | ftc-jacarandas     | researcher | 201
            demo-farmer     | ftc-jacarandas     | lessee     | 201
            demo-admin      | ftc-jacarandas     | staff      | 201
            """)
    void aTokenNeverCarriesMoreThanItsOwnerHolds(String username, String trust, String role, int status) {
        TestHttp.Session session = http.signIn(username, TestDatabase.DEMO_PASSWORD);

        HttpResponse<String> response = session.send(
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"script\",\"trust\":\"" + trust + "\",\"role\":\"" + role + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            past expiry        | {"name":"x","trust":"ftc-jacarandas","role":"board","expiresAt":"2020-01-01T00:00:00Z"} | expiresAt
            expiry in 2 years  | {"name":"x","trust":"ftc-jacarandas","role":"board","expiresAt":"EXPIRY_TOO_FAR"}      | expiresAt
            not an instant     | {"name":"x","trust":"ftc-jacarandas","role":"board","expiresAt":"mañana"}              | expiresAt
            unknown role       | {"name":"x","trust":"ftc-jacarandas","role":"owner"}                                    | role
            unknown trust      | {"name":"x","trust":"no-such-trust","role":"board"}                                     | trust
            no name            | {"trust":"ftc-jacarandas","role":"board"}                                               | name
            unknown field      | {"name":"x","trust":"ftc-jacarandas","role":"board","scope":"all"}                      | scope
            """)
    void badTokenRequestsNameTheField(String description, String body, String field) {
        TestHttp.Session board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        String tooFar = Instant.now().plus(730, ChronoUnit.DAYS).toString();

        HttpResponse<String> response = board.send("POST", "/api/v1/tokens", body.replace("EXPIRY_TOO_FAR", tooFar));

        assertThat(response.statusCode()).as(description).isEqualTo(422);
        assertThat(json(response).get("field").asString()).isEqualTo(field);
    }

    @Test
    void aTokenCannotMintTokensOrSignOut() {
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);
        TestHttp.Bearer bearer = new TestHttp.Bearer(
                http, createToken(admin, "ftc-jacarandas", "admin").get("token").asString());

        assertThat(bearer.send(
                                "POST",
                                "/api/v1/tokens",
                                "{\"name\":\"x\",\"trust\":\"ftc-jacarandas\",\"role\":\"admin\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(bearer.send("POST", "/api/v1/auth/logout", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void someoneElsesTokenCannotBeRevokedUnlessYouAdministerItsTrust() {
        TestHttp.Session staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        long staffToken =
                createToken(staff, "ftc-jacarandas", "researcher").get("id").asLong();
        TestHttp.Session researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);

        assertThat(researcher
                        .send("DELETE", "/api/v1/tokens/" + staffToken, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(admin.send("DELETE", "/api/v1/tokens/" + staffToken + "?reason=left%20the%20trust", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(database.queryColumn(
                        "SELECT reason FROM audit_entry WHERE entity = 'api-token' AND action = 'revoke'"
                                + " AND entity_id = '" + staffToken + "'"))
                .containsExactly("left the trust");
        assertThat(admin.send("DELETE", "/api/v1/tokens/987654", null).statusCode())
                .isEqualTo(404);
        assertThat(admin.send("DELETE", "/api/v1/tokens/abc", null).statusCode())
                .isEqualTo(400);
    }
}
