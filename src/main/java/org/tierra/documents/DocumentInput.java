package org.tierra.documents;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tierra.core.Problem;

/**
 * An upload's multipart form, read strictly: no unknown or repeated field, and only the part named
 * "file" holds a file.
 *
 * @param fields the text fields by name
 * @param files the parts holding a file
 */
record DocumentInput(Map<String, List<String>> fields, List<UploadedFile> files) {

    private static final Set<String> FORM_FIELDS =
            Set.of("file", "title", "parcel", "lease", "party", "event", "reason");

    /**
     * Reads the form of {@code ctx}; {@code maxFileBytes} is named when the body is larger than the server
     * accepts.
     */
    static DocumentInput read(Context ctx, long maxFileBytes) {
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
        return new DocumentInput(fields, files);
    }

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

    /** The ids of the records the document is linked to, read in {@link DocumentLink} order. */
    Map<DocumentLink, Long> links() {
        Map<DocumentLink, Long> links = new EnumMap<>(DocumentLink.class);
        for (DocumentLink link : DocumentLink.values()) {
            optionalId(link.field()).ifPresent(id -> links.put(link, id));
        }
        return links;
    }

    /** The files sent, each read only when the service asks for its bytes. */
    List<UploadedContent> uploads() {
        return files.stream()
                .map(file -> new UploadedContent(
                        Optional.ofNullable(file.filename()),
                        Optional.ofNullable(file.contentType()),
                        file.size(),
                        () -> readAll(file)))
                .toList();
    }

    private static byte[] readAll(UploadedFile file) {
        try (InputStream in = file.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new Problem(
                    DocumentProblem.MALFORMED_MULTIPART, "The file could not be read: send it again.", Map.of());
        }
    }

    Optional<String> optionalText(String name) {
        List<String> values = fields.getOrDefault(name, List.of());
        return values.stream()
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    String requiredText(String name) {
        String value = optionalText(name).orElseThrow(() -> Problem.invalidField(name, "'" + name + "' is required."));
        if (value.indexOf('\0') >= 0) {
            throw Problem.invalidField(name, "'" + name + "' holds a NUL character, which cannot be stored.");
        }
        return value;
    }

    private Optional<Long> optionalId(String name) {
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
}
