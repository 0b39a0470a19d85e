package org.tierra.documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.audit.AuditEvent;
import org.tierra.audit.AuditLog;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Documents: lease contracts, deeds, minutes, photos of an inspection, each linked to parcels, a lease,
 * a party or a stewardship event of one trust.
 *
 * <p>Documents are private: the trust's admin, board and staff read them all; a lessee reads those
 * linked to their own lease and to no other party; researchers, other trusts and anonymous callers read
 * none. Only PDF, JPEG and PNG are kept, recognised by their bytes, up to a size limit. The SHA-256 of
 * the content is stored, checked by the database on insert, and checked again before any byte is
 * served: corrupted content is reported, never served. Every upload has its audit entry.
 */
public final class Documents {

    private static final Logger log = LoggerFactory.getLogger(Documents.class);
    private static final int MAX_FILENAME_LENGTH = 200;

    private final Database database;
    private final AuditLog audit;
    private final long maxFileBytes;

    /** {@code maxFileBytes}: the per-file limit, at least 1 (and at most the server's maximum request body). */
    public Documents(Database database, AuditLog audit, long maxFileBytes) {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("a document may have at least one byte");
        }
        this.database = database;
        this.audit = audit;
        this.maxFileBytes = maxFileBytes;
    }

    /** The largest file kept, in bytes. */
    public long maxFileBytes() {
        return maxFileBytes;
    }

    /**
     * Stores the one file in {@code files} as {@code document}, with its audit entry, and returns it.
     *
     * @throws Problem 422 naming the link field when a linked record does not exist in a trust of the
     *     caller or the links span trusts; 403 unless the caller is the trust's admin or staff; 422 naming
     *     "file" when there is not exactly one file or it is empty; 413 ({@code file-too-large});
     *     415 ({@code unsupported-document-type}) when it is not a PDF, JPEG or PNG or not what it was
     *     declared as
     */
    public Document createDocument(Principal caller, NewDocument document, List<UploadedContent> files, Change change) {
        Trust trust = database.withConnection(connection -> resolveTrust(connection, caller, document));
        LeaseAccess.requireWriter(caller, trust);
        UploadedContent file = requireOneFile(files);
        if (file.sizeBytes() > maxFileBytes) {
            throw tooLarge(file.sizeBytes());
        }
        byte[] content = file.content().get();
        if (content.length == 0) {
            throw Problem.invalidField("file", "The file is empty; choose the document's file again.");
        }
        if (content.length > maxFileBytes) {
            throw tooLarge(content.length);
        }
        DocumentType type = DocumentType.detect(content)
                .orElseThrow(() -> unsupportedType("The file is not a PDF, JPEG or PNG (judged by its content)."));
        Optional<String> declared = file.declaredMediaType()
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
                    connection, trust.id(), document, filename, type, content, sha256, change);
            audit.record(
                    connection,
                    change,
                    AuditEvent.of(
                            trust.id(),
                            "document",
                            documentId,
                            "create",
                            Map.of(
                                    "mediaType", type.mediaType(),
                                    "sizeBytes", content.length,
                                    "sha256", HexFormat.of().formatHex(sha256))));
            return documentId;
        });
        return database.withConnection(
                connection -> DocumentRepository.findDocument(connection, id).orElseThrow());
    }

    /**
     * The one trust every linked record belongs to. A record that does not exist, or lies in a trust
     * where the caller holds no role, reads as missing.
     */
    private static Trust resolveTrust(Connection connection, Principal caller, NewDocument document) {
        Optional<Long> trustId = Optional.empty();
        String firstField = "";
        for (Map.Entry<DocumentLink, Long> link : document.links().entrySet()) {
            String field = link.getKey().field();
            long id = link.getValue();
            long linkedTrust = DocumentRepository.findTrustOfLinked(connection, link.getKey(), id)
                    .filter(found -> caller.roleIn(found).isPresent())
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

    private static UploadedContent requireOneFile(List<UploadedContent> files) {
        if (files.size() > 1) {
            throw Problem.invalidField("file", "Upload one file per document; " + files.size() + " were sent.");
        }
        return files.stream()
                .findFirst()
                .orElseThrow(() -> Problem.invalidField("file", "'file' is required: the document's file."));
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

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The client's file name without folders or control characters, and with the type's extension. */
    static String storedFilename(Optional<String> given, DocumentType type) {
        String name = given.orElse("");
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

    /**
     * The documents linked to the record of kind {@code link} with id {@code id} that the caller may read.
     *
     * @throws Problem 404 when there is no such record in a trust where the caller holds a role; 403 for
     *     the trust's researchers, and for its lessees unless the record is their own lease
     */
    public List<Document> listDocuments(Principal caller, DocumentLink link, long id) {
        return database.withConnection(connection -> {
            long trustId = DocumentRepository.findTrustOfLinked(connection, link, id)
                    .filter(found -> caller.roleIn(found).isPresent())
                    .orElseThrow(() -> Problem.notFound("There is no " + link.field() + " with id " + id + "."));
            Role role = caller.roleIn(trustId).orElseThrow();
            if (role == Role.LESSEE && link == DocumentLink.LEASE) {
                LeaseAccess.requireReader(connection, caller, id);
                return DocumentRepository.listDocuments(connection, link, id).stream()
                        .filter(document -> lesseeMayRead(connection, caller, document))
                        .toList();
            }
            LeaseAccess.requireTrustReader(
                    caller, TrustRepository.findTrustById(connection, trustId).orElseThrow());
            return DocumentRepository.listDocuments(connection, link, id);
        });
    }

    /**
     * Document {@code id}'s metadata.
     *
     * @throws Problem 404 when there is none in a trust where the caller holds a role; 403 when the caller
     *     may not read it
     */
    public Document getDocument(Principal caller, long id) {
        return database.withConnection(connection -> getReadable(connection, caller, id));
    }

    /**
     * Document {@code id}'s bytes, once checked against its stored SHA-256.
     *
     * @param requestId the request asking, for the administrators' log and the refusal
     * @throws Problem as {@link #getDocument}; 500 ({@code document-corrupted}) when the bytes no longer
     *     match, logged as an error
     */
    public DocumentContent getContent(Principal caller, long id, String requestId) {
        record Read(Document document, DocumentRepository.Content content) {}
        Read read = database.withConnection(connection -> {
            Document document = getReadable(connection, caller, id);
            return new Read(document, DocumentRepository.getContent(connection, id));
        });
        byte[] actual = sha256(read.content().bytes());
        if (!MessageDigest.isEqual(actual, read.content().storedSha256())) {
            log.error(
                    "Document {} is corrupted: stored SHA-256 {}, content hashes to {} (request {})",
                    id,
                    HexFormat.of().formatHex(read.content().storedSha256()),
                    HexFormat.of().formatHex(actual),
                    requestId);
            throw new Problem(
                    DocumentProblem.DOCUMENT_CORRUPTED,
                    "Document " + id + "'s stored content no longer matches its SHA-256, so it is not served. The"
                            + " administrators have been alerted; report request id " + requestId + ".",
                    Map.of("document", id));
        }
        return new DocumentContent(read.document(), read.content().bytes());
    }

    /**
     * The document, for a caller who may read it: 404 when it does not exist or lies in a trust where
     * the caller holds no role; 403 for the trust's researchers and for lessees it does not concern.
     */
    private static Document getReadable(Connection connection, Principal caller, long id) {
        Document document = DocumentRepository.findDocument(connection, id)
                .filter(found -> caller.roleIn(found.trustId()).isPresent())
                .orElseThrow(() -> Problem.notFound("There is no document with id " + id + "."));
        Role role = caller.roleIn(document.trustId()).orElseThrow();
        if (role == Role.LESSEE && lesseeMayRead(connection, caller, document)) {
            return document;
        }
        if (role == Role.LESSEE) {
            throw Problem.forbidden("Document " + id + " is not a document of your lease.");
        }
        LeaseAccess.requireTrustReader(
                caller,
                TrustRepository.findTrustById(connection, document.trustId()).orElseThrow());
        return document;
    }

    /** A lessee reads the documents of their own lease, unless the document concerns another party. */
    private static boolean lesseeMayRead(Connection connection, Principal caller, Document document) {
        return document.leaseId().isPresent()
                && LeaseAccess.isLesseeOf(
                        connection, caller.userId(), document.leaseId().get())
                && document.partyId()
                        .map(party -> DocumentRepository.isPartyOfUser(connection, party, caller.userId()))
                        .orElse(true);
    }
}
