package org.tierra.documents;

import org.tierra.core.ProblemType;

/** The refusals of the documents feature. */
public enum DocumentProblem implements ProblemType {
    DOCUMENT_CORRUPTED(500, "document-corrupted", "Document corrupted"),
    FILE_TOO_LARGE(413, "file-too-large", "File too large"),
    MALFORMED_MULTIPART(400, "malformed-multipart", "Malformed upload"),
    UNSUPPORTED_DOCUMENT_TYPE(415, "unsupported-document-type", "Unsupported document type");

    private final int status;
    private final String code;
    private final String title;

    DocumentProblem(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
