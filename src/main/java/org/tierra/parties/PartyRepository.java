package org.tierra.parties;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.db.DatabaseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of parties, their group members and their memberships. Every method runs on the caller's connection. */
final class PartyRepository {

    private final JsonMapper json;

    PartyRepository(JsonMapper json) {
        this.json = json;
    }

    /** A party as a list shows it. */
    record PartySummary(long id, String kind, String name, int version) {}

    /** One state a party has had, with who made it and why. */
    record PartyVersion(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            String operation,
            String changedBy,
            String reason,
            Optional<String> requestId,
            PartyData data,
            Optional<String> account) {}

    /**
     * A dated link between two parties or between a party and its trust.
     *
     * @param otherId the member (listing a group's members) or the group (listing a party's groups); 0 for
     *     a membership in the trust
     * @param to the last day, inclusive; empty while open-ended
     * @param current whether the period holds today, as the database's clock says (like lease access)
     */
    record Period(
            long id,
            long otherId,
            String otherKind,
            String otherName,
            String role,
            Optional<String> seatClass,
            LocalDate from,
            Optional<LocalDate> to,
            boolean current) {}

    private static final String TRUST_OF_PARTY = "SELECT trust_id FROM party WHERE id = ?";

    Optional<Long> findTrustId(Connection connection, long partyId) {
        try (PreparedStatement statement = connection.prepareStatement(TRUST_OF_PARTY)) {
            statement.setLong(1, partyId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(TRUST_OF_PARTY, e);
        }
    }

    private static final String SELECT_PARTY = """
            SELECT p.id, p.trust_id, p.kind, p.name, p.given_names, p.family_names, p.gender, p.curp, p.rfc,
                   p.contacts::text AS contacts, p.user_id, u.username, p.notes, p.version, p.updated_at
            FROM party p LEFT JOIN app_user u ON u.id = p.user_id
            WHERE p.id = ?
            """;

    Optional<Party> findParty(Connection connection, long id) {
        return queryParty(connection, SELECT_PARTY, id);
    }

    private static final String SELECT_PARTY_FOR_UPDATE = SELECT_PARTY + "FOR UPDATE OF p\n";

    /** The party, row-locked until the transaction ends: writes to it and its periods queue behind. */
    Optional<Party> findPartyForUpdate(Connection connection, long id) {
        return queryParty(connection, SELECT_PARTY_FOR_UPDATE, id);
    }

    private static final String LOCK_PARTY = "SELECT 1 FROM party WHERE id = ? FOR UPDATE";

    /** Row-locks the party: changes to it and to its periods queue behind each other. */
    void lockParty(Connection connection, long id) {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_PARTY)) {
            statement.setLong(1, id);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseException(LOCK_PARTY, e);
        }
    }

    private Optional<Party> queryParty(Connection connection, String sql, long id) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                PartyData data = dataFrom(row, row.getString("contacts"), optionalLong(row, "user_id"));
                return Optional.of(new Party(
                        row.getLong("id"),
                        row.getLong("trust_id"),
                        data,
                        Optional.ofNullable(row.getString("username")),
                        row.getInt("version"),
                        row.getObject("updated_at", OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static final String INSERT_PARTY = """
            INSERT INTO party (trust_id, kind, name, given_names, family_names, gender, curp, rfc, contacts, user_id,
                               notes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            RETURNING id
            """;

    long createParty(Connection connection, long trustId, PartyData data) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_PARTY)) {
            statement.setLong(1, trustId);
            statement.setString(2, data.kind());
            int next = bindData(statement, 3, data);
            statement.setString(next, data.notes().orElse(null));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_PARTY, e);
        }
    }

    private static final String UPDATE_PARTY = """
            UPDATE party
            SET name = ?, given_names = ?, family_names = ?, gender = ?, curp = ?, rfc = ?, contacts = ?::jsonb,
                user_id = ?, notes = ?, version = version + 1, updated_at = now()
            WHERE id = ? AND version = ?
            """;

    /** Writes {@code data} as the next version; false when the party is no longer at {@code version}. */
    boolean updateParty(Connection connection, long id, int version, PartyData data) {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_PARTY)) {
            int next = bindData(statement, 1, data);
            statement.setString(next, data.notes().orElse(null));
            statement.setLong(next + 1, id);
            statement.setInt(next + 2, version);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(UPDATE_PARTY, e);
        }
    }

    /** Binds name to user id from {@code index}; returns the next index. */
    private int bindData(PreparedStatement statement, int index, PartyData data) throws SQLException {
        statement.setString(index, data.name());
        statement.setString(index + 1, data.givenNames().orElse(null));
        statement.setString(index + 2, data.familyNames().orElse(null));
        statement.setString(index + 3, data.gender().orElse(null));
        statement.setString(index + 4, data.curp().orElse(null));
        statement.setString(index + 5, data.rfc().orElse(null));
        statement.setString(index + 6, contactsJson(data.contacts()));
        if (data.userId().isPresent()) {
            statement.setLong(index + 7, data.userId().get());
        } else {
            statement.setNull(index + 7, Types.BIGINT);
        }
        return index + 8;
    }

    private static final String PARTY_WITH_CURP = """
            SELECT id FROM party WHERE trust_id = ? AND curp = ? AND id <> ?
            """;

    /** Another party of the trust with this CURP. */
    Optional<Long> findPartyIdByCurp(Connection connection, long trustId, String curp, long exceptId) {
        return findId(connection, PARTY_WITH_CURP, trustId, curp, exceptId);
    }

    private static final String PARTY_WITH_USER = """
            SELECT id FROM party WHERE trust_id = ? AND user_id = ? AND id <> ?
            """;

    /** Another party of the trust linked to this account. */
    Optional<Long> findPartyIdByUser(Connection connection, long trustId, long userId, long exceptId) {
        return findId(connection, PARTY_WITH_USER, trustId, userId, exceptId);
    }

    private static final String LIST_PARTIES = """
            SELECT id, kind, name, version
            FROM party
            WHERE trust_id = ?
              AND (?::text IS NULL OR kind = ?::text)
              AND (?::text IS NULL
                   OR translate(lower(name), 'áàäâãéèëêíìïîóòöôõúùüûñçÁÀÄÂÃÉÈËÊÍÌÏÎÓÒÖÔÕÚÙÜÛÑÇ',
                                'aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc')
                      LIKE '%' || ?::text || '%' ESCAPE '\\')
            ORDER BY lower(name), id
            LIMIT ? OFFSET ?
            """;

    /**
     * The trust's parties by name.
     *
     * @param folded the search text already lower-cased, without accents and with LIKE's wildcards escaped
     */
    List<PartySummary> listParties(
            Connection connection,
            long trustId,
            Optional<String> kind,
            Optional<String> folded,
            int limit,
            int offset) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_PARTIES)) {
            statement.setLong(1, trustId);
            statement.setString(2, kind.orElse(null));
            statement.setString(3, kind.orElse(null));
            statement.setString(4, folded.orElse(null));
            statement.setString(5, folded.orElse(null));
            statement.setInt(6, limit);
            statement.setInt(7, offset);
            List<PartySummary> parties = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    parties.add(new PartySummary(
                            row.getLong("id"), row.getString("kind"), row.getString("name"), row.getInt("version")));
                }
            }
            return parties;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_PARTIES, e);
        }
    }

    private static final String LIST_VERSIONS = """
            SELECT v.version, v.valid_from, v.valid_to, v.operation, v.changed_by_name, v.reason, v.request_id,
                   v.snapshot ->> 'kind' AS kind, v.snapshot ->> 'name' AS name,
                   v.snapshot ->> 'given_names' AS given_names, v.snapshot ->> 'family_names' AS family_names,
                   v.snapshot ->> 'gender' AS gender, v.snapshot ->> 'curp' AS curp, v.snapshot ->> 'rfc' AS rfc,
                   (v.snapshot -> 'contacts')::text AS contacts, (v.snapshot ->> 'user_id')::bigint AS user_id,
                   u.username, v.snapshot ->> 'notes' AS notes
            FROM record_version v LEFT JOIN app_user u ON u.id = (v.snapshot ->> 'user_id')::bigint
            WHERE v.entity = 'party' AND v.entity_id = ?
            ORDER BY v.version
            """;

    List<PartyVersion> listVersions(Connection connection, long partyId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_VERSIONS)) {
            statement.setLong(1, partyId);
            List<PartyVersion> versions = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    versions.add(new PartyVersion(
                            row.getInt("version"),
                            row.getObject("valid_from", OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(row.getObject("valid_to", OffsetDateTime.class))
                                    .map(OffsetDateTime::toInstant),
                            row.getString("operation"),
                            row.getString("changed_by_name"),
                            row.getString("reason"),
                            Optional.ofNullable(row.getString("request_id")),
                            dataFrom(row, row.getString("contacts"), optionalLong(row, "user_id")),
                            Optional.ofNullable(row.getString("username"))));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_VERSIONS, e);
        }
    }

    // ----- members of households and groups -----

    private static final String LIST_MEMBERS = """
            SELECT m.id, p.id AS other_id, p.kind, p.name, m.role, NULL AS seat_class,
                   lower(m.valid_during) AS from_day, upper(m.valid_during) AS until_day,
                   m.valid_during @> current_date AS current
            FROM party_group_member m JOIN party p ON p.id = m.member_id
            WHERE m.group_id = ?
            ORDER BY lower(m.valid_during), m.id
            """;

    /** The group's members, past, present and future. */
    List<Period> listMembers(Connection connection, long groupId) {
        return listPeriods(connection, LIST_MEMBERS, groupId);
    }

    private static final String LIST_GROUPS = """
            SELECT m.id, p.id AS other_id, p.kind, p.name, m.role, NULL AS seat_class,
                   lower(m.valid_during) AS from_day, upper(m.valid_during) AS until_day,
                   m.valid_during @> current_date AS current
            FROM party_group_member m JOIN party p ON p.id = m.group_id
            WHERE m.member_id = ?
            ORDER BY lower(m.valid_during), m.id
            """;

    /** The groups the party belongs or belonged to. */
    List<Period> listGroups(Connection connection, long memberId) {
        return listPeriods(connection, LIST_GROUPS, memberId);
    }

    private static final String OVERLAPPING_MEMBER = """
            SELECT id FROM party_group_member
            WHERE group_id = ? AND member_id = ? AND valid_during && daterange(?::date, NULL, '[]')
            ORDER BY lower(valid_during)
            LIMIT 1
            """;

    /** A period of the member in the group that is still open on {@code from} or starts after it. */
    Optional<Long> findOverlappingMember(Connection connection, long groupId, long memberId, LocalDate from) {
        return findId(connection, OVERLAPPING_MEMBER, groupId, memberId, from);
    }

    private static final String CONTAINS = """
            WITH RECURSIVE inside (id) AS (
                SELECT member_id FROM party_group_member WHERE group_id = ?
                UNION
                SELECT m.member_id FROM party_group_member m JOIN inside i ON m.group_id = i.id)
            SELECT EXISTS (SELECT 1 FROM inside WHERE id = ?)
            """;

    /** Whether {@code groupId} has {@code partyId} among its members, their members and so on, at any time. */
    boolean contains(Connection connection, long groupId, long partyId) {
        try (PreparedStatement statement = connection.prepareStatement(CONTAINS)) {
            statement.setLong(1, groupId);
            statement.setLong(2, partyId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CONTAINS, e);
        }
    }

    private static final String INSERT_MEMBER = """
            INSERT INTO party_group_member (trust_id, group_id, member_id, role, valid_during)
            VALUES (?, ?, ?, ?, daterange(?::date, NULL, '[]'))
            RETURNING id
            """;

    long createMember(Connection connection, long trustId, long groupId, long memberId, String role, LocalDate from) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MEMBER)) {
            statement.setLong(1, trustId);
            statement.setLong(2, groupId);
            statement.setLong(3, memberId);
            statement.setString(4, role);
            statement.setObject(5, from);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_MEMBER, e);
        }
    }

    private static final String OPEN_MEMBER = """
            SELECT m.id, p.id AS other_id, p.kind, p.name, m.role, NULL AS seat_class,
                   lower(m.valid_during) AS from_day, upper(m.valid_during) AS until_day,
                   m.valid_during @> current_date AS current
            FROM party_group_member m JOIN party p ON p.id = m.member_id
            WHERE m.group_id = ? AND m.member_id = ? AND upper_inf(m.valid_during)
            FOR UPDATE OF m
            """;

    /** The member's open-ended period in the group, row-locked. */
    Optional<Period> findOpenMember(Connection connection, long groupId, long memberId) {
        return listPeriods(connection, OPEN_MEMBER, groupId, memberId).stream().findFirst();
    }

    private static final String END_MEMBER = """
            UPDATE party_group_member SET valid_during = daterange(lower(valid_during), ?::date, '[]') WHERE id = ?
            """;

    void endMember(Connection connection, long id, LocalDate lastDay) {
        update(connection, END_MEMBER, lastDay, id);
    }

    // ----- memberships in the trust -----

    private static final String LIST_MEMBERSHIPS = """
            SELECT id, 0 AS other_id, NULL AS kind, NULL AS name, role, seat_class,
                   lower(valid_during) AS from_day, upper(valid_during) AS until_day,
                   valid_during @> current_date AS current
            FROM party_membership
            WHERE party_id = ?
            ORDER BY lower(valid_during), id
            """;

    List<Period> listMemberships(Connection connection, long partyId) {
        return listPeriods(connection, LIST_MEMBERSHIPS, partyId);
    }

    private static final String MEMBERSHIP_FOR_UPDATE = """
            SELECT id, 0 AS other_id, NULL AS kind, NULL AS name, role, seat_class,
                   lower(valid_during) AS from_day, upper(valid_during) AS until_day,
                   valid_during @> current_date AS current
            FROM party_membership
            WHERE id = ? AND party_id = ?
            FOR UPDATE
            """;

    Optional<Period> findMembershipForUpdate(Connection connection, long membershipId, long partyId) {
        return listPeriods(connection, MEMBERSHIP_FOR_UPDATE, membershipId, partyId).stream()
                .findFirst();
    }

    private static final String OVERLAPPING_MEMBERSHIP = """
            SELECT id FROM party_membership
            WHERE party_id = ? AND role = ? AND valid_during && daterange(?::date, ?::date, '[]')
            ORDER BY lower(valid_during)
            LIMIT 1
            """;

    Optional<Long> findOverlappingMembership(
            Connection connection, long partyId, String role, LocalDate from, Optional<LocalDate> to) {
        return findId(connection, OVERLAPPING_MEMBERSHIP, partyId, role, from, to.orElse(null));
    }

    private static final String INSERT_MEMBERSHIP = """
            INSERT INTO party_membership (trust_id, party_id, role, seat_class, valid_during)
            VALUES (?, ?, ?, ?, daterange(?::date, ?::date, '[]'))
            RETURNING id
            """;

    long createMembership(
            Connection connection,
            long trustId,
            long partyId,
            String role,
            Optional<String> seatClass,
            LocalDate from,
            Optional<LocalDate> to) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MEMBERSHIP)) {
            statement.setLong(1, trustId);
            statement.setLong(2, partyId);
            statement.setString(3, role);
            statement.setString(4, seatClass.orElse(null));
            statement.setObject(5, from);
            statement.setObject(6, to.orElse(null), Types.DATE);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_MEMBERSHIP, e);
        }
    }

    private static final String END_MEMBERSHIP = """
            UPDATE party_membership SET valid_during = daterange(lower(valid_during), ?::date, '[]') WHERE id = ?
            """;

    void endMembership(Connection connection, long id, LocalDate lastDay) {
        update(connection, END_MEMBERSHIP, lastDay, id);
    }

    // ----- helpers -----

    private List<Period> listPeriods(Connection connection, String sql, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            List<Period> periods = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Optional<LocalDate> until = Optional.ofNullable(row.getObject("until_day", LocalDate.class));
                    periods.add(new Period(
                            row.getLong("id"),
                            row.getLong("other_id"),
                            row.getString("kind"),
                            row.getString("name"),
                            row.getString("role"),
                            Optional.ofNullable(row.getString("seat_class")),
                            row.getObject("from_day", LocalDate.class),
                            until.map(day -> day.minusDays(1)),
                            row.getBoolean("current")));
                }
            }
            return periods;
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static Optional<Long> findId(Connection connection, String sql, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    private static void update(Connection connection, String sql, Object... values) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, values);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(sql, e);
        }
    }

    /** Binds values in order; a null binds as a date, the only nullable value these statements take. */
    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, Types.DATE);
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
    }

    private PartyData dataFrom(ResultSet row, String contacts, Optional<Long> userId) throws SQLException {
        return new PartyData(
                row.getString("kind"),
                row.getString("name"),
                Optional.ofNullable(row.getString("given_names")),
                Optional.ofNullable(row.getString("family_names")),
                Optional.ofNullable(row.getString("gender")),
                Optional.ofNullable(row.getString("curp")),
                Optional.ofNullable(row.getString("rfc")),
                contactsFrom(contacts),
                userId,
                Optional.ofNullable(row.getString("notes")));
    }

    private static Optional<Long> optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private String contactsJson(List<Contact> contacts) {
        return json.writeValueAsString(
                contacts.stream().map(PartyRepository::contactJson).toList());
    }

    /** A contact as stored in party.contacts and shown by the API. */
    static Map<String, Object> contactJson(Contact contact) {
        Map<String, Object> object = new java.util.LinkedHashMap<>();
        object.put("kind", contact.kind());
        object.put("value", contact.value());
        object.put("consent", contact.consent());
        contact.consentRecordedOn().ifPresent(day -> object.put("consentRecordedOn", day.toString()));
        return object;
    }

    private List<Contact> contactsFrom(String text) {
        List<Contact> contacts = new ArrayList<>();
        if (text == null) {
            return contacts;
        }
        for (JsonNode item : json.readTree(text)) {
            JsonNode recordedOn = item.get("consentRecordedOn");
            contacts.add(new Contact(
                    item.path("kind").asString(),
                    item.path("value").asString(),
                    item.path("consent").asBoolean(),
                    recordedOn == null || recordedOn.isNull()
                            ? Optional.empty()
                            : Optional.of(LocalDate.parse(recordedOn.asString()))));
        }
        return contacts;
    }
}
