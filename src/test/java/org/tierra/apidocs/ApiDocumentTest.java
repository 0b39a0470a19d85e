package org.tierra.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.auth.Passwords;
import org.tierra.core.ProblemType;
import org.tierra.http.HttpServer;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.Tierra;
import org.tierra.testing.TierraTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/openapi.json} against the running app: every route has its operation and every operation
 * its route; each operation's query parameters and body members are exactly those its handler accepts
 * (read from the server's own refusals); the document is valid OpenAPI 3.1; real replies of every
 * operation, walked through as the web application would, validate against the documented schemas and
 * statuses; and every problem type in the code is listed.
 */
@TierraTest
class ApiDocumentTest {

    private static final String OPERATOR_PASSWORD = "operador del servidor 2026";
    private static final String UNKNOWN = "zzUnknown";
    /**
     * The GeoPackage download takes its {@code gpkg-version} before it reads the selection, whose refusal
     * lists the selection's parameters only.
     */
    private static final Map<String, Set<String>> READ_BEFORE_THE_SELECTION =
            Map.of("GET /api/v1/exports/parcels.gpkg", Set.of("gpkg-version"));

    private static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static ApiContract contract;
    private static Caller anonymous;
    private static Caller admin;
    private static Caller farmer;
    private static Caller researcher;
    private static Caller operator;
    /** Ids of demo records by the path segment that names their kind ({@code leases}, {@code parties}...). */
    private static final Map<String, Long> demo = new HashMap<>();

    /** Who sends a request: a session (cookie and CSRF token), an API token, or nobody. */
    record Caller(Optional<String> cookie, Optional<String> csrfToken, Optional<String> bearer) {
        static Caller of(TestHttp.Session session) {
            return new Caller(Optional.of(session.cookie()), Optional.of(session.csrfToken()), Optional.empty());
        }

        static Caller bearer(String token) {
            return new Caller(Optional.empty(), Optional.empty(), Optional.of(token));
        }

        void authorize(HttpRequest.Builder request) {
            cookie.ifPresent(value -> request.header("Cookie", value));
            csrfToken.ifPresent(value -> request.header("X-CSRF-Token", value));
            bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        }
    }

    /** A reply, with its body read as JSON when it is JSON. */
    record Reply(int status, HttpResponse<byte[]> response, JsonNode json) {
        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }

        long id() {
            return json.get("id").asLong();
        }
    }

    @BeforeAll
    static void start(Tierra tierra) {
        database = tierra.database();
        app = tierra.app();
        http = tierra.http();
        database.execute("""
                INSERT INTO app_user (username, display_name, password_hash, is_operator)
                VALUES ('operador', 'Operador', '%s', true);
                INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, lease_id,
                                      created_by_name)
                SELECT trust_id, 'Contrato', 'contrato.pdf', 'application/pdf', 8, sha256('%%PDF-1.4'::bytea),
                       '%%PDF-1.4'::bytea, id, 'test'
                FROM ground_lease WHERE id = (SELECT min(id) FROM ground_lease);
                """.formatted(Passwords.hash(OPERATOR_PASSWORD)));
        anonymous = new Caller(Optional.empty(), Optional.empty(), Optional.empty());
        admin = Caller.of(tierra.as(Tierra.DemoUser.ADMIN));
        farmer = Caller.of(tierra.as(Tierra.DemoUser.LESSEE));
        researcher = Caller.of(tierra.as(Tierra.DemoUser.RESEARCHER));
        operator = Caller.of(http.signIn("operador", OPERATOR_PASSWORD));
        demo.put("parcels", database.queryLong("SELECT min(id) FROM parcel"));
        demo.put("parties", database.queryLong("SELECT min(id) FROM party WHERE kind = 'household'"));
        demo.put("leases", database.queryLong("SELECT min(id) FROM ground_lease WHERE status = 'active'"));
        demo.put("resale-policies", database.queryLong("SELECT min(id) FROM resale_policy"));
        demo.put("events", database.queryLong("SELECT min(id) FROM stewardship_event"));
        demo.put("obligations", database.queryLong("SELECT min(id) FROM obligation"));
        demo.put("documents", database.queryLong("SELECT min(id) FROM document"));
        demo.put("tokens", 1L);
        HttpResponse<byte[]> served = send(anonymous, "GET", ApiDocumentRoutes.PATH, null, null);
        assertThat(served.statusCode()).isEqualTo(200);
        contract = new ApiContract(TestHttp.JSON.readTree(served.body()));
    }

    // ---------------------------------------------------------------------------------------------
    // The document as served

    @Test
    void isServedAsJsonWithTheAddressTheClientUsedAndAnETag() {
        HttpResponse<byte[]> response = send(anonymous, "GET", ApiDocumentRoutes.PATH, null, null);
        JsonNode served = TestHttp.JSON.readTree(response.body());

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(served.get("openapi").asString()).isEqualTo("3.1.0");
        assertThat(served.at("/servers/0/url").asString()).isEqualTo("http://127.0.0.1:" + app.port());
        ObjectNode withoutServers = (ObjectNode) served.deepCopy();
        withoutServers.remove("servers");
        ObjectNode written = ApiDocumentRoutes.read();
        written.remove("servers");
        assertThat(withoutServers).isEqualTo(written);

        String etag = response.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = send(anonymous, "GET", ApiDocumentRoutes.PATH, null, null, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> head = send(anonymous, "HEAD", ApiDocumentRoutes.PATH, null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void isValidOpenApi31WhoseReferencesAllResolve() {
        String text = TestHttp.JSON.writeValueAsString(contract.document());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text);

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
        List<String> unresolved = new ArrayList<>();
        for (JsonNode ref : contract.document().findValues("$ref")) {
            try {
                contract.resolve(TestHttp.JSON.createObjectNode().set("$ref", ref));
            } catch (IllegalStateException e) {
                unresolved.add(e.getMessage());
            }
        }
        assertThat(unresolved).isEmpty();
        Set<String> operationIds = new TreeSet<>();
        for (ApiContract.Operation operation : contract.operations()) {
            assertThat(operationIds.add(operation.node().get("operationId").asString()))
                    .as("operationId of " + operation.key() + " is unique")
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Routes, access and parameters against the running app

    @Test
    void everyApiRouteIsAnOperationAndEveryOperationARoute() {
        Set<String> registered = apiRoutes().stream()
                .map(route -> route.method() + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = contract.operations().stream()
                .map(ApiContract.Operation::key)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).as("operations in api-v1.yaml").isEqualTo(registered);
    }

    @Test
    void pathParametersAreTheRouteTemplates() {
        for (ApiContract.Operation operation : contract.operations()) {
            assertThat(contract.parameterNames(operation, "path"))
                    .as("path parameters of " + operation.key())
                    .containsExactlyInAnyOrderElementsOf(operation.templateParameters());
            for (JsonNode parameter : contract.parameters(operation)) {
                if (parameter.get("in").asString().equals("path")) {
                    assertThat(parameter.path("required").asBoolean())
                            .as(operation.key() + " " + parameter.get("name"))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void eachOperationDeclaresTheAccessItsRouteHas() {
        Map<String, String> access = apiRoutes().stream()
                .collect(Collectors.toMap(route -> route.method() + " " + route.path(), route -> route.access()
                        .iterator()
                        .next()
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-')));
        for (ApiContract.Operation operation : contract.operations()) {
            String declared = access.get(operation.key());
            assertThat(operation.node().path("x-tierra-access").asString())
                    .as("x-tierra-access of " + operation.key())
                    .isEqualTo(declared);
            boolean anonymousAllowed = false;
            for (JsonNode requirement : operation.node().get("security")) {
                anonymousAllowed |= requirement.isEmpty();
            }
            assertThat(anonymousAllowed)
                    .as("security of " + operation.key() + " allows anonymous callers")
                    .isEqualTo(declared.equals("public"));
        }
    }

    /**
     * Each operation called with an unknown query parameter, by a caller who gets past its access
     * control: the refusal lists what the handler accepts, which must be what the document lists.
     */
    @Test
    void queryParametersAreThoseEachOperationAccepts() {
        List<String> mismatches = new ArrayList<>();
        for (ApiContract.Operation operation : contract.operations()) {
            String path = concrete(operation.path()) + "?" + UNKNOWN + "=1";
            Reply reply = exchange(callerFor(operation), operation.method(), path, null, null, ifMatchFor(operation));
            if (reply.status() != 400
                    || !UNKNOWN.equals(reply.json().path("parameter").asString())) {
                mismatches.add(operation.key() + ": expected a 400 naming " + UNKNOWN + ", got " + reply.status() + " "
                        + reply.json());
                continue;
            }
            if (contract.response(operation, 400).isEmpty()) {
                mismatches.add(operation.key() + ": its 400 is not documented");
            }
            Set<String> accepted = accepted(reply.json());
            accepted.addAll(READ_BEFORE_THE_SELECTION.getOrDefault(operation.key(), Set.of()));
            Set<String> documented = new TreeSet<>(contract.parameterNames(operation, "query"));
            if (!accepted.equals(documented)) {
                mismatches.add(operation.key() + ": accepts " + accepted + ", documented " + documented);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Each write sent an unknown member: the refusal lists the members the handler reads. */
    @Test
    void requestBodiesHoldTheMembersEachWriteAccepts() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (ApiContract.Operation operation : contract.operations()) {
            String path = concrete(operation.path());
            Reply reply;
            Set<String> documented;
            if (contract.requestSchema(operation, "application/json").isPresent()) {
                reply = exchange(
                        callerFor(operation),
                        operation.method(),
                        path,
                        "application/json",
                        TestHttp.JSON.writeValueAsBytes(Map.of(UNKNOWN, 1)),
                        ifMatchFor(operation));
                documented = new TreeSet<>(contract.requestMembers(operation, "application/json"));
            } else if (contract.requestSchema(operation, "multipart/form-data").isPresent()) {
                TestHttp.Upload upload = TestHttp.Upload.of(Map.of(UNKNOWN, "1"), null, null, new byte[0]);
                reply = exchange(callerFor(operation), operation.method(), path, upload.contentType(), upload.body());
                documented = new TreeSet<>(contract.requestMembers(operation, "multipart/form-data"));
            } else {
                continue;
            }
            checked++;
            if (contract.response(operation, 422).isEmpty()
                    || contract.response(operation, 415).isEmpty()) {
                mismatches.add(operation.key() + ": its 415 and 422 are not both documented");
            }
            if (reply.status() != 422
                    || !UNKNOWN.equals(reply.json().path("field").asString())) {
                mismatches.add(operation.key() + ": expected a 422 naming " + UNKNOWN + ", got " + reply.status() + " "
                        + reply.json());
                continue;
            }
            Set<String> accepted = accepted(reply.json());
            if (!accepted.equals(documented)) {
                mismatches.add(operation.key() + ": accepts " + accepted + ", documented " + documented);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(30);
    }

    /** A write sent as text is refused as such (415), which each write with a body documents. */
    @Test
    void writesRefuseABodyOfAnotherMediaType() {
        List<String> mismatches = new ArrayList<>();
        for (ApiContract.Operation operation : contract.operations()) {
            if (operation.node().get("requestBody") == null) {
                continue;
            }
            Reply reply = exchange(
                    callerFor(operation),
                    operation.method(),
                    concrete(operation.path()),
                    "text/plain",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    ifMatchFor(operation));
            if (reply.status() != 415) {
                mismatches.add(operation.key() + ": expected 415, got " + reply.status() + " " + reply.json());
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Every operation refuses an unknown API token (401), public ones too, and every operation that is not
     * public refuses an anonymous caller (401): each documents its 401.
     */
    @Test
    void everyOperationDocumentsItsRefusalOfUnknownCallers() {
        List<String> mismatches = new ArrayList<>();
        for (ApiContract.Operation operation : contract.operations()) {
            boolean isPublic =
                    operation.node().path("x-tierra-access").asString().equals("public");
            List<Caller> refused = isPublic
                    ? List.of(Caller.bearer("tierra_unknown"))
                    : List.of(Caller.bearer("tierra_unknown"), anonymous);
            for (Caller caller : refused) {
                Reply reply = exchange(caller, operation.method(), concrete(operation.path()), null, null);
                if (reply.status() != 401 || contract.response(operation, 401).isEmpty()) {
                    mismatches.add(operation.key() + ": " + reply.status() + " " + reply.json());
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Problem types

    @Test
    void listsEveryProblemTypeWithItsStatusAndTitle() throws ClassNotFoundException {
        Set<String> inCode = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tierra")) {
            if (type.isEnum() && type.isAssignableTo(ProblemType.class)) {
                for (Object constant : Class.forName(type.getName()).getEnumConstants()) {
                    ProblemType problem = (ProblemType) constant;
                    inCode.add(problem.code() + " " + problem.status() + " " + problem.title());
                }
            }
        }
        JsonNode problemType = contract.document().at("/components/schemas/ProblemType");
        Set<String> documented = new TreeSet<>();
        problemType
                .get("x-problem-types")
                .forEach(entry -> documented.add(entry.get("code").asString() + " "
                        + entry.get("status").asInt() + " " + entry.get("title").asString()));
        Set<String> enumerated = new TreeSet<>();
        problemType.get("enum").forEach(value -> enumerated.add(value.asString()));

        assertThat(inCode).hasSizeGreaterThan(40);
        assertThat(documented).as("x-problem-types").isEqualTo(inCode);
        assertThat(enumerated)
                .as("ProblemType's enum")
                .isEqualTo(inCode.stream()
                        .map(entry -> "urn:tierra:problem:" + entry.substring(0, entry.indexOf(' ')))
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    // ---------------------------------------------------------------------------------------------
    // Real replies against the schemas

    /**
     * Every operation called as the web application would, with valid input, in an order that creates what
     * the next call needs: each reply's status must be documented, and its body must validate against the
     * documented schema (strictly: no member the document does not name). Refusals on the way are checked
     * against the Problem schema.
     */
    @Test
    void repliesOfEveryOperationMatchTheirSchemas() {
        Walk walk = new Walk();
        walk.run();

        assertThat(walk.failures).isEmpty();
        Set<String> notExercised = contract.operations().stream()
                .map(ApiContract.Operation::key)
                .filter(key -> !walk.succeeded.contains(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(notExercised).as("operations never answered with success").isEmpty();
        assertThat(walk.problemsValidated).as("problem replies validated").isGreaterThan(5);
    }

    /** The validation is strict enough to be worth something: extra, missing and malformed members fail. */
    @Test
    void validationRefusesWhatTheDocumentDoesNotSay() {
        JsonNode trust = contract.component("CreatedTrust");
        Map<String, Object> valid = body("code", "ejido-nuevo", "name", "Ejido Nuevo", "kind", "ejido");

        assertThat(contract.validate(trust, TestHttp.JSON.valueToTree(valid))).isEmpty();
        Map<String, Object> extra = new LinkedHashMap<>(valid);
        extra.put("colour", "red");
        assertThat(contract.validate(trust, TestHttp.JSON.valueToTree(extra))).isNotEmpty();
        Map<String, Object> missing = new LinkedHashMap<>(valid);
        missing.remove("name");
        assertThat(contract.validate(trust, TestHttp.JSON.valueToTree(missing))).isNotEmpty();
        Map<String, Object> wrongKind = new LinkedHashMap<>(valid);
        wrongKind.put("kind", "cooperative");
        assertThat(contract.validate(trust, TestHttp.JSON.valueToTree(wrongKind)))
                .isNotEmpty();
        JsonNode balance = contract.component("Balance");
        assertThat(contract.validate(
                        balance,
                        TestHttp.JSON.valueToTree(body(
                                "amount",
                                "10.00",
                                "currency",
                                "MXN",
                                "daysInArrears",
                                0,
                                "oldestUnpaidDueOn",
                                "31/01/2027"))))
                .as("a date not in ISO 8601")
                .isNotEmpty();
        assertThat(contract.validate(
                        balance,
                        TestHttp.JSON.valueToTree(body(
                                "amount", 10.0, "currency", "MXN", "daysInArrears", 0, "oldestUnpaidDueOn", null))))
                .as("money as a JSON number")
                .isNotEmpty();
    }

    /** The calls of {@link #repliesOfEveryOperationMatchTheirSchemas}, each checked against the document. */
    private static final class Walk {
        final List<String> failures = new ArrayList<>();
        final Set<String> succeeded = new LinkedHashSet<>();
        int problemsValidated;
        private int next = 0;

        void run() {
            accounts();
            Map<String, Long> parcels = parcels();
            Map<String, Long> parties = parties();
            long policy = resale();
            leases(parcels, parties, policy);
            ledger();
            stewardship(parcels);
            documents();
            views();
            downloads();
            refusals(parcels);
        }

        private void accounts() {
            call(anonymous, "GET", ApiDocumentRoutes.PATH, null);
            call(anonymous, "GET", "/api/v1/trusts", null);
            call(
                    operator,
                    "POST",
                    "/api/v1/trusts",
                    body("code", "prueba-contrato", "name", "Prueba", "kind", "other", "reason", "prueba"));
            call(
                    anonymous,
                    "POST",
                    "/api/v1/auth/login",
                    body("username", "demo-board", "password", TestDatabase.DEMO_PASSWORD));
            call(admin, "GET", "/api/v1/auth/me", null);
            Reply token = call(
                    admin,
                    "POST",
                    "/api/v1/tokens",
                    body("name", "contrato", "trust", "ftc-jacarandas", "role", "researcher"));
            call(Caller.bearer(token.json().get("token").asString()), "GET", "/api/v1/auth/me", null);
            call(admin, "GET", "/api/v1/tokens", null);
            call(admin, "DELETE", "/api/v1/tokens/" + token.id() + "?reason=prueba", null);

            call(admin, "GET", "/api/v1/trusts/ftc-jacarandas/members", null);
            String member = "/api/v1/trusts/ftc-jacarandas/members/persona-contrato";
            String password = "una frase de acceso larga 2026";
            call(
                    admin,
                    "PUT",
                    member,
                    body("role", "researcher", "displayName", "Persona", "password", password, "reason", "prueba"));
            Caller person = Caller.of(http.signIn("persona-contrato", password));
            call(
                    person,
                    "POST",
                    "/api/v1/auth/password",
                    body("currentPassword", password, "newPassword", "otra frase de acceso larga 2027"));
            call(person, "POST", "/api/v1/auth/logout", null);
            call(admin, "PUT", member, body("role", "staff", "reason", "prueba"));
            call(admin, "DELETE", member + "?reason=prueba", null);
            call(admin, "GET", "/api/v1/audit?trust=ftc-jacarandas&limit=5", null);
            call(admin, "GET", "/api/v1/audit/verify", null);
        }

        private Map<String, Long> parcels() {
            Map<String, Long> ids = new HashMap<>();
            call(anonymous, "GET", "/api/v1/parcels?limit=2&trust=ftc-jacarandas", null);
            long demoParcel = demo.get("parcels");
            call(anonymous, "GET", "/api/v1/parcels/" + demoParcel, null);
            call(admin, "GET", "/api/v1/parcels/" + demoParcel + "?asOf=2100-01-01T00:00:00Z", null);

            Reply created = call(admin, "POST", "/api/v1/parcels", newParcel("OA-A", -96.7500, 17.0100, true));
            long parcel = created.id();
            if (!created.json().has("warnings")) {
                failures.add("a boundary with heights should have been answered with warnings, to check their schema");
            }
            Reply changed = call(
                    admin,
                    "PATCH",
                    "/api/v1/parcels/" + parcel,
                    body("type", "Feature", "properties", body("name", "Lote de prueba"), "reason", "prueba"),
                    "If-Match",
                    created.header("ETag"));
            call(anonymous, "GET", "/api/v1/parcels/" + parcel + "/versions", null);
            call(admin, "GET", "/api/v1/parcels/" + parcel + "/versions", null);
            call(anonymous, "GET", "/api/v1/parcels/" + parcel + "/versions/1", null);
            call(anonymous, "GET", "/api/v1/parcels/" + parcel + "/diff?from=1&to=2", null);
            double middle = -96.7500 + 0.0002;
            Reply split = call(
                    admin,
                    "POST",
                    "/api/v1/parcels/" + parcel + "/split",
                    body("reason", "prueba", "line", line(middle, 17.0099, middle, 17.0105)),
                    "If-Match",
                    changed.header("ETag"));
            List<Long> children = new ArrayList<>();
            split.json()
                    .get("children")
                    .forEach(child -> children.add(child.get("id").asLong()));
            Reply merged = call(
                    admin,
                    "POST",
                    "/api/v1/parcels/merge",
                    body("reason", "prueba", "parcels", children, "properties", body("code", "OA-M")),
                    "If-Match",
                    children.stream().map(id -> "\"" + id + "-1\"").collect(Collectors.joining(", ")));
            call(
                    anonymous,
                    "GET",
                    "/api/v1/parcels/" + merged.json().at("/parcel/id").asLong() + "/lineage",
                    null);
            call(anonymous, "GET", "/api/v1/parcels/" + parcel + "/lineage", null);

            Reply retiring = call(admin, "POST", "/api/v1/parcels", newParcel("OA-B", -96.7480, 17.0100, false));
            call(
                    admin,
                    "POST",
                    "/api/v1/parcels/" + retiring.id() + "/retire",
                    body("reason", "prueba"),
                    "If-Match",
                    retiring.header("ETag"));
            call(admin, "POST", "/api/v1/geometry/repair", body("geometry", bowTie()));
            for (int i = 1; i <= 4; i++) {
                ids.put(
                        "C" + i,
                        call(
                                        admin,
                                        "POST",
                                        "/api/v1/parcels",
                                        newParcel("OA-C" + i, -96.7500 + i * 0.002, 17.0120, false))
                                .id());
            }
            return ids;
        }

        private Map<String, Long> parties() {
            Map<String, Long> ids = new HashMap<>();
            Reply person = call(
                    admin,
                    "POST",
                    "/api/v1/parties",
                    body(
                            "trust", "ftc-jacarandas",
                            "kind", "person",
                            "givenNames", "Ana",
                            "familyNames", "Prueba Contrato",
                            "gender", "female",
                            "contacts",
                                    List.of(body(
                                            "kind",
                                            "phone",
                                            "value",
                                            "+52 951 555 0199",
                                            "consent",
                                            true,
                                            "consentRecordedOn",
                                            "2024-01-10")),
                            "reason", "prueba"));
            Reply household = call(
                    admin,
                    "POST",
                    "/api/v1/parties",
                    body(
                            "trust",
                            "ftc-jacarandas",
                            "kind",
                            "household",
                            "name",
                            "Hogar Prueba Contrato",
                            "reason",
                            "prueba"));
            ids.put("person", person.id());
            ids.put("household", household.id());
            call(admin, "GET", "/api/v1/parties?trust=ftc-jacarandas&limit=5&kind=person&q=prueba", null);
            call(
                    admin,
                    "PATCH",
                    "/api/v1/parties/" + person.id(),
                    body("notes", "Nota de prueba", "reason", "prueba"),
                    "If-Match",
                    person.header("ETag"));
            call(admin, "GET", "/api/v1/parties/" + person.id() + "/versions", null);
            call(
                    admin,
                    "POST",
                    "/api/v1/parties/" + household.id() + "/members",
                    body("member", person.id(), "role", "head", "from", "2024-01-01", "reason", "prueba"));
            call(admin, "GET", "/api/v1/parties/" + household.id(), null);
            call(
                    admin,
                    "POST",
                    "/api/v1/parties/" + household.id() + "/members/" + person.id() + "/end",
                    body("on", "2025-01-01", "reason", "prueba"));
            Reply membership = call(
                    admin,
                    "POST",
                    "/api/v1/parties/" + person.id() + "/memberships",
                    body("role", "board_member", "seatClass", "public", "from", "2024-01-01", "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/parties/" + person.id() + "/memberships/" + membership.id() + "/end",
                    body("on", "2025-06-30", "reason", "prueba"));
            call(admin, "GET", "/api/v1/parties/" + person.id(), null);
            return ids;
        }

        private long resale() {
            call(anonymous, "GET", "/api/v1/price-indexes/inpc", null);
            call(
                    operator,
                    "PUT",
                    "/api/v1/price-indexes/inpc/values",
                    body("values", List.of(body("month", "2024-01", "value", "134.594")), "reason", "prueba"));
            Reply policy = call(
                    admin,
                    "POST",
                    "/api/v1/resale-policies",
                    body(
                            "trust", "ftc-jacarandas",
                            "code", "contrato-fijo",
                            "name", "Tasa fija",
                            "family", "fixed_rate",
                            "terms", body("annualRatePercent", "2", "compounding", "simple"),
                            "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/resale-policies/" + policy.id() + "/versions",
                    body("terms", body("annualRatePercent", "3", "compounding", "compound"), "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/resale-policies",
                    body(
                            "trust", "ftc-jacarandas",
                            "code", "contrato-partidas",
                            "name", "Partidas",
                            "family", "itemized",
                            "terms",
                                    body(
                                            "items",
                                            List.of(body(
                                                    "key",
                                                    "gastos",
                                                    "label",
                                                    body("es", "Gastos", "en", "Costs"),
                                                    "amount",
                                                    "15000")),
                                            "improvementShare",
                                            "1"),
                            "reason", "prueba"));
            call(admin, "GET", "/api/v1/resale-policies?trust=ftc-jacarandas", null);
            call(admin, "GET", "/api/v1/resale-policies/" + policy.id(), null);
            call(
                    admin,
                    "POST",
                    "/api/v1/resale-policies/" + policy.id() + "/versions/1/quote",
                    body(
                            "currency", "MXN",
                            "purchasePrice", "1000000",
                            "purchasedOn", "2014-03-01",
                            "soldOn", "2024-03-01"));
            call(
                    farmer,
                    "GET",
                    "/api/v1/leases/" + farmerLease() + "/resale-quote?soldOn=2024-03-01" + "&currentAppraisal=1650000",
                    null);
            return policy.id();
        }

        private void leases(Map<String, Long> parcels, Map<String, Long> parties, long policy) {
            long person = parties.get("person");
            Reply sold = call(
                    admin,
                    "POST",
                    "/api/v1/leases",
                    newLease(
                            "OA-L1",
                            parcels.get("C1"),
                            person,
                            "2020-01-01",
                            null,
                            "active",
                            body(
                                    "escalation", body("kind", "fixed_percent", "percent", "3"),
                                    "resalePolicy", body("code", "formula-jacarandas"),
                                    "purchase", body("price", "1000000", "appraisal", "1250000"))));
            call(admin, "GET", "/api/v1/leases?trust=ftc-jacarandas&limit=3", null);
            call(admin, "GET", "/api/v1/leases/" + sold.id(), null);
            call(admin, "GET", "/api/v1/leases/" + sold.id() + "/versions", null);
            call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + sold.id() + "/assign",
                    body(
                            "on", "2024-03-01",
                            "code", "OA-L1-B",
                            "lessees", List.of(body("party", parties.get("household"), "share", "1")),
                            "currentAppraisal", "1650000",
                            "reason", "prueba"));

            Reply draft = call(
                    admin,
                    "POST",
                    "/api/v1/leases",
                    newLease(
                            "OA-L2",
                            parcels.get("C2"),
                            person,
                            "2150-01-01",
                            null,
                            "draft",
                            body("resalePolicy", body("id", policy, "version", 1))));
            Reply edited = call(
                    admin,
                    "PATCH",
                    "/api/v1/leases/" + draft.id(),
                    body("notes", "Editado", "reason", "prueba"),
                    "If-Match",
                    draft.header("ETag"));
            call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + draft.id() + "/activate",
                    body("reason", "prueba"),
                    "If-Match",
                    edited.header("ETag"));
            Reply cancelled = call(
                    admin,
                    "POST",
                    "/api/v1/leases",
                    newLease("OA-L3", parcels.get("C3"), person, "2150-01-01", null, "draft", Map.of()));
            call(admin, "POST", "/api/v1/leases/" + cancelled.id() + "/cancel", body("reason", "prueba"));
            Reply terminated = call(
                    admin,
                    "POST",
                    "/api/v1/leases",
                    newLease("OA-L4", parcels.get("C3"), person, "2010-01-01", "2040-01-01", "active", Map.of()));
            call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + terminated.id() + "/terminate",
                    body("on", "2025-01-01", "reason", "prueba"));
            Reply ended = call(
                    admin,
                    "POST",
                    "/api/v1/leases",
                    newLease("OA-L5", parcels.get("C4"), person, "2000-01-01", "2010-01-01", "active", Map.of()));
            call(admin, "POST", "/api/v1/leases/" + ended.id() + "/expire", body("reason", "prueba"));
        }

        private void ledger() {
            long lease = demo.get("leases");
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            call(admin, "POST", "/api/v1/leases/" + lease + "/charges", body("through", today, "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/ledger/charges",
                    body("trust", "ejido-loma-sabinos", "through", today, "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + lease + "/payments",
                    body(
                            "amount",
                            "10.00",
                            "paidOn",
                            "2025-02-01",
                            "reference",
                            "Recibo de prueba",
                            "reason",
                            "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + lease + "/adjustments",
                    body("amount", "-5.00", "on", "2025-02-01", "reason", "prueba"));
            call(admin, "GET", "/api/v1/leases/" + lease + "/statement?from=2016-01-01&to=2030-12-31", null);
            call(farmer, "GET", "/api/v1/leases/" + farmerLease() + "/statement", null);
            call(admin, "GET", "/api/v1/ledger/arrears?trust=ftc-jacarandas", null);
        }

        private void stewardship(Map<String, Long> parcels) {
            long parcel = parcels.get("C1");
            Reply event = call(
                    admin,
                    "POST",
                    "/api/v1/stewardship/events",
                    body(
                            "parcel", parcel,
                            "kind", "improvement",
                            "occurredOn", "2025-01-10",
                            "notes", "Techo nuevo",
                            "location", body("type", "Point", "coordinates", List.of(-96.7500 + 0.0022, 17.0122)),
                            "improvementValue", body("amount", "12000.50", "currency", "MXN"),
                            "reason", "prueba"));
            call(admin, "GET", "/api/v1/stewardship/events?trust=ftc-jacarandas&limit=5", null);
            call(farmer, "GET", "/api/v1/stewardship/events?lease=" + farmerLease(), null);
            call(admin, "GET", "/api/v1/stewardship/events/" + event.id(), null);
            call(admin, "GET", "/api/v1/stewardship/overdue?trust=ftc-jacarandas", null);

            long lease = demo.get("leases");
            Reply obligation = call(
                    admin,
                    "POST",
                    "/api/v1/leases/" + lease + "/obligations",
                    body("kind", "insurance_proof", "firstDueOn", "2024-03-01", "everyMonths", 12, "reason", "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/obligations/" + obligation.id() + "/fulfilments",
                    body(
                            "dueOn",
                            "2024-03-01",
                            "fulfilledOn",
                            "2024-02-20",
                            "notes",
                            "Póliza entregada",
                            "reason",
                            "prueba"));
            call(
                    admin,
                    "POST",
                    "/api/v1/obligations/" + obligation.id() + "/end",
                    body("on", "2030-03-01", "reason", "prueba"));
            call(admin, "GET", "/api/v1/leases/" + lease + "/obligations", null);
        }

        private void documents() {
            long lease = demo.get("leases");
            TestHttp.Upload upload = TestHttp.Upload.of(
                    Map.of("title", "Contrato firmado", "lease", Long.toString(lease), "reason", "prueba"),
                    "contrato.pdf",
                    "application/pdf",
                    "%PDF-1.4 contrato".getBytes(StandardCharsets.UTF_8));
            Reply document = check(
                    "POST",
                    "/api/v1/documents",
                    send(admin, "POST", "/api/v1/documents", upload.contentType(), upload.body()));
            call(admin, "GET", "/api/v1/documents?lease=" + lease, null);
            call(admin, "GET", "/api/v1/documents/" + document.id(), null);
            call(admin, "GET", "/api/v1/documents/" + document.id() + "/content", null);
        }

        private void views() {
            call(farmer, "GET", "/api/v1/me/leases", null);
            long assigned = database.queryLong("""
                    SELECT min(gp.parcel_id) FROM ground_lease_parcel gp
                    WHERE gp.lease_id = (SELECT min(from_lease_id) FROM lease_assignment)
                    """);
            Reply first = call(admin, "GET", "/api/v1/parcels/" + assigned + "/timeline", null);
            long fulfilled = database.queryLong("""
                    SELECT min(gp.parcel_id) FROM ground_lease_parcel gp
                    WHERE gp.lease_id = %d
                    """.formatted(demo.get("leases")));
            Reply second = call(admin, "GET", "/api/v1/parcels/" + fulfilled + "/timeline?asOf=2026-01-01", null);
            Set<String> kinds = new TreeSet<>();
            for (Reply timeline : List.of(first, second)) {
                timeline.json()
                        .get("items")
                        .forEach(item -> kinds.add(item.get("kind").asString()));
            }
            JsonNode mapping = contract.document().at("/components/schemas/TimelineItem/discriminator/mapping");
            Set<String> documented = new TreeSet<>();
            mapping.propertyNames().forEach(documented::add);
            if (!kinds.equals(documented)) {
                failures.add("the timelines held items of kinds " + kinds + ", the document names " + documented);
            }
        }

        private void downloads() {
            call(anonymous, "GET", "/api/v1/exports/parcels.geojson?trust=ftc-jacarandas", null);
            call(anonymous, "GET", "/api/v1/exports/parcels.gpkg?trust=ejido-loma-sabinos", null);
        }

        /** Refusals, each of which must be documented and match the Problem schema. */
        private void refusals(Map<String, Long> parcels) {
            call(anonymous, "GET", "/api/v1/parcels/999999", null);
            call(anonymous, "GET", "/api/v1/auth/me", null);
            call(researcher, "GET", "/api/v1/parties?trust=ftc-jacarandas", null);
            call(admin, "POST", "/api/v1/parcels", newParcel("OA-C1", -96.7400, 17.0140, false));
            String parcel = "/api/v1/parcels/" + parcels.get("C2");
            call(
                    admin,
                    "PATCH",
                    parcel,
                    body("properties", body("name", "x"), "reason", "prueba"),
                    "If-Match",
                    "\"" + parcels.get("C2") + "-9\"");
            call(admin, "PATCH", parcel, body("properties", body("name", "x"), "reason", "prueba"));
            call(admin, "PUT", "/api/v1/price-indexes/inpc/values", body("values", List.of(), "reason", "prueba"));
            check("POST", "/api/v1/trusts", send(operator, "POST", "/api/v1/trusts", "text/plain", new byte[] {'x'}));
        }

        /** The demo lease of demo-farmer. */
        private long farmerLease() {
            return database.queryLong("""
                    SELECT min(l.lease_id) FROM ground_lease_lessee l JOIN party p ON p.id = l.party_id
                    LEFT JOIN party_group_member m ON m.group_id = p.id
                    JOIN party person ON person.id = coalesce(m.member_id, p.id)
                    JOIN app_user u ON u.id = person.user_id
                    JOIN ground_lease g ON g.id = l.lease_id
                    WHERE u.username = 'demo-farmer' AND g.status = 'active'
                    """);
        }

        private Map<String, Object> newParcel(String code, double lon, double lat, boolean withHeights) {
            return body(
                    "type",
                    "Feature",
                    "geometry",
                    square(lon, lat, withHeights),
                    "properties",
                    body(
                            "code", code,
                            "trust", "ftc-jacarandas",
                            "tenureCategory", "clt_leasehold",
                            "landUse", "residential"),
                    "reason",
                    "prueba");
        }

        private Map<String, Object> newLease(
                String code,
                long parcel,
                long party,
                String startsOn,
                String endsOn,
                String status,
                Map<String, Object> more) {
            Map<String, Object> lease = body(
                    "trust",
                    "ftc-jacarandas",
                    "code",
                    code,
                    "parcels",
                    List.of(parcel),
                    "lessees",
                    List.of(body("party", party, "share", "1")),
                    "startsOn",
                    startsOn,
                    "permittedUse",
                    "residential",
                    "fee",
                    body("amount", "500.00", "period", "monthly"),
                    "status",
                    status,
                    "reason",
                    "prueba");
            if (endsOn != null) {
                lease.put("endsOn", endsOn);
            }
            lease.putAll(more);
            return lease;
        }

        private Reply call(Caller caller, String method, String path, Object jsonBody, String... headers) {
            byte[] bytes = jsonBody == null ? null : TestHttp.JSON.writeValueAsBytes(jsonBody);
            return check(
                    method,
                    path,
                    send(caller, method, path, bytes == null ? null : "application/json", bytes, headers));
        }

        /** Checks a reply against the document, noting every disagreement. */
        private Reply check(String method, String path, HttpResponse<byte[]> response) {
            next++;
            Reply reply = reply(response);
            String where = "#" + next + " " + method + " " + path + " → " + reply.status();
            Optional<ApiContract.Operation> found = contract.find(method, path.split("\\?", 2)[0]);
            if (found.isEmpty()) {
                failures.add(where + ": no such operation in the document");
                return reply;
            }
            ApiContract.Operation operation = found.get();
            Optional<JsonNode> documented = contract.response(operation, reply.status());
            if (documented.isEmpty()) {
                failures.add(where + ": status not documented for " + operation.key() + ": " + reply.json());
                return reply;
            }
            documented.get().path("headers").propertyNames().forEach(header -> {
                if (response.headers().firstValue(header).isEmpty()) {
                    failures.add(where + ": documented header " + header + " is missing");
                }
            });
            JsonNode content = documented.get().path("content");
            if (response.body().length == 0) {
                if (!content.isEmpty()) {
                    failures.add(where + ": no body, but the document promises " + content.propertyNames());
                }
            } else {
                String type = response.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .split(";", 2)[0]
                        .strip()
                        .toLowerCase(Locale.ROOT);
                JsonNode media = content.get(type);
                if (media == null) {
                    failures.add(where + ": answered " + type + ", documented " + content.propertyNames());
                } else if (reply.json() != null) {
                    contract.validate(media.get("schema"), reply.json())
                            .forEach(error -> failures.add(where + ": " + error));
                    if (type.equals("application/problem+json")) {
                        problemsValidated++;
                    }
                }
            }
            if (reply.status() < 300) {
                succeeded.add(operation.key());
            } else if (reply.status() != 304
                    && !response.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("application/problem+json")) {
                failures.add(where + ": a refusal that is not application/problem+json");
            }
            return reply;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** {@link #send} and {@link Walk#check} in one, outside a walk: the refusal tests' calls. */
    private static Reply exchange(
            Caller caller, String method, String path, String contentType, byte[] body, String... headers) {
        Reply reply = reply(send(caller, method, path, contentType, body, headers));
        if (reply.status() >= 400) {
            List<String> errors = contract.validate(contract.component("Problem"), reply.json());
            assertThat(errors).as(method + " " + path + " " + reply.json()).isEmpty();
        }
        return reply;
    }

    private static HttpResponse<byte[]> send(
            Caller caller, String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(60));
        caller.authorize(request);
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Reply reply(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json =
                type.contains("json") && response.body().length > 0 ? TestHttp.JSON.readTree(response.body()) : null;
        return new Reply(response.statusCode(), response, json);
    }

    /** The registered routes under {@code /api/v1}, without the HEAD routes that mirror GET. */
    private static List<HttpServer.Route> apiRoutes() {
        return app.routes().stream()
                .filter(route ->
                        route.path().startsWith("/api/v1/") && !route.method().equals("HEAD"))
                .toList();
    }

    /** The operator for the operator's operations, the demo admin for the rest. */
    private static Caller callerFor(ApiContract.Operation operation) {
        return operation.node().path("x-tierra-access").asString().equals("operator") ? operator : admin;
    }

    /**
     * The path of a demo record for {@code template}: {@code {id}} after {@code leases} is a demo lease,
     * and so on.
     */
    private static String concrete(String template) {
        String[] segments = template.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{")) {
                String kind = segments[i - 1];
                segments[i] = switch (segment) {
                    case "{id}" -> Long.toString(demo.get(kind));
                    case "{version}" -> "1";
                    case "{trust}" -> "ftc-jacarandas";
                    case "{username}" -> "demo-researcher";
                    case "{memberId}", "{membershipId}" -> "1";
                    case "{code}" -> "inpc";
                    default -> throw new IllegalStateException("no demo value for " + segment);
                };
            }
        }
        return String.join("/", segments);
    }

    /** The current ETag of what a write that requires If-Match would change, as header name and value. */
    private static String[] ifMatchFor(ApiContract.Operation operation) {
        if (!contract.parameterNames(operation, "header").contains("If-Match")) {
            return new String[0];
        }
        String path = concrete(operation.path())
                .replaceFirst("/(retire|split|activate|cancel|terminate|expire|assign)$", "")
                .replace("/api/v1/parcels/merge", "/api/v1/parcels/" + demo.get("parcels"));
        HttpResponse<byte[]> read = send(admin, "GET", path, null, null);
        return new String[] {"If-Match", read.headers().firstValue("ETag").orElseThrow()};
    }

    /** The names a refusal says are accepted: its {@code accepted} member, or its detail's list. */
    private static Set<String> accepted(JsonNode problem) {
        Set<String> names = new TreeSet<>();
        if (problem.has("accepted")) {
            problem.get("accepted").forEach(name -> names.add(name.asString()));
            return names;
        }
        String detail = problem.get("detail").asString();
        String listed = detail.substring(detail.indexOf("Accepted: ") + "Accepted: ".length());
        Arrays.stream(listed.substring(0, listed.length() - 1).split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .forEach(names::add);
        return names;
    }

    private static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    private static Map<String, Object> square(double lon, double lat, boolean withHeights) {
        double size = 0.0004;
        double[][] corners = {{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}};
        List<List<Double>> ring = new ArrayList<>();
        for (double[] corner : corners) {
            ring.add(withHeights ? List.of(corner[0], corner[1], 1550.0) : List.of(corner[0], corner[1]));
        }
        return body("type", "Polygon", "coordinates", List.of(ring));
    }

    private static Map<String, Object> line(double x1, double y1, double x2, double y2) {
        return body("type", "LineString", "coordinates", List.of(List.of(x1, y1), List.of(x2, y2)));
    }

    private static Map<String, Object> bowTie() {
        return body(
                "type",
                "Polygon",
                "coordinates",
                List.of(List.of(
                        List.of(-96.70, 17.00),
                        List.of(-96.69, 17.01),
                        List.of(-96.69, 17.00),
                        List.of(-96.70, 17.01),
                        List.of(-96.70, 17.00))));
    }
}
