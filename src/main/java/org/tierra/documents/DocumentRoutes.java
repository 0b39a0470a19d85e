package org.tierra.documents;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.Json;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Documents (lease contracts, deeds, minutes, photos of an inspection): {@code POST /api/v1/documents}
 * (multipart upload by the trust's admin and staff), {@code GET /api/v1/documents?parcel=|lease=|party=|event=},
 * {@code GET /api/v1/documents/{id}} and {@code GET /api/v1/documents/{id}/content}.
 *
 * <p>Documents are private: the trust's admin, board and staff read them all; a lessee reads those
 * linked to their own lease and to no other party; researchers, other trusts and anonymous callers
 * read none. Only PDF, JPEG and PNG are kept, recognised by their bytes. The SHA-256 of the content is
 * stored, checked by the database on insert, and checked again before any byte is served: corrupted
 * content is reported, never sent.
 */
public final class DocumentRoutes implements RouteGroup {

    private static final Logger log = LoggerFactory.getLogger(DocumentRoutes.class);

    /** The largest file accepted unless the server's body limit is lower. */
    public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

    private static final Set<String> FORM_FIELDS =
            Set.of("file", "title", "parcel", "lease", "party", "event", "reason");
    private static final int MAX_TITLE_LENGTH = 500;
    private static final int MAX_FILENAME_LENGTH = 200;

    private final Database database;
    private final AuditLog audit;
    private final long maxFileBytes;

    /** {@code maxFileBytes}: the per-file limit, at most the server's maximum request body. */
    public DocumentRoutes(Database database, AuditLog audit, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("a document may have at least one byte");
        }
        this.database = database;
        this.audit = audit;
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/documents", this::createDocument, Access.STAFF);
        routes.get("/api/v1/documents", this::listDocuments, Access.SIGNED_IN);
        routes.get("/api/v1/documents/{id}", this::getDocument, Access.SIGNED_IN);
        routes.get("/api/v1/documents/{id}/content", this::getContent, Access.SIGNED_IN);
    }

    private void createDocument(Context ctx) {
        Principal principal = Callers.get(ctx);
        if (!ctx.isMultipartFormData()) {
            throw new Problem(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "Upload a document as multipart/form-data with a 'file' part (curl -F file=@contract.pdf).",
                    Map.of());
        }
        Form form = Form.read(ctx, maxFileBytes);
        String title = form.requiredText("title");
        if (title.length() > MAX_TITLE_LENGTH) {
            throw Problem.invalidField("title", "'title' may have at most " + MAX_TITLE_LENGTH + " characters.");
        }
        String reason = form.requiredText("reason");
        Map<DocumentRepository.Link, Long> links = new EnumMap<>(DocumentRepository.Link.class);
        for (DocumentRepository.Link link : DocumentRepository.Link.values()) {
            form.optionalId(link.field).ifPresent(id -> links.put(link, id));
        }
        if (links.isEmpty()) {
            throw Problem.invalidField(
                    "parcel", "Link the document to at least one parcel, lease, party or event (their ids).");
        }
        Trust trust = database.withConnection(connection -> resolveTrust(connection, principal, links));
        LeaseAccess.requireWriter(principal, trust);
        UploadedFile file = form.requiredFile();
        if (file.size() > maxFileBytes) {
            throw tooLarge(file.size());
        }
        byte[] content = readAll(file);
        if (content.length == 0) {
            throw Problem.invalidField("file", "The file is empty; choose the document's file again.");
        }
        if (content.length > maxFileBytes) {
            throw tooLarge(content.length);
        }
        DocumentType type = DocumentType.detect(content)
                .orElseThrow(() -> unsupportedType("The file is not a PDF, JPEG or PNG (judged by its content)."));
        Optional<String> declared = Optional.ofNullable(file.contentType())
                .filter(given -> !given.isBlank() && !given.startsWith("application/octet-stream"));
        if (declared.isPresent()
                && DocumentType.fromMediaType(declared.get())
                        .filter(type::equals)
                        .isEmpty()) {
            throw unsupportedType("The file was sent as " + declared.get() + " but its content is " + type.mediaType()
                    + "; send it with its true type.");
        }
        byte[] sha256 = sha256(content);
        String filename = storedFilename(file.filename(), type);
        long id = database.inTransaction(connection -> {
            long documentId = DocumentRepository.createDocument(
                    connection,
                    new DocumentRepository.NewDocument(
                            trust.id(),
                            title,
                            filename,
                            type,
                            Optional.ofNullable(links.get(DocumentRepository.Link.PARCEL)),
                            Optional.ofNullable(links.get(DocumentRepository.Link.LEASE)),
                            Optional.ofNullable(links.get(DocumentRepository.Link.PARTY)),
                            Optional.ofNullable(links.get(DocumentRepository.Link.EVENT)),
                            principal.userId(),
                            principal.username()),
                    content,
                    sha256);
            audit.record(
                    connection,
                    Change.by(principal, reason, HttpServer.requestId(ctx)),
                    new AuditEvent(
                            Optional.of(trust.id()),
                            "document",
                            Long.toString(documentId),
                            "create",
                            Json.fields(
                                    "mediaType", type.mediaType(),
                                    "sizeBytes", content.length,
                                    "sha256", HexFormat.of().formatHex(sha256))));
            return documentId;
        });
        Document document = database.withConnection(
                connection -> DocumentRepository.findDocument(connection, id).orElseThrow());
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/documents/" + id);
        ctx.status(201).json(document.toJson());
    }

    /**
     * The one trust every linked record belongs to. A record that does not exist, or lies in a trust
     * where the caller holds no role, reads as missing.
     */
    private static Trust resolveTrust(
            Connection connection, Principal principal, Map<DocumentRepository.Link, Long> links) {
        Optional<Long> trustId = Optional.empty();
        String firstField = "";
        for (Map.Entry<DocumentRepository.Link, Long> link : links.entrySet()) {
            String field = link.getKey().field;
            long id = link.getValue();
            long linkedTrust = link.getKey()
                    .findTrustId(connection, id)
                    .filter(found -> principal.roleIn(found).isPresent())
                    .orElseThrow(() -> Problem.invalidField(field, "There is no " + field + " with id " + id + "."));
            if (trustId.isPresent() && trustId.get() != linkedTrust) {
                throw Problem.invalidField(
                        field,
                        "The " + field + " " + id + " belongs to another trust than the " + firstField
                                + "; a document's links are all of one trust.");
            }
            trustId = Optional.of(linkedTrust);
            firstField = field;
        }
        return TrustRepository.findTrustById(connection, trustId.orElseThrow()).orElseThrow();
    }

    private Problem tooLarge(long sizeBytes) {
        return new Problem(
                DocumentProblem.FILE_TOO_LARGE,
                "The file has " + sizeBytes + " bytes; documents may have at most " + maxFileBytes
                        + ". Scan at a lower resolution or split the document.",
                Map.of("maxBytes", maxFileBytes));
    }

    private static Problem unsupportedType(String detail) {
        return new Problem(
                DocumentProblem.UNSUPPORTED_DOCUMENT_TYPE,
                detail + " Accepted: " + DocumentType.ALLOWED + ".",
                Map.of("allowed", List.of("application/pdf", "image/jpeg", "image/png")));
    }

    private static byte[] readAll(UploadedFile file) {
        try (InputStream in = file.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new Problem(
                    DocumentProblem.MALFORMED_MULTIPART, "The file could not be read: send it again.", Map.of());
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The client's file name without folders or control characters, and with the type's extension. */
    static String storedFilename(String given, DocumentType type) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "document." + type.extension();
        }
        if (name.length() > MAX_FILENAME_LENGTH) {
            name = name.substring(name.length() - MAX_FILENAME_LENGTH);
        }
        return name;
    }

    /** An attachment header no browser can misread: an ASCII fallback and the exact name in RFC 5987 form. */
    static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private void listDocuments(Context ctx) {
        Principal principal = Callers.get(ctx);
        QueryParameters query = QueryParameters.of(ctx, Set.of("parcel", "lease", "party", "event"));
        Map<DocumentRepository.Link, Long> given = new EnumMap<>(DocumentRepository.Link.class);
        for (DocumentRepository.Link link : DocumentRepository.Link.values()) {
            query.find(link.field)
                    .ifPresent(text -> given.put(link, QueryParameters.parseId(link.field, text.strip())));
        }
        if (given.size() != 1) {
            throw Problem.invalidParameter(
                    "parcel", "Give exactly one of parcel, lease, party or event (an id) to list its documents.");
        }
        DocumentRepository.Link link = given.keySet().iterator().next();
        long id = given.get(link);
        List<Document> documents = database.withConnection(connection -> {
            long trustId = link.findTrustId(connection, id)
                    .filter(found -> principal.roleIn(found).isPresent())
                    .orElseThrow(() -> Problem.notFound("There is no " + link.field + " with id " + id + "."));
            Role role = principal.roleIn(trustId).orElseThrow();
            if (role == Role.LESSEE && link == DocumentRepository.Link.LEASE) {
                LeaseAccess.requireReader(connection, principal, id);
                return DocumentRepository.listDocuments(connection, link, id).stream()
                        .filter(document -> lesseeMayRead(connection, principal, document))
                        .toList();
            }
            LeaseAccess.requireTrustReader(
                    principal,
                    TrustRepository.findTrustById(connection, trustId).orElseThrow());
            return DocumentRepository.listDocuments(connection, link, id);
        });
        ctx.json(Json.fields(
                "documents", documents.stream().map(Document::toJson).toList()));
    }

    private void getDocument(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Document document = database.withConnection(connection -> getReadable(connection, principal, id));
        ctx.header("ETag", "\"" + document.sha256Hex() + "\"");
        ctx.json(document.toJson());
    }

    private void getContent(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Principal principal = Callers.get(ctx);
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        record Read(Document document, DocumentRepository.Content content) {}
        Read read = database.withConnection(connection -> {
            Document document = getReadable(connection, principal, id);
            return new Read(document, DocumentRepository.getContent(connection, id));
        });
        byte[] actual = sha256(read.content().bytes());
        if (!MessageDigest.isEqual(actual, read.content().storedSha256())) {
            log.error(
                    "Document {} is corrupted: stored SHA-256 {}, content hashes to {} (request {})",
                    id,
                    HexFormat.of().formatHex(read.content().storedSha256()),
                    HexFormat.of().formatHex(actual),
                    HttpServer.requestId(ctx));
            throw new Problem(
                    DocumentProblem.DOCUMENT_CORRUPTED,
                    "Document " + id + "'s stored content no longer matches its SHA-256, so it is not served. The"
                            + " administrators have been alerted; report request id " + HttpServer.requestId(ctx)
                            + ".",
                    Map.of("document", id));
        }
        String etag = "\"" + read.document().sha256Hex() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.header("Content-Disposition", contentDisposition(read.document().filename()));
        ctx.contentType(read.document().mediaType());
        ctx.result(read.content().bytes());
    }

    /**
     * The document, for a caller who may read it: 404 when it does not exist or lies in a trust where
     * the caller holds no role; 403 for the trust's researchers and for lessees it does not concern.
     */
    private static Document getReadable(Connection connection, Principal principal, long id) {
        Document document = DocumentRepository.findDocument(connection, id)
                .filter(found -> principal.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no document with id " + id + "."));
        Role role = principal.roleIn(document.trustId()).orElseThrow();
        if (role == Role.LESSEE && lesseeMayRead(connection, principal, document)) {
            return document;
        }
        if (role == Role.LESSEE) {
            throw Problem.forbidden("Document " + id + " is not a document of your lease.");
        }
        LeaseAccess.requireTrustReader(
                principal,
                TrustRepository.findTrustById(connection, document.trustId()).orElseThrow());
        return document;
    }

    /** A lessee reads the documents of their own lease, unless the document concerns another party. */
    private static boolean lesseeMayRead(Connection connection, Principal principal, Document document) {
        return document.leaseId().isPresent()
                && LeaseAccess.isLesseeOf(
                        connection, principal.userId(), document.leaseId().get())
                && document.partyId()
                        .map(party -> DocumentRepository.isPartyOfUser(connection, party, principal.userId()))
                        .orElse(true);
    }

    /** The multipart form's fields, read strictly: no unknown or repeated field. */
    private record Form(Map<String, List<String>> fields, List<UploadedFile> files) {

        /** Jetty stops reading a body sent without Content-Length at the multipart limit (HttpServer). */
        private static boolean exceededBodyLimit(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalStateException
                        && String.valueOf(cause.getMessage()).startsWith("max length exceeded")) {
                    return true;
                }
            }
            return false;
        }

        static Form read(Context ctx, long maxFileBytes) {
            Map<String, List<String>> fields;
            List<UploadedFile> files;
            try {
                fields = ctx.formParamMap();
                files = ctx.uploadedFiles("file");
                for (String name : ctx.uploadedFileMap().keySet()) {
                    if (!name.equals("file")) {
                        throw Problem.invalidField(name, "Only the part 'file' may hold a file, not '" + name + "'.");
                    }
                }
            } catch (Problem problem) {
                throw problem;
            } catch (Exception e) { // Jetty's parse failures arrive as a (checked) ServletException
                if (exceededBodyLimit(e)) {
                    throw new Problem(
                            DocumentProblem.FILE_TOO_LARGE,
                            "The upload is larger than this server accepts; documents may have at most " + maxFileBytes
                                    + " bytes. Scan at a lower resolution or split the document.",
                            Map.of("maxBytes", maxFileBytes));
                }
                throw new Problem(
                        DocumentProblem.MALFORMED_MULTIPART,
                        "The multipart/form-data body could not be read; send it again (curl -F file=@...).",
                        Map.of());
            }
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                if (!FORM_FIELDS.contains(field.getKey())) {
                    throw Problem.invalidField(
                            field.getKey(),
                            "Unknown field '" + field.getKey() + "'. Accepted: "
                                    + String.join(", ", new TreeSet<>(FORM_FIELDS)) + ".");
                }
                if (field.getValue().size() > 1) {
                    throw Problem.invalidField(field.getKey(), "Give '" + field.getKey() + "' once.");
                }
            }
            return new Form(fields, files);
        }

        Optional<String> optionalText(String name) {
            List<String> values = fields.getOrDefault(name, List.of());
            return values.stream()
                    .map(String::strip)
                    .filter(value -> !value.isEmpty())
                    .findFirst();
        }

        String requiredText(String name) {
            String value =
                    optionalText(name).orElseThrow(() -> Problem.invalidField(name, "'" + name + "' is required."));
            if (value.indexOf('\0') >= 0) {
                throw Problem.invalidField(name, "'" + name + "' holds a NUL character, which cannot be stored.");
            }
            return value;
        }

        Optional<Long> optionalId(String name) {
            return optionalText(name).map(text -> {
                try {
                    long id = Long.parseLong(text);
                    if (id > 0) {
                        return id;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw Problem.invalidField(
                        name, "'" + name + "' must be an id: a positive whole number, got '" + text + "'.");
            });
        }

        UploadedFile requiredFile() {
            if (files.size() > 1) {
                throw Problem.invalidField("file", "Upload one file per document; " + files.size() + " were sent.");
            }
            return files.stream()
                    .findFirst()
                    .orElseThrow(() -> Problem.invalidField("file", "'file' is required: the document's file."));
        }
    }
}
