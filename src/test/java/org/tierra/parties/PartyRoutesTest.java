package org.tierra.parties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.net.http.HttpResponse;
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

/** Parties, their members and memberships over HTTP: versions, ETags, privacy, audit, bad input. */
class PartyRoutesTest {

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String person(String trust, String given, String family, String more) {
        return "{\"trust\":\"" + trust + "\",\"kind\":\"person\",\"givenNames\":\"" + given + "\",\"familyNames\":\""
                + family + "\",\"reason\":\"alta en el registro\"" + more + "}";
    }

    private static JsonNode create(String body) {
        HttpResponse<String> response = staff.send("POST", "/api/v1/parties", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static JsonNode group(String kind, String name) {
        return create("{\"trust\":\"ftc-jacarandas\",\"kind\":\"" + kind + "\",\"name\":\"" + name
                + "\",\"reason\":\"alta\"}");
    }

    private static long writes() {
        return database.queryLong("SELECT (SELECT count(*) FROM party) + (SELECT count(*) FROM party_group_member)"
                + " + (SELECT count(*) FROM party_membership) + (SELECT count(*) FROM audit_entry)"
                + " + (SELECT count(*) FROM record_version)");
    }

    @Test
    void createsAPersonWithItsFirstVersionAnETagAndAnAuditEntryWithoutPersonalData() {
        HttpResponse<String> response = staff.send(
                "POST",
                "/api/v1/parties",
                person(
                        "ftc-jacarandas",
                        "Guadalupe",
                        "Hernández García",
                        ",\"gender\":\"female\",\"curp\":\"hegg560427mvzrrl04\",\"rfc\":\"HEGG560427AB1\","
                                + "\"contacts\":[{\"kind\":\"email\",\"value\":\"Lupe@Ejemplo.MX\",\"consent\":true,"
                                + "\"consentRecordedOn\":\"2026-01-15\"},{\"kind\":\"phone\",\"value\":\"+52 951 123 4567\","
                                + "\"consent\":false}]"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode party = json(response);
        long id = party.get("id").asLong();
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + id + "-1\"");
        assertThat(response.headers().firstValue("Location"))
                .hasValue(http.uri("/api/v1/parties/" + id).toString());
        assertThat(party.get("name").asString()).isEqualTo("Guadalupe Hernández García");
        assertThat(party.get("curp").asString()).isEqualTo("HEGG560427MVZRRL04");
        assertThat(party.at("/contacts/0/value").asString()).isEqualTo("lupe@ejemplo.mx");
        assertThat(party.get("version").asInt()).isEqualTo(1);
        assertThat(database.queryColumn("SELECT operation || '|' || changed_by_name || '|' || reason"
                        + " FROM record_version WHERE entity = 'party' AND entity_id = " + id))
                .containsExactly("create|demo-staff|alta en el registro");
        List<String> details = database.queryColumn("SELECT details::text FROM audit_entry WHERE entity = 'party'"
                + " AND entity_id = '" + id + "' AND action = 'create' AND actor = 'demo-staff'");
        assertThat(details).hasSize(1);
        assertThat(details.get(0))
                .contains("curp", "contacts")
                .doesNotContain("Guadalupe", "Hernández", "HEGG560427", "ejemplo.mx", "4567", "female");
    }

    @ParameterizedTest(name = "{0} -> 422 on {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','curp':'HEGG560427MVZRRL05'} | curp",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','curp':'HEGG560231MVZRRL04'} | curp",
                "{'kind':'household','name':'Familia Ruiz','curp':'HEGG560427MVZRRL04'} | curp",
                "{'kind':'household','name':'Familia Ruiz','gender':'female'} | gender",
                "{'kind':'household','name':'Familia Ruiz','rfc':'SCA000229H5A'} | rfc",
                "{'kind':'cooperative','name':'Coop','givenNames':'Ana'} | givenNames",
                "{'kind':'cooperative','name':'Coop','rfc':'GODE561231GR8'} | rfc",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','rfc':'SCA000229H5A'} | rfc",
                "{'kind':'person','familyNames':'Ruiz'} | givenNames",
                "{'kind':'cooperative'} | name",
                "{'kind':'robot','name':'R2'} | kind",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','gender':'f'} | gender",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','age':40} | age",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','account':'demo-nadie'} | account",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','account':'demo-board','trust':'x'} | trust",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'email','value':'ana@','consent':false}]} | contacts[0].value",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'phone','value':'12','consent':false}]} | contacts[0].value",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'fax','value':'12345678','consent':false}]} | contacts[0].kind",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'email','value':'ana@x.mx','consent':true}]} | contacts[0].consentRecordedOn",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'email','value':'ana@x.mx'}]} | contacts[0].consent",
                "{'kind':'person','givenNames':'Ana','familyNames':'Ruiz','contacts':[{'kind':'email','value':'ana@x.mx','consent':false,'extra':1}]} | contacts[0].extra",
            })
    void refusesBadInputNamingTheFieldAndWritesNothing(String body, String field) {
        String withTrust = body.replace('\'', '"')
                .replaceFirst("\\{", "{\"reason\":\"prueba\",")
                .replace(",\"trust\":\"x\"", "");
        if (!withTrust.contains("\"trust\"")) {
            withTrust = withTrust.replaceFirst("\\{", "{\"trust\":\"ftc-jacarandas\",");
        }
        // 'trust' row: a trust code that does not exist is named as the field to fix
        if (field.equals("trust")) {
            withTrust = withTrust.replace("\"ftc-jacarandas\"", "\"no-existe\"");
        }
        long before = writes();

        HttpResponse<String> response = staff.send("POST", "/api/v1/parties", withTrust);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("field").asString()).isEqualTo(field);
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void curpProblemsSayWhichPartIsWrong() {
        HttpResponse<String> response = staff.send(
                "POST", "/api/v1/parties", person("ftc-jacarandas", "Ana", "Ruiz", ",\"curp\":\"HEGG560427MVZRRL05\""));

        assertThat(json(response).get("detail").asString()).contains("check digit", "should be 4");
    }

    @Test
    void aDuplicateCurpInTheTrustIsA409NamingTheExistingParty() {
        long first = create(person("ftc-jacarandas", "Eduardo", "Gómez", ",\"curp\":\"MAPA850614MOCRRN05\""))
                .get("id")
                .asLong();
        long before = writes();

        HttpResponse<String> again = staff.send(
                "POST",
                "/api/v1/parties",
                person("ftc-jacarandas", "Otra", "Persona", ",\"curp\":\"mapa850614mocrrn05\""));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("party").asLong()).isEqualTo(first);
        assertThat(json(again).get("detail").asString()).contains("Party " + first);
        assertThat(writes()).isEqualTo(before);
        // another trust may hold the same person
        create(person("ejido-loma-sabinos", "Eduardo", "Gómez", ",\"curp\":\"MAPA850614MOCRRN05\""));
    }

    @Test
    void patchNeedsTheCurrentETagAndWritesExactlyOneNewVersion() {
        JsonNode created = create(person("ftc-jacarandas", "Rosa", "López", ",\"notes\":\"primera\""));
        long id = created.get("id").asLong();
        String path = "/api/v1/parties/" + id;
        String change = "{\"reason\":\"corrige nombre\",\"givenNames\":\"Rosa María\",\"notes\":null}";

        assertThat(staff.send("PATCH", path, change).statusCode()).isEqualTo(428);
        assertThat(staff.send("PATCH", path, change, "If-Match", "\"party-" + id + "-7\"")
                        .statusCode())
                .isEqualTo(412);
        assertThat(staff.send("PATCH", path, change, "If-Match", "\"12-1\"").statusCode())
                .isEqualTo(400);
        assertThat(staff.send("PATCH", path, "{\"reason\":\"x\",\"kind\":\"household\"}", "If-Match", etag(id, 1))
                        .statusCode())
                .isEqualTo(422);
        assertThat(database.queryLong("SELECT version FROM party WHERE id = " + id))
                .isEqualTo(1);

        HttpResponse<String> patched = staff.send("PATCH", path, change, "If-Match", etag(id, 1));

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).hasValue(etag(id, 2));
        JsonNode party = json(patched);
        assertThat(party.get("name").asString()).isEqualTo("Rosa María López"); // followed the default
        assertThat(party.get("notes").isNull()).isTrue();
        assertThat(staff.send("PATCH", path, change, "If-Match", etag(id, 1)).statusCode())
                .isEqualTo(412);
        assertThat(database.queryColumn(
                        "SELECT details::text FROM audit_entry WHERE entity = 'party' AND action = 'update'"
                                + " AND entity_id = '" + id + "'"))
                .singleElement()
                .satisfies(details -> assertThat(details)
                        .contains("givenNames", "notes", "name")
                        .doesNotContain("Rosa"));

        JsonNode versions = json(staff.get(path + "/versions"));
        assertThat(versions.at("/versions/0/givenNames").asString()).isEqualTo("Rosa");
        assertThat(versions.at("/versions/0/validTo").isNull()).isFalse();
        assertThat(versions.at("/versions/1/givenNames").asString()).isEqualTo("Rosa María");
        assertThat(versions.at("/versions/1/changedBy").asString()).isEqualTo("demo-staff");
        assertThat(versions.at("/versions/1/reason").asString()).isEqualTo("corrige nombre");
        assertThat(versions.get("versions")).hasSize(2);
        // a change that changes nothing writes no version
        assertThat(staff.send("PATCH", path, change, "If-Match", etag(id, 2)).statusCode())
                .isEqualTo(200);
        assertThat(database.queryLong("SELECT version FROM party WHERE id = " + id))
                .isEqualTo(2);
    }

    @Test
    void patchStillAcceptsThePartyETagsOfTheOldForm() {
        long id = create(person("ftc-jacarandas", "Irma", "Vega", "")).get("id").asLong();
        String path = "/api/v1/parties/" + id;
        String change = "{\"reason\":\"corrige notas\",\"notes\":\"nueva\"}";

        HttpResponse<String> patched = staff.send("PATCH", path, change, "If-Match", "\"party-" + id + "-1\"");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(patched.headers().firstValue("ETag")).hasValue(etag(id, 2));
        assertThat(staff.send("PATCH", path, change, "If-Match", "\"party-" + id + "-1\"")
                        .statusCode())
                .isEqualTo(412);
        assertThat(database.queryLong("SELECT version FROM party WHERE id = " + id))
                .isEqualTo(2);
    }

    @Test
    void theTrustsPeopleReadEveryPartyOthersOnlyTheirOwn() {
        // The demo registry links demo-farmer to Rosa; this test links the account to a new person.
        database.execute("UPDATE party SET user_id = NULL, version = version + 1"
                + " WHERE user_id = (SELECT id FROM app_user WHERE username = 'demo-farmer')");
        long someone =
                create(person("ftc-jacarandas", "Alguien", "Más", "")).get("id").asLong();
        long own = create(person("ftc-jacarandas", "Juan", "Campos", ",\"account\":\"demo-farmer\""))
                .get("id")
                .asLong();
        long inEjido = create(person("ejido-loma-sabinos", "Pedro", "Sánchez", ""))
                .get("id")
                .asLong();

        assertThat(board.get("/api/v1/parties/" + someone).statusCode()).isEqualTo(200);
        assertThat(board.get("/api/v1/parties/" + someone).headers().firstValue("ETag"))
                .hasValue(etag(someone, 1));
        assertThat(farmer.get("/api/v1/parties/" + someone).statusCode()).isEqualTo(403);
        assertThat(researcher.get("/api/v1/parties/" + someone).statusCode()).isEqualTo(403);
        assertThat(farmer.get("/api/v1/parties/" + inEjido).statusCode()).isEqualTo(404);
        assertThat(staff.get("/api/v1/parties/999999").statusCode()).isEqualTo(404);
        assertThat(staff.get("/api/v1/parties/abc").statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/parties/" + someone).statusCode()).isEqualTo(401);

        HttpResponse<String> mine = farmer.get("/api/v1/parties/" + own);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(json(mine).get("account").asString()).isEqualTo("demo-farmer");
        JsonNode myVersions = json(farmer.get("/api/v1/parties/" + own + "/versions"));
        assertThat(myVersions.at("/versions/0/name").asString()).isEqualTo("Juan Campos");
        assertThat(myVersions.at("/versions/0").has("changedBy")).isFalse();
        assertThat(farmer.send(
                                "PATCH",
                                "/api/v1/parties/" + own,
                                "{\"reason\":\"x\",\"notes\":\"y\"}",
                                "If-Match",
                                etag(own, 1))
                        .statusCode())
                .isEqualTo(403);
        assertThat(board.send(
                                "PATCH",
                                "/api/v1/parties/" + own,
                                "{\"reason\":\"x\",\"notes\":\"y\"}",
                                "If-Match",
                                etag(own, 1))
                        .statusCode())
                .isEqualTo(403);

        // one account is one person in a trust
        HttpResponse<String> twice = staff.send(
                "POST", "/api/v1/parties", person("ftc-jacarandas", "Otro", "Juan", ",\"account\":\"demo-farmer\""));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).get("party").asLong()).isEqualTo(own);
        // an account with no role in the trust cannot be linked there
        HttpResponse<String> noRole = staff.send(
                "POST",
                "/api/v1/parties",
                person("ejido-loma-sabinos", "Juan", "Campos", ",\"account\":\"demo-farmer\""));
        assertThat(noRole.statusCode()).isEqualTo(422);
    }

    @Test
    void listsByTrustKindAndNameIgnoringCaseAndAccents() {
        create(person("ftc-jacarandas", "José", "Núñez Ibáñez", ""));
        group("cooperative", "Cooperativa Núñez");

        JsonNode found = json(board.get("/api/v1/parties?trust=ftc-jacarandas&q=NUNEZ&kind=person"));
        assertThat(found.get("parties")).hasSize(1);
        assertThat(found.at("/parties/0/name").asString()).isEqualTo("José Núñez Ibáñez");
        assertThat(json(board.get("/api/v1/parties?trust=ftc-jacarandas&q=n%C3%BA%C3%B1ez"))
                        .get("parties"))
                .hasSize(2);
        assertThat(json(board.get("/api/v1/parties?trust=ftc-jacarandas&q=%25")).get("parties"))
                .isEmpty();
        assertThat(board.get("/api/v1/parties").statusCode()).isEqualTo(400);
        assertThat(board.get("/api/v1/parties?trust=ftc-jacarandas&kind=robot").statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/parties?trust=ftc-jacarandas&sort=name").statusCode())
                .isEqualTo(400);
        assertThat(board.get("/api/v1/parties?trust=no-existe").statusCode()).isEqualTo(404);
        assertThat(farmer.get("/api/v1/parties?trust=ftc-jacarandas").statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/parties?trust=ftc-jacarandas").statusCode())
                .isEqualTo(403);
    }

    @Test
    void householdsHaveMembersOverTimeWithoutOverlaps() {
        long household = group("household", "Familia Campos").get("id").asLong();
        long mother = create(person("ftc-jacarandas", "Marta", "Campos", ""))
                .get("id")
                .asLong();
        long child =
                create(person("ftc-jacarandas", "Luis", "Campos", "")).get("id").asLong();
        String members = "/api/v1/parties/" + household + "/members";

        HttpResponse<String> added = staff.send(
                "POST",
                members,
                "{\"member\":" + mother + ",\"role\":\"head\",\"from\":\"2020-01-01\",\"reason\":\"r\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(staff.send("POST", members, "{\"member\":" + child + ",\"from\":\"2021-05-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(201);
        long otherTrust = create(person("ejido-loma-sabinos", "Lejos", "Otro", ""))
                .get("id")
                .asLong();
        long coop = group("cooperative", "Cooperativa El Roble").get("id").asLong();
        long before = writes();
        HttpResponse<String> overlap =
                staff.send("POST", members, "{\"member\":" + mother + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}");
        assertThat(overlap.statusCode()).isEqualTo(409);
        assertThat(json(overlap).get("type").asString()).isEqualTo("urn:tierra:problem:member-overlap");
        assertThat(staff.send(
                                "POST",
                                members,
                                "{\"member\":" + otherTrust + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", members, "{\"member\":" + coop + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send(
                                "POST",
                                "/api/v1/parties/" + mother + "/members",
                                "{\"member\":" + child + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(staff.send("POST", members, "{\"member\":" + child + ",\"from\":\"2024-13-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(board.send("POST", members, "{\"member\":" + child + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(writes()).isEqualTo(before);

        String end = members + "/" + child + "/end";
        assertThat(staff.send("POST", end, "{\"on\":\"2021-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        HttpResponse<String> ended = staff.send("POST", end, "{\"on\":\"2025-06-30\",\"reason\":\"se mudó\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(staff.send("POST", end, "{\"on\":\"2025-07-30\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(409);
        // after the end, a new period may start
        assertThat(staff.send("POST", members, "{\"member\":" + child + ",\"from\":\"2025-07-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(201);

        JsonNode family = json(staff.get("/api/v1/parties/" + household));
        assertThat(family.get("members")).hasSize(3);
        assertThat(family.at("/members/0/party").asLong()).isEqualTo(mother);
        assertThat(family.at("/members/0/role").asString()).isEqualTo("head");
        assertThat(family.at("/members/1/to").asString()).isEqualTo("2025-06-30");
        assertThat(family.at("/members/1/current").asBoolean()).isFalse();
        JsonNode luis = json(staff.get("/api/v1/parties/" + child));
        assertThat(luis.get("groups")).hasSize(2);
        assertThat(luis.has("members")).isFalse();
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'party' AND entity_id = '"
                        + household + "' AND action IN ('add-member', 'end-member')"))
                .isEqualTo(4);
    }

    @Test
    void aGroupCannotContainItself() {
        long coop = group("cooperative", "Unión de Cooperativas").get("id").asLong();
        long inner = group("organization", "Asociación Interna").get("id").asLong();
        assertThat(staff.send(
                                "POST",
                                "/api/v1/parties/" + coop + "/members",
                                "{\"member\":" + inner + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> cycle = staff.send(
                "POST",
                "/api/v1/parties/" + inner + "/members",
                "{\"member\":" + coop + ",\"from\":\"2024-01-01\",\"reason\":\"r\"}");

        assertThat(cycle.statusCode()).isEqualTo(409);
        assertThat(json(cycle).get("type").asString()).isEqualTo("urn:tierra:problem:membership-cycle");
    }

    @Test
    void membershipsFollowTheTrustsKindAndNeverOverlapInOneRole() {
        long lessee = create(person("ftc-jacarandas", "Carmen", "Ortiz", ""))
                .get("id")
                .asLong();
        long ejidatario = create(person("ejido-loma-sabinos", "Felipe", "Ramírez", ""))
                .get("id")
                .asLong();
        String clt = "/api/v1/parties/" + lessee + "/memberships";
        String ejido = "/api/v1/parties/" + ejidatario + "/memberships";

        HttpResponse<String> first = staff.send(
                "POST",
                clt,
                "{\"role\":\"lessee\",\"from\":\"2020-01-01\"," + "\"to\":\"2024-12-31\",\"reason\":\"contrato\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        long firstId = json(first).get("id").asLong();
        assertThat(staff.send(
                                "POST",
                                ejido,
                                "{\"role\":\"ejidatario\",\"from\":\"1998-03-01\",\"reason\":\"asamblea\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(staff.send(
                                "POST",
                                clt,
                                "{\"role\":\"board_member\",\"seatClass\":\"lessee\","
                                        + "\"from\":\"2024-01-01\",\"reason\":\"elección\"}")
                        .statusCode())
                .isEqualTo(201);

        long before = writes();
        HttpResponse<String> overlap =
                staff.send("POST", clt, "{\"role\":\"lessee\",\"from\":\"2024-12-31\",\"reason\":\"r\"}");
        assertThat(overlap.statusCode()).isEqualTo(409);
        assertThat(json(overlap).get("membership").asLong()).isEqualTo(firstId);
        assertThat(staff.send("POST", clt, "{\"role\":\"ejidatario\",\"from\":\"2020-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", ejido, "{\"role\":\"lessee\",\"from\":\"2020-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", ejido, "{\"role\":\"comunero\",\"from\":\"2020-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send("POST", clt, "{\"role\":\"board_member\",\"from\":\"2026-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send(
                                "POST",
                                clt,
                                "{\"role\":\"lessee\",\"seatClass\":\"public\",\"from\":\"2026-01-01\","
                                        + "\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(staff.send(
                                "POST",
                                clt,
                                "{\"role\":\"lessee\",\"from\":\"2026-01-01\",\"to\":\"2025-01-01\","
                                        + "\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(writes()).isEqualTo(before);
        long household = group("household", "Hogar Ortiz").get("id").asLong();
        before = writes();
        assertThat(staff.send(
                                "POST",
                                "/api/v1/parties/" + household + "/memberships",
                                "{\"role\":\"board_member\",\"seatClass\":\"public\",\"from\":\"2026-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(writes()).isEqualTo(before);
        // a household may lease
        assertThat(staff.send(
                                "POST",
                                "/api/v1/parties/" + household + "/memberships",
                                "{\"role\":\"lessee\",\"from\":\"2026-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(201);

        // a new lessee period after the first ended is fine
        assertThat(staff.send("POST", clt, "{\"role\":\"lessee\",\"from\":\"2025-01-01\",\"reason\":\"renovación\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(staff.send("POST", clt + "/" + firstId + "/end", "{\"on\":\"2024-06-30\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(409);
        long open = database.queryLong("SELECT id FROM party_membership WHERE party_id = " + ejidatario);
        assertThat(staff.send("POST", clt + "/" + open + "/end", "{\"on\":\"2024-06-30\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(staff.send("POST", ejido + "/" + open + "/end", "{\"on\":\"1990-01-01\",\"reason\":\"r\"}")
                        .statusCode())
                .isEqualTo(422);
        HttpResponse<String> ended = staff.send(
                "POST", ejido + "/" + open + "/end", "{\"on\":\"2025-02-28\",\"reason\":\"cesión de derechos\"}");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(database.queryColumn("SELECT valid_during::text FROM party_membership WHERE id = " + open))
                .containsExactly("[1998-03-01,2025-03-01)");

        JsonNode carmen = json(board.get("/api/v1/parties/" + lessee));
        assertThat(carmen.get("memberships")).hasSize(3);
        assertThat(carmen.at("/memberships/0/to").asString()).isEqualTo("2024-12-31");
        assertThat(carmen.at("/memberships/0/current").asBoolean()).isFalse();
        assertThat(carmen.at("/memberships/1/seatClass").asString()).isEqualTo("lessee");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'party' AND entity_id = '"
                        + ejidatario + "' AND action IN ('add-membership', 'end-membership')"))
                .isEqualTo(2);
    }

    private static String etag(long id, int version) {
        return "\"" + id + "-" + version + "\"";
    }
}
