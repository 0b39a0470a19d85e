package org.tierra.documents;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tierra.access.Change;
import org.tierra.core.CommonProblem;
import org.tierra.core.Problem;
import org.tierra.http.Access;
import org.tierra.http.Callers;
import org.tierra.http.HttpServer;
import org.tierra.http.PublicAddress;
import org.tierra.http.QueryParameters;
import org.tierra.http.RouteGroup;

/**
 * Documents over HTTP ({@link Documents}): {@code POST /api/v1/documents} (a multipart upload),
 * {@code GET /api/v1/documents?parcel=|lease=|party=|event=}, {@code GET /api/v1/documents/{id}} and
 * {@code GET /api/v1/documents/{id}/content} (an attachment, its ETag the quoted SHA-256).
 */
public final class DocumentRoutes implements RouteGroup {

    /** The largest file accepted unless the server's body limit is lower. */
    public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final Documents documents;

    public DocumentRoutes(Documents documents) {
        this.documents = documents;
    }

    /** The reply to {@code GET /api/v1/documents}. */
    record DocumentList(List<Document> documents) {}

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.post("/api/v1/documents", this::createDocument, Access.STAFF);
        routes.get("/api/v1/documents", this::listDocuments, Access.SIGNED_IN);
        routes.get("/api/v1/documents/{id}", this::getDocument, Access.SIGNED_IN);
        routes.get("/api/v1/documents/{id}/content", this::getContent, Access.SIGNED_IN);
    }

    private void createDocument(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            throw new Problem(
                    CommonProblem.UNSUPPORTED_MEDIA_TYPE,
                    "Upload a document as multipart/form-data with a 'file' part (curl -F file=@contract.pdf).");
        }
        DocumentInput form = DocumentInput.read(ctx, documents.maxFileBytes());
        String title = NewDocument.requireTitle(form.requiredText("title"));
        Change change = Callers.change(ctx, form.requiredText("reason"));
        NewDocument document = new NewDocument(title, form.links());
        Document created = documents.createDocument(Callers.get(ctx), document, form.uploads(), change);
        ctx.header("Location", PublicAddress.base(ctx) + "/api/v1/documents/" + created.id());
        ctx.status(201).json(created);
    }

    private void listDocuments(Context ctx) {
        QueryParameters query = QueryParameters.of(ctx, Set.of("parcel", "lease", "party", "event"));
        Map<DocumentLink, Long> given = new EnumMap<>(DocumentLink.class);
        for (DocumentLink link : DocumentLink.values()) {
            query.find(link.field())
                    .ifPresent(text -> given.put(link, QueryParameters.parseId(link.field(), text.strip())));
        }
        if (given.size() != 1) {
            throw Problem.invalidParameter(
                    "parcel", "Give exactly one of parcel, lease, party or event (an id) to list its documents.");
        }
        Map.Entry<DocumentLink, Long> link = given.entrySet().iterator().next();
        ctx.json(new DocumentList(documents.listDocuments(Callers.get(ctx), link.getKey(), link.getValue())));
    }

    private void getDocument(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        Document document = documents.getDocument(Callers.get(ctx), id);
        ctx.header("ETag", etag(document));
        ctx.json(document);
    }

    private void getContent(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        long id = QueryParameters.parseId("id", ctx.pathParam("id"));
        DocumentContent content = documents.getContent(Callers.get(ctx), id, HttpServer.requestId(ctx));
        String etag = etag(content.document());
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.header("Content-Disposition", contentDisposition(content.document().filename()));
        ctx.contentType(content.document().mediaType().mediaType());
        ctx.result(content.bytes());
    }

    /** A document's strong ETag: its quoted SHA-256, since its content never changes. */
    private static String etag(Document document) {
        return "\"" + document.sha256Hex() + "\"";
    }

    /** An attachment header no browser can misread: an ASCII fallback and the exact name in RFC 5987 form. */
    static String contentDisposition(String filename) {
        String ascii = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
