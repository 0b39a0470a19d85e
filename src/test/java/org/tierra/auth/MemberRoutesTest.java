package org.tierra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/** The operator creates a trust and its first admin; admins manage their own trust's people only. */
class MemberRoutesTest {

    private static final String OPERATOR_PASSWORD = "operador de prueba 2026";
    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;

    @BeforeAll
    static void startWithAnOperator() {
        database = TestPostgres.freshDatabase();
        database.execute("INSERT INTO app_user (username, display_name, password_hash, is_operator) VALUES ('operador',"
                + " 'Operador', '" + Passwords.hash(OPERATOR_PASSWORD) + "', true)");
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theOperatorCreatesATrustAndItsFirstAdminWhoThenAddsStaff() {
        TestHttp.Session operator = http.signIn("operador", OPERATOR_PASSWORD);

        HttpResponse<String> trust = operator.send(
                "POST",
                "/api/v1/trusts",
                "{\"code\":\"ejido-san-pablo\",\"name\":\"Ejido San Pablo\",\"kind\":\"ejido\",\"reason\":\"acta de asamblea 12\"}");
        HttpResponse<String> admin = operator.send(
                "PUT",
                "/api/v1/trusts/ejido-san-pablo/members/comisariado",
                "{\"role\":\"admin\",\"displayName\":\"Comisariado ejidal\",\"password\":\"una frase larga y rara\","
                        + "\"reason\":\"primer administrador\"}");

        assertThat(trust.statusCode()).as(trust.body()).isEqualTo(201);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
        TestHttp.Session comisariado = http.signIn("comisariado", "una frase larga y rara");
        HttpResponse<String> staff = comisariado.send(
                "PUT",
                "/api/v1/trusts/ejido-san-pablo/members/tecnica",
                "{\"role\":\"staff\",\"displayName\":\"Técnica de campo\",\"password\":\"otra frase larga rara\","
                        + "\"reason\":\"contratación\"}");
        HttpResponse<String> members = comisariado.get("/api/v1/trusts/ejido-san-pablo/members");

        assertThat(staff.statusCode()).isEqualTo(201);
        assertThat(json(members).get("members").findValuesAsString("username"))
                .containsExactly("comisariado", "tecnica");
        assertThat(database.queryColumn("""
                        SELECT action FROM audit_entry e JOIN trust t ON t.id = e.trust_id
                        WHERE t.code = 'ejido-san-pablo' ORDER BY e.id""")).containsExactly("create", "create", "grant", "create", "grant");
        assertThat(http.get("/api/v1/trusts").body()).contains("ejido-san-pablo");
    }

    @Test
    void onlyTheOperatorCreatesTrusts() {
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);

        HttpResponse<String> refused = admin.send(
                "POST", "/api/v1/trusts", "{\"code\":\"otro\",\"name\":\"Otro\",\"kind\":\"other\",\"reason\":\"x\"}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(database.queryLong("SELECT count(*) FROM trust WHERE code = 'otro'"))
                .isZero();
    }

    @Test
    void anAdminCannotTouchAnotherTrust() {
        TestHttp.Session operator = http.signIn("operador", OPERATOR_PASSWORD);
        operator.send(
                "POST",
                "/api/v1/trusts",
                "{\"code\":\"clt-vecino\",\"name\":\"CLT vecino\",\"kind\":\"community_land_trust\","
                        + "\"reason\":\"alta\"}");
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);

        HttpResponse<String> refused = admin.send(
                "PUT", "/api/v1/trusts/clt-vecino/members/demo-staff", "{\"role\":\"admin\",\"reason\":\"intento\"}");
        HttpResponse<String> listing = admin.get("/api/v1/trusts/clt-vecino/members");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("detail").asString()).contains("clt-vecino");
        assertThat(listing.statusCode()).isEqualTo(403);
        assertThat(database.queryLong("""
                SELECT count(*) FROM membership m JOIN trust t ON t.id = m.trust_id WHERE t.code = 'clt-vecino'""")).isZero();
    }

    @Test
    void staffAndLesseesCannotManagePeople() {
        for (String username : new String[] {"demo-staff", "demo-farmer", "demo-researcher", "demo-board"}) {
            TestHttp.Session session = http.signIn(username, TestDatabase.DEMO_PASSWORD);
            assertThat(session.send(
                                    "PUT",
                                    "/api/v1/trusts/ftc-jacarandas/members/demo-researcher",
                                    "{\"role\":\"admin\",\"reason\":\"x\"}")
                            .statusCode())
                    .as(username)
                    .isEqualTo(403);
        }
        assertThat(database.queryColumn("""
                        SELECT m.role FROM membership m JOIN app_user u ON u.id = m.user_id JOIN trust t ON t.id = m.trust_id
                        WHERE u.username = 'demo-researcher' AND t.code = 'ftc-jacarandas'""")).containsExactly("researcher");
    }

    @Test
    void theLastAdminOfATrustCannotBeRemovedOrDemotedAndNothingIsWritten() {
        TestHttp.Session operator = http.signIn("operador", OPERATOR_PASSWORD);
        operator.send(
                "POST",
                "/api/v1/trusts",
                "{\"code\":\"ejido-solo\",\"name\":\"Ejido Solo\",\"kind\":\"ejido\",\"reason\":\"alta\"}");
        operator.send(
                "PUT",
                "/api/v1/trusts/ejido-solo/members/unica",
                "{\"role\":\"admin\",\"displayName\":\"Única\","
                        + "\"password\":\"la única administradora\",\"reason\":\"alta\"}");
        long auditBefore = database.queryLong("SELECT count(*) FROM audit_entry");

        HttpResponse<String> demoted = operator.send(
                "PUT", "/api/v1/trusts/ejido-solo/members/unica", "{\"role\":\"staff\",\"reason\":\"cambio\"}");
        HttpResponse<String> removed =
                operator.send("DELETE", "/api/v1/trusts/ejido-solo/members/unica?reason=baja", null);

        assertThat(demoted.statusCode()).isEqualTo(409);
        assertThat(removed.statusCode()).isEqualTo(409);
        assertThat(json(removed).get("type").asString()).isEqualTo("urn:tierra:problem:last-admin");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry")).isEqualTo(auditBefore);
    }

    @Test
    void aFailedChangeLeavesNeitherTheChangeNorItsAuditEntry() {
        TestHttp.Session operator = http.signIn("operador", OPERATOR_PASSWORD);
        long usersBefore = database.queryLong("SELECT count(*) FROM app_user");
        long auditBefore = database.queryLong("SELECT count(*) FROM audit_entry");
        database.execute("ALTER TABLE membership ADD CONSTRAINT test_no_board CHECK (role <> 'board') NOT VALID");
        try {
            HttpResponse<String> failed = operator.send(
                    "PUT",
                    "/api/v1/trusts/ftc-jacarandas/members/nueva-consejera",
                    "{\"role\":\"board\",\"displayName\":\"Nueva consejera\",\"password\":\"frase de paso segura\","
                            + "\"reason\":\"elección\"}");

            assertThat(failed.statusCode()).isEqualTo(500);
        } finally {
            database.execute("ALTER TABLE membership DROP CONSTRAINT test_no_board");
        }
        assertThat(database.queryLong("SELECT count(*) FROM app_user"))
                .as("no user without its audit")
                .isEqualTo(usersBefore);
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry"))
                .as("no audit without its change")
                .isEqualTo(auditBefore);
    }

    @Test
    void badMemberRequestsAreClientErrors() {
        TestHttp.Session admin = http.signIn("demo-admin", TestDatabase.DEMO_PASSWORD);
        Map<String, Integer> cases = Map.of(
                "{\"role\":\"owner\",\"reason\":\"x\"}", 422,
                "{\"role\":\"staff\"}", 422,
                "{\"role\":\"staff\",\"reason\":\"x\"}", 422, // new user without displayName/password
                "{\"role\":\"staff\",\"reason\":\"x\",\"displayName\":\"Nuevo\",\"password\":\"corta\"}", 422,
                "{\"role\":\"staff\",\"reason\":\"x\",\"displayName\":\"Nuevo\",\"password\":\"contraseña1234\"}", 422);
        cases.forEach(
                (body, status) -> assertThat(admin.send("PUT", "/api/v1/trusts/ftc-jacarandas/members/nuevo", body)
                                .statusCode())
                        .as(body)
                        .isEqualTo(status));
        assertThat(admin.send(
                                "PUT",
                                "/api/v1/trusts/ftc-jacarandas/members/No%20Valid",
                                "{\"role\":\"staff\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin.send(
                                "PUT",
                                "/api/v1/trusts/no-existe/members/alguien",
                                "{\"role\":\"staff\",\"reason\":\"x\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(admin.send("DELETE", "/api/v1/trusts/ftc-jacarandas/members/demo-staff", null)
                        .statusCode())
                .as("a removal needs a reason")
                .isEqualTo(400);
        assertThat(database.queryLong("SELECT count(*) FROM app_user WHERE username = 'nuevo'"))
                .isZero();
    }
}
