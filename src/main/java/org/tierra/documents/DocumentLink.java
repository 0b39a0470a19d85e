package org.tierra.documents;

/** What a document may be linked to, by the field (and query parameter) that names it. */
public enum DocumentLink {
    PARCEL("parcel"),
    LEASE("lease"),
    PARTY("party"),
    EVENT("event");

    private final String field;

    DocumentLink(String field) {
        this.field = field;
    }

    /** The name of the form field and query parameter that gives the linked record's id. */
    public String field() {
        return field;
    }
}
