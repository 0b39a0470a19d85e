package org.tierra.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tierra.testing.TestHttp.json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tierra.TierraApp;
import org.tierra.testing.LeaseFixtures;
import org.tierra.testing.TestDatabase;
import org.tierra.testing.TestHttp;
import org.tierra.testing.TestHttp.Upload;
import org.tierra.testing.TestPostgres;
import tools.jackson.databind.JsonNode;

/** Uploading, listing and downloading documents over HTTP: types by magic number, limits, checksums, privacy. */
class DocumentRoutesTest {

    private static final String FTC = "ftc-jacarandas";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};

    private static TestDatabase database;
    private static TierraApp app;
    private static TestHttp http;
    private static TestHttp.Session staff;
    private static TestHttp.Session board;
    private static TestHttp.Session farmer;
    private static TestHttp.Session researcher;
    private static long farmerParty;
    private static long otherParty;
    private static long farmerLease;
    private static long otherLease;
    private static long ejidoParcel;

    @BeforeAll
    static void start() {
        database = TestPostgres.freshDatabase();
        app = TierraApp.start(database.config(true));
        http = new TestHttp(app.port());
        staff = http.signIn("demo-staff", TestDatabase.DEMO_PASSWORD);
        board = http.signIn("demo-board", TestDatabase.DEMO_PASSWORD);
        farmer = http.signIn("demo-farmer", TestDatabase.DEMO_PASSWORD);
        researcher = http.signIn("demo-researcher", TestDatabase.DEMO_PASSWORD);
        List<Long> parcels = LeaseFixtures.parcelIds(database, FTC);
        farmerParty = LeaseFixtures.partyOfAccount(database, FTC, "Farmer", "demo-farmer");
        otherParty = LeaseFixtures.createParty(database, FTC, "Ana", "Otra");
        farmerLease = LeaseFixtures.createLease(
                database, FTC, "L-FARMER", parcels.get(0), farmerParty, "2020-01-01", "2119-01-01", "active");
        otherLease = LeaseFixtures.createLease(
                database, FTC, "L-OTRA", parcels.get(1), otherParty, "2020-01-01", "2119-01-01", "active");
        ejidoParcel = LeaseFixtures.parcelIds(database, "ejido-loma-sabinos").get(0);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static HttpResponse<String> upload(
            TestHttp.Session session, Map<String, String> fields, String filename, String type, byte[] content) {
        return session.upload("/api/v1/documents", Upload.of(fields, filename, type, content));
    }

    private static long count(String table) {
        return database.queryLong("SELECT count(*) FROM " + table);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void aPdfIsStoredWithItsChecksumAndServedBackAsAnAttachment() throws Exception {
        HttpResponse<String> created = upload(
                staff,
                fields("title", "Contrato de arrendamiento", "lease", Long.toString(farmerLease), "reason", "firmado"),
                "Contrato firmado año 2025.pdf",
                "application/pdf",
                PDF);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode document = json(created);
        long id = document.get("id").asLong();
        assertThat(document.get("sha256").asString()).isEqualTo(sha256(PDF));
        assertThat(document.get("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(document.get("sizeBytes").asInt()).isEqualTo(PDF.length);
        assertThat(document.get("filename").asString()).isEqualTo("Contrato firmado año 2025.pdf");
        assertThat(database.queryLong("SELECT count(*) FROM audit_entry WHERE entity = 'document' AND entity_id = '"
                        + id + "' AND action = 'create' AND reason = 'firmado'"))
                .isEqualTo(1);

        HttpResponse<byte[]> content = board.getBytes("/api/v1/documents/" + id + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(PDF);
        assertThat(content.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/pdf"));
        assertThat(content.headers().firstValue("ETag")).hasValue("\"" + sha256(PDF) + "\"");
        assertThat(content.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"Contrato_firmado_a_o_2025.pdf\";"
                        + " filename*=UTF-8''Contrato%20firmado%20a%C3%B1o%202025.pdf");
        assertThat(board.getBytes("/api/v1/documents/" + id + "/content", "If-None-Match", "\"" + sha256(PDF) + "\"")
                        .statusCode())
                .isEqualTo(304);
        assertThat(json(board.get("/api/v1/documents/" + id)).get("sha256").asString())
                .isEqualTo(sha256(PDF));
    }

    @Test
    void jpegAndPngAreRecognisedByTheirBytesEvenWithoutADeclaredType() {
        HttpResponse<String> png = upload(
                staff,
                fields(
                        "title",
                        "Foto",
                        "parcel",
                        Long.toString(LeaseFixtures.parcelIds(database, FTC).get(2)),
                        "reason",
                        "inspección"),
                "foto",
                null,
                PNG);
        HttpResponse<String> jpeg = upload(
                staff,
                fields("title", "Foto", "party", Long.toString(otherParty), "reason", "identificación"),
                "../../etc/foto.jpg",
                "image/jpeg",
                JPEG);

        assertThat(png.statusCode()).as(png.body()).isEqualTo(201);
        assertThat(json(png).get("mediaType").asString()).isEqualTo("image/png");
        assertThat(jpeg.statusCode()).as(jpeg.body()).isEqualTo(201);
        assertThat(json(jpeg).get("mediaType").asString()).isEqualTo("image/jpeg");
        assertThat(json(jpeg).get("filename").asString()).isEqualTo("foto.jpg");
    }

    @Test
    void badUploadsAreRefusedWithProblemsAndNothingIsWritten() {
        String lease = Long.toString(farmerLease);
        long documents = count("document");
        long audits = count("audit_entry");

        HttpResponse<String> pngAsPdf =
                upload(staff, fields("title", "t", "lease", lease, "reason", "r"), "x.pdf", "application/pdf", PNG);
        HttpResponse<String> text = upload(
                staff,
                fields("title", "t", "lease", lease, "reason", "r"),
                "x.txt",
                "text/plain",
                "hola".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> empty = upload(
                staff, fields("title", "t", "lease", lease, "reason", "r"), "x.pdf", "application/pdf", new byte[0]);
        HttpResponse<String> noFile =
                upload(staff, fields("title", "t", "lease", lease, "reason", "r"), null, null, null);
        HttpResponse<String> noLink = upload(staff, fields("title", "t", "reason", "r"), "x.pdf", null, PDF);
        HttpResponse<String> twoTrusts = upload(
                staff,
                fields("title", "t", "lease", lease, "parcel", Long.toString(ejidoParcel), "reason", "r"),
                "x.pdf",
                null,
                PDF);
        HttpResponse<String> unknownField =
                upload(staff, fields("title", "t", "lease", lease, "reason", "r", "color", "rojo"), "x.pdf", null, PDF);
        HttpResponse<String> noTitle = upload(staff, fields("lease", lease, "reason", "r"), "x.pdf", null, PDF);
        HttpResponse<String> badId =
                upload(staff, fields("title", "t", "lease", "uno", "reason", "r"), "x.pdf", null, PDF);
        HttpResponse<String> missingLease =
                upload(staff, fields("title", "t", "lease", "999999", "reason", "r"), "x.pdf", null, PDF);
        HttpResponse<String> json = staff.send("POST", "/api/v1/documents", "{\"title\":\"t\"}");
        HttpResponse<String> byBoard =
                upload(board, fields("title", "t", "lease", lease, "reason", "r"), "x.pdf", null, PDF);
        HttpResponse<String> byFarmer =
                upload(farmer, fields("title", "t", "lease", lease, "reason", "r"), "x.pdf", null, PDF);

        assertThat(pngAsPdf.statusCode()).isEqualTo(415);
        assertThat(json(pngAsPdf).get("detail").asString()).contains("application/pdf, image/jpeg, image/png");
        assertThat(json(pngAsPdf).get("allowed").size()).isEqualTo(3);
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(json(empty).get("field").asString()).isEqualTo("file");
        assertThat(noFile.statusCode()).isEqualTo(422);
        assertThat(noLink.statusCode()).isEqualTo(422);
        assertThat(twoTrusts.statusCode()).isEqualTo(422);
        assertThat(json(twoTrusts).get("detail").asString()).contains("another trust");
        assertThat(unknownField.statusCode()).isEqualTo(422);
        assertThat(json(unknownField).get("field").asString()).isEqualTo("color");
        assertThat(noTitle.statusCode()).isEqualTo(422);
        assertThat(badId.statusCode()).isEqualTo(422);
        assertThat(missingLease.statusCode()).isEqualTo(422);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(byBoard.statusCode()).isEqualTo(403);
        assertThat(byFarmer.statusCode()).isEqualTo(403);
        for (HttpResponse<String> response : List.of(pngAsPdf, text, empty, noLink, json, byBoard)) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(count("document")).isEqualTo(documents);
        assertThat(count("audit_entry")).isEqualTo(audits);
    }

    @Test
    void aFileOverTheServersBodyLimitIsA413AndNothingIsWritten() throws IOException {
        long documents = count("document");

        // Only the headers are sent: a declared length over the limit is refused before any of the body
        // is read. (A client writing the whole body would race the server's close and could lose the
        // answer; curl waits for "100 Continue", which Java 17's HttpClient cannot do on a refusal.)
        String response = rawHeadersOnly(String.join(
                "\r\n",
                "POST /api/v1/documents HTTP/1.1",
                "Host: 127.0.0.1",
                "Cookie: " + staff.cookie(),
                "X-CSRF-Token: " + staff.csrfToken(),
                "Content-Type: multipart/form-data; boundary=x",
                "Content-Length: " + (DocumentRoutes.DEFAULT_MAX_FILE_BYTES + 1),
                "Connection: close",
                "",
                ""));

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(response).contains("\"maxBytes\"");
        assertThat(count("document")).isEqualTo(documents);
    }

    private static String rawHeadersOnly(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChunkedUploadOverTheBodyLimitIsCutOffWithA413() {
        long documents = count("document");
        byte[] large = new byte[(int) DocumentRoutes.DEFAULT_MAX_FILE_BYTES * 2];
        System.arraycopy(PDF, 0, large, 0, PDF.length);
        TestHttp.Upload upload = TestHttp.Upload.of(
                fields("title", "t", "lease", Long.toString(farmerLease), "reason", "r"), "big.pdf", null, large);

        // No Content-Length: the size is only known while the body is read.
        HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/v1/documents"))
                .header("Content-Type", upload.contentType())
                .header("Cookie", staff.cookie())
                .header("X-CSRF-Token", staff.csrfToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(upload.body())))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(count("document")).isEqualTo(documents);
    }

    @Test
    void aFileOverTheDocumentLimitIsA413EvenWhenTheServerAcceptsLargerBodies() {
        long documents = count("document");
        byte[] large = new byte[(int) DocumentRoutes.DEFAULT_MAX_FILE_BYTES + 1];
        System.arraycopy(PDF, 0, large, 0, PDF.length);
        try (TierraApp roomy =
                TierraApp.start(database.config(false, Map.of("TIERRA_MAX_BODY_BYTES", Long.toString(12L << 20))))) {
            TestHttp.Session session = new TestHttp(roomy.port()).signIn("demo-staff", TestDatabase.DEMO_PASSWORD);

            HttpResponse<String> response = session.upload(
                    "/api/v1/documents",
                    Upload.of(
                            fields("title", "t", "lease", Long.toString(farmerLease), "reason", "r"),
                            "big.pdf",
                            null,
                            large));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(json(response).get("type").asString()).isEqualTo("urn:tierra:problem:file-too-large");
            assertThat(json(response).get("maxBytes").asLong()).isEqualTo(DocumentRoutes.DEFAULT_MAX_FILE_BYTES);
        }
        assertThat(count("document")).isEqualTo(documents);
    }

    @Test
    void documentsArePrivateLesseesReadOnlyTheirLeasesAndNeverAnotherPartys() {
        long own = uploadPdf(fields("title", "Mi contrato", "lease", Long.toString(farmerLease), "reason", "r"));
        long ownLeaseOtherParty = uploadPdf(fields(
                "title",
                "INE de otra persona",
                "lease",
                Long.toString(farmerLease),
                "party",
                Long.toString(otherParty),
                "reason",
                "r"));
        long ownLeaseOwnParty = uploadPdf(fields(
                "title",
                "Mi INE",
                "lease",
                Long.toString(farmerLease),
                "party",
                Long.toString(farmerParty),
                "reason",
                "r"));
        long other = uploadPdf(fields("title", "Otro contrato", "lease", Long.toString(otherLease), "reason", "r"));

        assertThat(farmer.get("/api/v1/documents/" + own).statusCode()).isEqualTo(200);
        assertThat(farmer.getBytes("/api/v1/documents/" + own + "/content").statusCode())
                .isEqualTo(200);
        assertThat(farmer.get("/api/v1/documents/" + ownLeaseOwnParty).statusCode())
                .isEqualTo(200);
        assertThat(farmer.get("/api/v1/documents/" + ownLeaseOtherParty).statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/documents/" + other).statusCode()).isEqualTo(403);
        assertThat(farmer.getBytes("/api/v1/documents/" + other + "/content").statusCode())
                .isEqualTo(403);
        assertThat(json(farmer.get("/api/v1/documents?lease=" + farmerLease))
                        .get("documents")
                        .valueStream()
                        .map(document -> document.get("id").asLong()))
                .contains(own, ownLeaseOwnParty)
                .doesNotContain(ownLeaseOtherParty, other);
        assertThat(farmer.get("/api/v1/documents?lease=" + otherLease).statusCode())
                .isEqualTo(403);
        assertThat(farmer.get("/api/v1/documents?party=" + farmerParty).statusCode())
                .isEqualTo(403);
        assertThat(researcher.get("/api/v1/documents/" + own).statusCode()).isEqualTo(403);
        assertThat(researcher.get("/api/v1/documents?lease=" + farmerLease).statusCode())
                .isEqualTo(403);
        assertThat(http.get("/api/v1/documents/" + own).statusCode()).isEqualTo(401);
        assertThat(json(board.get("/api/v1/documents?lease=" + farmerLease))
                        .get("documents")
                        .valueStream()
                        .map(document -> document.get("id").asLong()))
                .contains(own, ownLeaseOtherParty, ownLeaseOwnParty);
        assertThat(json(board.get("/api/v1/documents?party=" + otherParty))
                        .get("documents")
                        .valueStream()
                        .map(document -> document.get("id").asLong()))
                .contains(ownLeaseOtherParty);
        assertThat(board.get("/api/v1/documents").statusCode()).isEqualTo(400);
        assertThat(board.get("/api/v1/documents?lease=1&party=1").statusCode()).isEqualTo(400);
        assertThat(board.get("/api/v1/documents/999999").statusCode()).isEqualTo(404);
    }

    private static long uploadPdf(Map<String, String> fields) {
        HttpResponse<String> response = upload(staff, fields, "doc.pdf", "application/pdf", PDF);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("id").asLong();
    }

    @Test
    void corruptedContentIsReportedAndNeverServed() {
        long id = uploadPdf(fields("title", "Se dañará", "lease", Long.toString(farmerLease), "reason", "r"));
        database.execute("""
                ALTER TABLE document DROP CONSTRAINT document_sha256_matches;
                ALTER TABLE document DISABLE TRIGGER document_append_only;
                UPDATE document SET content = overlay(content PLACING '\\x58'::bytea FROM 10 FOR 1) WHERE id = %d;
                ALTER TABLE document ENABLE TRIGGER document_append_only;
                """.formatted(id));

        HttpResponse<String> response = board.get("/api/v1/documents/" + id + "/content");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asString()).isEqualTo("urn:tierra:problem:document-corrupted");
        assertThat(response.body()).doesNotContain("%PDF");
    }
}
