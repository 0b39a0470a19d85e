package org.tierra.documents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.tierra.db.DatabaseException;

/** Documents in the database: append-only, so only created, found and listed. */
final class DocumentRepository {

    private DocumentRepository() {}

    /** What a document may be linked to; {@code table} is the literal table holding the ids. */
    enum Link {
        PARCEL("parcel", "SELECT trust_id FROM parcel WHERE id = ?"),
        LEASE("lease", "SELECT trust_id FROM ground_lease WHERE id = ?"),
        PARTY("party", "SELECT trust_id FROM party WHERE id = ?"),
        EVENT("event", "SELECT trust_id FROM stewardship_event WHERE id = ?");

        final String field;
        private final String trustOf;

        Link(String field, String trustOf) {
            this.field = field;
            this.trustOf = trustOf;
        }

        /** The trust of the linked record, when it exists. */
        Optional<Long> findTrustId(Connection connection, long id) {
            try (PreparedStatement statement = connection.prepareStatement(trustOf)) {
                statement.setLong(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new DatabaseException(trustOf, e);
            }
        }
    }

    /** A document to insert; the database checks the checksum against the content again. */
    record NewDocument(
            long trustId,
            String title,
            String filename,
            DocumentType type,
            Optional<Long> parcelId,
            Optional<Long> leaseId,
            Optional<Long> partyId,
            Optional<Long> eventId,
            long createdBy,
            String createdByName) {}

    private static final String CREATE = """
            INSERT INTO document (trust_id, title, filename, media_type, size_bytes, sha256, content, parcel_id,
                                  lease_id, party_id, event_id, created_by, created_by_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    /** Inserts the document with its {@code content} and that content's {@code sha256}. */
    static long createDocument(Connection connection, NewDocument document, byte[] content, byte[] sha256) {
        try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
            statement.setLong(1, document.trustId());
            statement.setString(2, document.title());
            statement.setString(3, document.filename());
            statement.setString(4, document.type().mediaType());
            statement.setInt(5, content.length);
            statement.setBytes(6, sha256);
            statement.setBytes(7, content);
            statement.setObject(8, document.parcelId().orElse(null), Types.BIGINT);
            statement.setObject(9, document.leaseId().orElse(null), Types.BIGINT);
            statement.setObject(10, document.partyId().orElse(null), Types.BIGINT);
            statement.setObject(11, document.eventId().orElse(null), Types.BIGINT);
            statement.setLong(12, document.createdBy());
            statement.setString(13, document.createdByName());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CREATE, e);
        }
    }

    private static final String SELECT = """
            SELECT d.id, d.trust_id, t.code, d.title, d.filename, d.media_type, d.size_bytes, d.sha256, d.parcel_id,
                   d.lease_id, d.party_id, d.event_id, d.created_at, d.created_by_name
            FROM document d
            JOIN trust t ON t.id = d.trust_id
            """;

    private static final String FIND = SELECT + "WHERE d.id = ?";

    static Optional<Document> findDocument(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND, e);
        }
    }

    // One statement per link, each with its literal column: no identifier is ever formatted into SQL.
    private static final String LIST_BY_PARCEL = SELECT + "WHERE d.parcel_id = ? ORDER BY d.created_at, d.id";
    private static final String LIST_BY_LEASE = SELECT + "WHERE d.lease_id = ? ORDER BY d.created_at, d.id";
    private static final String LIST_BY_PARTY = SELECT + "WHERE d.party_id = ? ORDER BY d.created_at, d.id";
    private static final String LIST_BY_EVENT = SELECT + "WHERE d.event_id = ? ORDER BY d.created_at, d.id";

    static List<Document> listDocuments(Connection connection, Link link, long id) {
        String sql =
                switch (link) {
                    case PARCEL -> LIST_BY_PARCEL;
                    case LEASE -> LIST_BY_LEASE;
                    case PARTY -> LIST_BY_PARTY;
                    case EVENT -> LIST_BY_EVENT;
                };
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            List<Document> documents = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    documents.add(read(row));
                }
            }
            return documents;
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
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

    private static final String CONTENT = "SELECT content, sha256 FROM document WHERE id = ?";

    static Content getContent(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(CONTENT)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("document " + id + " vanished"); // append-only: cannot happen
                }
                return new Content(row.getBytes(1), row.getBytes(2));
            }
        } catch (SQLException e) {
            throw new DatabaseException(CONTENT, e);
        }
    }

    private static final String PARTY_IS_USER = "SELECT EXISTS (SELECT 1 FROM party WHERE id = ? AND user_id = ?)";

    /** Whether party {@code partyId} is the person who signs in as {@code userId}. */
    static boolean isPartyOfUser(Connection connection, long partyId, long userId) {
        try (PreparedStatement statement = connection.prepareStatement(PARTY_IS_USER)) {
            statement.setLong(1, partyId);
            statement.setLong(2, userId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(PARTY_IS_USER, e);
        }
    }

    private static Document read(ResultSet row) throws SQLException {
        return new Document(
                row.getLong(1),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getInt(7),
                HexFormat.of().formatHex(row.getBytes(8)),
                optionalLong(row, 9),
                optionalLong(row, 10),
                optionalLong(row, 11),
                optionalLong(row, 12),
                row.getTimestamp(13).toInstant(),
                row.getString(14));
    }

    private static Optional<Long> optionalLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
