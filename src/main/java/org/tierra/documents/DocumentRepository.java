package org.tierra.documents;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Change;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/** Documents in the database: append-only, so only created, found and listed. */
final class DocumentRepository {

    private DocumentRepository() {}

    /** The trust of the record {@code link} names, when it exists; one literal statement per table. */
    static Optional<Long> findTrustOfLinked(Connection connection, DocumentLink link, long id) {
        String sql =
                switch (link) {
                    case PARCEL -> "SELECT trust_id FROM parcel WHERE id = :id";
                    case LEASE -> "SELECT trust_id FROM ground_lease WHERE id = :id";
                    case PARTY -> "SELECT trust_id FROM party WHERE id = :id";
                    case EVENT -> "SELECT trust_id FROM stewardship_event WHERE id = :id";
                };
        return Sql.on(connection, sql).bind("id", id).find(row -> row.getLong("trust_id"));
    }

    /**
     * Inserts {@code document} into trust {@code trustId} with its {@code content} and that content's
     * {@code sha256}, as stored by {@code change}'s actor; the database checks the checksum again.
     */
    static long createDocument(
            Connection connection,
            long trustId,
            NewDocument document,
            String filename,
            DocumentType type,
            byte[] content,
            byte[] sha256,
            Change change) {
        return Sql.on(connection, """
                        INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content,
                                              parcel_id, lease_id, party_id, event_id, created_by, created_by_name)
                        VALUES (:trust, :title, :filename, :mediaType, :sizeBytes, :sha256, :content, :parcel, :lease,
                                :party, :event, :createdBy, :createdByName)
                        RETURNING id
                        """)
                .bind("trust", trustId)
                .bind("title", document.title())
                .bind("filename", filename)
                .bind("mediaType", type)
                .bind("sizeBytes", content.length)
                .bind("sha256", sha256)
                .bind("content", content)
                .bind("parcel", document.linked(DocumentLink.PARCEL))
                .bind("lease", document.linked(DocumentLink.LEASE))
                .bind("party", document.linked(DocumentLink.PARTY))
                .bind("event", document.linked(DocumentLink.EVENT))
                .bind("createdBy", change.actorUserId())
                .bind("createdByName", change.actor())
                .get(row -> row.getLong("id"));
    }

    private static final String SELECT = """
            SELECT d.id, d.trust_id, t.code AS trust_code, d.title, d.filename, d.media_type, d.size_bytes, d.sha256,
                   d.parcel_id, d.lease_id, d.party_id, d.event_id, d.created_at, d.created_by_name
            FROM document d
            JOIN trust t ON t.id = d.trust_id
            """;

    static Optional<Document> findDocument(Connection connection, long id) {
        return Sql.on(connection, SELECT + "WHERE d.id = :id").bind("id", id).find(DocumentRepository::documentFrom);
    }

    /** The documents linked to the record {@code link} names, oldest first; one literal statement per column. */
    static List<Document> listDocuments(Connection connection, DocumentLink link, long id) {
        String where =
                switch (link) {
                    case PARCEL -> "WHERE d.parcel_id = :id ORDER BY d.created_at, d.id";
                    case LEASE -> "WHERE d.lease_id = :id ORDER BY d.created_at, d.id";
                    case PARTY -> "WHERE d.party_id = :id ORDER BY d.created_at, d.id";
                    case EVENT -> "WHERE d.event_id = :id ORDER BY d.created_at, d.id";
                };
        return Sql.on(connection, SELECT + where).bind("id", id).list(DocumentRepository::documentFrom);
    }

    /** The stored bytes and the checksum stored beside them. */
    static final class Content {
        private final byte[] bytes;
        private final byte[] storedSha256;

        Content(byte[] bytes, byte[] storedSha256) {
            this.bytes = bytes;
            this.storedSha256 = storedSha256;
        }

        byte[] bytes() {
            return bytes;
        }

        byte[] storedSha256() {
            return storedSha256;
        }
    }

    /**
     * The content of document {@code id}, which exists.
     *
     * @throws IllegalStateException when it does not: documents are never deleted
     */
    static Content getContent(Connection connection, long id) {
        return Sql.on(connection, "SELECT content, sha256 FROM document WHERE id = :id")
                .bind("id", id)
                .find(row -> new Content(row.getBytes("content"), row.getBytes("sha256")))
                .orElseThrow(() -> new IllegalStateException("document " + id + " vanished"));
    }

    /** Whether party {@code partyId} is the person who signs in as {@code userId}. */
    static boolean isPartyOfUser(Connection connection, long partyId, long userId) {
        return Sql.on(connection, """
                        SELECT EXISTS (SELECT 1 FROM party WHERE id = :party AND user_id = :user) AS found
                        """)
                .bind("party", partyId)
                .bind("user", userId)
                .get(row -> row.getBoolean("found"));
    }

    private static Document documentFrom(Row row) throws SQLException {
        return new Document(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("trust_code"),
                row.getString("title"),
                row.getString("filename"),
                row.getCode("media_type", DocumentType.class),
                row.getInt("size_bytes"),
                HexFormat.of().formatHex(row.getBytes("sha256")),
                row.findLong("parcel_id"),
                row.findLong("lease_id"),
                row.findLong("party_id"),
                row.findLong("event_id"),
                row.getInstant("created_at"),
                row.getString("created_by_name"));
    }
}
