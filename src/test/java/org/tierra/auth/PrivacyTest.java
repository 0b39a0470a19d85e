package org.tierra.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.http.HttpServer;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestPostgres;

/**
 * Walks every route an anonymous caller or a researcher may read, and fails if any answer names a
 * person: a user's name or username, or a field that holds personal data. New public routes are
 * walked automatically; a new path parameter needs a sample value below.
 */
class PrivacyTest {

    /** Field names that hold personal data, in any public JSON. */
    private static final Pattern PERSONAL_FIELD = Pattern.compile(
            "\"(username|displayName|display_name|password\\w*|csrf\\w*|email|phone|telefono|curp|rfc|owner|actor|members?"
                    + "|lessees?|party|parties|person|payments?)\"\\s*:",
            Pattern.CASE_INSENSITIVE);

    private static final String SENTINEL_NAME = "Persona Centinela Privada";
    private static final String SENTINEL_USERNAME = "centinela-privada";
    /** A party's name and CURP: personal data no public or researcher answer may ever hold. */
    private static final String SENTINEL_PARTY = "Parte Centinela Secreta";

    private static final String SENTINEL_CURP = "SAPJ800101HOCNRN06";
    private static long sentinelParty;
    /** Sample values for path parameters of public routes. */
    private static final Map<String, String> SAMPLES = Map.of(
            "id", "1",
            "version", "1",
            "collectionId", "parcels",
            "featureId", "1",
            "z", "12",
            "x", "948",
            "y", "1850.mvt",
            "code", "inpc");

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Bearer researcher;

    @BeforeAll
    static void startWithPeopleInTheRegistry() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        database.execute("""
                INSERT INTO app_user (username, display_name, password_hash) VALUES ('%s', '%s', 'x');
                INSERT INTO membership (user_id, trust_id, role)
                SELECT u.id, t.id, 'lessee' FROM app_user u, trust t
                WHERE u.username = '%1$s' AND t.code = 'ftc-jacarandas';
                """.formatted(SENTINEL_USERNAME, SENTINEL_NAME));
        database.execute("""
                INSERT INTO party (trust_id, kind, name, given_names, family_names, curp, contacts)
                SELECT id, 'person', '%1$s', 'Parte', 'Centinela Secreta', '%2$s',
                       '[{"kind": "email", "value": "centinela@ejemplo.mx", "consent": false}]'
                FROM trust WHERE code = 'ftc-jacarandas';
                """.formatted(SENTINEL_PARTY, SENTINEL_CURP));
        sentinelParty = database.queryLong("SELECT id FROM party WHERE curp = '" + SENTINEL_CURP + "'");
        http = new TestHttp(app.port());
        TestHttp.Session session = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        researcher = new TestHttp.Bearer(
                http,
                TestHttp.json(session.send(
                                "POST",
                                "/api/v1/tokens",
                                "{\"name\":\"privacidad\",\"trust\":\"ftc-jacarandas\",\"role\":\"researcher\"}"))
                        .get("token")
                        .asString());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static final String API_DESCRIPTION = "/api/v1/openapi.json";

    @Test
    void noPublicAnswerNamesAPerson() {
        List<String> people = new ArrayList<>(database.queryColumn("SELECT username FROM app_user"));
        people.addAll(database.queryColumn("SELECT display_name FROM app_user"));
        people.addAll(List.of(SENTINEL_PARTY, SENTINEL_CURP));
        assertThat(people).contains(SENTINEL_NAME, "demo-farmer");
        List<HttpServer.Route> publicReads = app.routes().stream()
                .filter(route -> route.method().equals("GET") && route.access().contains("PUBLIC"))
                .toList();
        assertThat(publicReads).hasSizeGreaterThanOrEqualTo(4);

        List<String> leaks = new ArrayList<>();
        for (HttpServer.Route route : publicReads) {
            String path = concrete(route.path());
            for (HttpResponse<String> response : List.of(http.get(path), researcher.get(path))) {
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                String body = response.body();
                Matcher field = PERSONAL_FIELD.matcher(body);
                // The API's description names every field, personal ones included, and holds no one's data:
                // it is still searched for people below.
                if (!path.equals(API_DESCRIPTION) && field.find()) {
                    leaks.add(path + " has the personal field " + field.group());
                }
                people.stream()
                        .filter(person -> body.toLowerCase(Locale.ROOT).contains(person.toLowerCase(Locale.ROOT)))
                        .forEach(person -> leaks.add(path + " names " + person));
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void partiesAreNeverShownToTheTrustsResearchersNorToTheSignedOut() {
        List<String> paths = List.of(
                "/api/v1/parties/" + sentinelParty,
                "/api/v1/parties/" + sentinelParty + "/versions",
                "/api/v1/parties?trust=ftc-jacarandas",
                "/api/v1/parties?trust=ftc-jacarandas&q=centinela");
        TestHttp.Session researcherSession = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        for (String path : paths) {
            for (HttpResponse<String> response :
                    List.of(http.get(path), researcher.get(path), researcherSession.get(path))) {
                assertThat(response.statusCode()).as(path).isIn(401, 403);
                assertThat(response.body())
                        .as(path)
                        .doesNotContain(SENTINEL_PARTY, SENTINEL_CURP, "Centinela", "centinela@");
            }
        }
    }

    @Test
    void thePatternWouldCatchALeak() {
        assertThat(PERSONAL_FIELD.matcher("{\"displayName\": \"x\"}").find()).isTrue();
        assertThat(PERSONAL_FIELD.matcher("{\"CURP\":\"x\"}").find()).isTrue();
        assertThat(PERSONAL_FIELD
                        .matcher("{\"code\":\"JAC-001\",\"name\":\"Lote 1\"}")
                        .find())
                .isFalse();
    }

    private static String concrete(String routePath) {
        Matcher parameter = Pattern.compile("\\{(\\w+)}").matcher(routePath);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String sample = SAMPLES.get(parameter.group(1));
            assertThat(sample)
                    .as("a sample value for {" + parameter.group(1) + "} in " + routePath)
                    .isNotNull();
            parameter.appendReplacement(path, sample);
        }
        parameter.appendTail(path);
        return path.toString();
    }
}
