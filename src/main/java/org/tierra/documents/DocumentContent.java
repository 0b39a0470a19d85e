package org.tierra.documents;

/** A document's bytes, checked against its stored SHA-256, with its metadata. */
public final class DocumentContent {

    private final Document document;
    private final byte[] bytes;

    DocumentContent(Document document, byte[] bytes) {
        this.document = document;
        this.bytes = bytes;
    }

    public Document document() {
        return document;
    }

    /** The stored bytes themselves, not a copy: the caller sends them and does not change them. */
    public byte[] bytes() {
        return bytes;
    }
}
