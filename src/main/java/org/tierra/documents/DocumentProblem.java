package org.tierra.documents;

import org.tierra.core.ProblemType;

/** The refusals of the documents feature. */
public enum DocumentProblem implements ProblemType {
    DOCUMENT_CORRUPTED(500, "document-corrupted", "Document corrupted"),
    FILE_TOO_LARGE(413, "file-too-large", "File too large"),
    MALFORMED_MULTIPART(400, "malformed-multipart", "Malformed upload"),
    UNSUPPORTED_DOCUMENT_TYPE(415, "unsupported-document-type", "Unsupported document type");

    private final Definition definition;

    DocumentProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
