package org.tierra.parties;

import java.sql.Connection;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tierra.db.Row;
import org.tierra.db.Sql;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of parties, their group members and their memberships. Every method runs on the caller's
 * connection, so it joins its transaction. A party's contacts are stored as a JSON array beside it, so
 * that each version holds its contacts; the mapper writes and reads them.
 */
final class PartyRepository {

    private final JsonMapper json;

    PartyRepository(JsonMapper json) {
        this.json = json;
    }

    Optional<Long> findTrustId(Connection connection, long partyId) {
        return Sql.on(connection, "SELECT trust_id FROM party WHERE id = :id")
                .bind("id", partyId)
                .find(row -> row.getLong("trust_id"));
    }

    private static final String SELECT_PARTY = """
            SELECT p.id, p.trust_id, p.kind, p.name, p.given_names, p.family_names, p.gender, p.curp, p.rfc,
                   p.contacts::text AS contacts, p.user_id, u.username, p.notes, p.version, p.updated_at
            FROM party p LEFT JOIN app_user u ON u.id = p.user_id
            WHERE p.id = :id
            """;

    Optional<Party> findParty(Connection connection, long id) {
        return Sql.on(connection, SELECT_PARTY).bind("id", id).find(this::partyFrom);
    }

    private static final String SELECT_PARTY_FOR_UPDATE = SELECT_PARTY + "FOR UPDATE OF p\n";

    /** The party, row-locked until the transaction ends: writes to it and its periods queue behind. */
    Optional<Party> findPartyForUpdate(Connection connection, long id) {
        return Sql.on(connection, SELECT_PARTY_FOR_UPDATE).bind("id", id).find(this::partyFrom);
    }

    /** Row-locks the party: changes to it and to its periods queue behind each other. */
    void lockParty(Connection connection, long id) {
        Sql.on(connection, "SELECT id FROM party WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .list(row -> row.getLong("id"));
    }

    long createParty(Connection connection, long trustId, PartyData data) {
        return bindData(Sql.on(connection, """
                                INSERT INTO party (trust_id, kind, name, given_names, family_names, gender, curp, rfc,
                                                   contacts, user_id, notes)
                                VALUES (:trust, :kind, :name, :givenNames, :familyNames, :gender, :curp, :rfc,
                                        CAST(:contacts AS jsonb), :userId, :notes)
                                RETURNING id
                                """), data)
                .bind("trust", trustId)
                .bind("kind", data.kind())
                .get(row -> row.getLong("id"));
    }

    /** Writes {@code data} as the next version; false when the party is no longer at {@code version}. */
    boolean updateParty(Connection connection, long id, int version, PartyData data) {
        return bindData(Sql.on(connection, """
                                        UPDATE party
                                        SET name = :name, given_names = :givenNames, family_names = :familyNames,
                                            gender = :gender, curp = :curp, rfc = :rfc,
                                            contacts = CAST(:contacts AS jsonb), user_id = :userId, notes = :notes,
                                            version = version + 1, updated_at = now()
                                        WHERE id = :id AND version = :version
                                        """), data)
                        .bind("id", id)
                        .bind("version", version)
                        .update()
                == 1;
    }

    private Sql bindData(Sql statement, PartyData data) {
        return statement
                .bind("name", data.name())
                .bind("givenNames", data.givenNames())
                .bind("familyNames", data.familyNames())
                .bind("gender", data.gender())
                .bind("curp", data.curp())
                .bind("rfc", data.rfc())
                .bind("contacts", json.writeValueAsString(data.contacts()))
                .bind("userId", data.userId())
                .bind("notes", data.notes());
    }

    /** Another party of the trust with this CURP. */
    Optional<Long> findPartyIdByCurp(Connection connection, long trustId, String curp, long exceptId) {
        return Sql.on(connection, "SELECT id FROM party WHERE trust_id = :trust AND curp = :curp AND id <> :except")
                .bind("trust", trustId)
                .bind("curp", curp)
                .bind("except", exceptId)
                .find(row -> row.getLong("id"));
    }

    /** Another party of the trust linked to this account. */
    Optional<Long> findPartyIdByUser(Connection connection, long trustId, long userId, long exceptId) {
        return Sql.on(connection, "SELECT id FROM party WHERE trust_id = :trust AND user_id = :user AND id <> :except")
                .bind("trust", trustId)
                .bind("user", userId)
                .bind("except", exceptId)
                .find(row -> row.getLong("id"));
    }

    /** The trust's parties of {@code kind} whose name holds {@code text}, ignoring case and accents, by name. */
    List<PartySummary> listParties(
            Connection connection,
            long trustId,
            Optional<PartyKind> kind,
            Optional<String> text,
            int limit,
            int offset) {
        return Sql.on(connection, """
                        SELECT id, kind, name, version
                        FROM party
                        WHERE trust_id = :trust
                          AND (CAST(:kind AS text) IS NULL OR kind = :kind)
                          AND (CAST(:folded AS text) IS NULL
                               OR translate(lower(name), 'áàäâãéèëêíìïîóòöôõúùüûñçÁÀÄÂÃÉÈËÊÍÌÏÎÓÒÖÔÕÚÙÜÛÑÇ',
                                            'aaaaaeeeeiiiiooooouuuuncaaaaaeeeeiiiiooooouuuunc')
                                  LIKE '%' || :folded || '%' ESCAPE '\\')
                        ORDER BY lower(name), id
                        LIMIT :limit OFFSET :offset
                        """)
                .bind("trust", trustId)
                .bind("kind", kind)
                .bind("folded", text.map(PartyRepository::fold))
                .bind("limit", limit)
                .bind("offset", offset)
                .list(row -> new PartySummary(
                        row.getLong("id"),
                        row.getCode("kind", PartyKind.class),
                        row.getString("name"),
                        row.getInt("version")));
    }

    /** Lower case without accents, LIKE's wildcards escaped: as the list's SQL folds names. */
    static String fold(String text) {
        String plain = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Every version of the party, oldest first, with who made it and why. */
    List<PartyVersion> listVersions(Connection connection, long partyId) {
        return Sql.on(connection, """
                        SELECT v.version, v.valid_from, v.valid_to, v.operation, v.changed_by_name, v.reason,
                               v.request_id, v.snapshot ->> 'kind' AS kind, v.snapshot ->> 'name' AS name,
                               v.snapshot ->> 'given_names' AS given_names,
                               v.snapshot ->> 'family_names' AS family_names, v.snapshot ->> 'gender' AS gender,
                               v.snapshot ->> 'curp' AS curp, v.snapshot ->> 'rfc' AS rfc,
                               (v.snapshot -> 'contacts')::text AS contacts,
                               (v.snapshot ->> 'user_id')::bigint AS user_id, u.username,
                               v.snapshot ->> 'notes' AS notes
                        FROM record_version v LEFT JOIN app_user u ON u.id = (v.snapshot ->> 'user_id')::bigint
                        WHERE v.entity = 'party' AND v.entity_id = :party
                        ORDER BY v.version
                        """)
                .bind("party", partyId)
                .list(row -> new PartyVersion(
                        row.getInt("version"),
                        row.getInstant("valid_from"),
                        row.findInstant("valid_to"),
                        row.getString("operation"),
                        Optional.of(new PartyVersion.Author(
                                row.getString("changed_by_name"),
                                row.getString("reason"),
                                row.findString("request_id"))),
                        PartyFields.of(dataFrom(row), row.findString("username"))));
    }

    // ----- members of households and groups -----

    /** The group's members, past, present and future. */
    List<PartyDetails.Member> listMembers(Connection connection, long groupId) {
        return Sql.on(connection, """
                        SELECT p.id AS other, p.kind, p.name, m.role, lower(m.valid_during) AS from_day,
                               upper(m.valid_during) AS until_day, m.valid_during @> current_date AS current
                        FROM party_group_member m JOIN party p ON p.id = m.member_id
                        WHERE m.group_id = :group
                        ORDER BY lower(m.valid_during), m.id
                        """).bind("group", groupId).list(row -> linkFrom(row, PartyDetails.Member::new));
    }

    /** The groups the party belongs or belonged to. */
    List<PartyDetails.Group> listGroups(Connection connection, long memberId) {
        return Sql.on(connection, """
                        SELECT p.id AS other, p.kind, p.name, m.role, lower(m.valid_during) AS from_day,
                               upper(m.valid_during) AS until_day, m.valid_during @> current_date AS current
                        FROM party_group_member m JOIN party p ON p.id = m.group_id
                        WHERE m.member_id = :member
                        ORDER BY lower(m.valid_during), m.id
                        """).bind("member", memberId).list(row -> linkFrom(row, PartyDetails.Group::new));
    }

    /** Builds a member or group link from the party at the other end and the period. */
    @FunctionalInterface
    private interface LinkFactory<T> {
        T create(
                long other,
                PartyKind kind,
                String name,
                GroupRole role,
                LocalDate from,
                Optional<LocalDate> to,
                boolean current);
    }

    private static <T> T linkFrom(Row row, LinkFactory<T> factory) throws SQLException {
        return factory.create(
                row.getLong("other"),
                row.getCode("kind", PartyKind.class),
                row.getString("name"),
                row.getCode("role", GroupRole.class),
                row.getDate("from_day"),
                lastDay(row),
                row.getBoolean("current"));
    }

    /** A period of the member in the group that is still open on {@code from} or starts after it. */
    Optional<Long> findOverlappingMember(Connection connection, long groupId, long memberId, LocalDate from) {
        return Sql.on(connection, """
                        SELECT id FROM party_group_member
                        WHERE group_id = :group AND member_id = :member
                          AND valid_during && daterange(:from::date, NULL, '[]')
                        ORDER BY lower(valid_during)
                        LIMIT 1
                        """)
                .bind("group", groupId)
                .bind("member", memberId)
                .bind("from", from)
                .find(row -> row.getLong("id"));
    }

    /** Whether {@code groupId} has {@code partyId} among its members, their members and so on, at any time. */
    boolean contains(Connection connection, long groupId, long partyId) {
        return Sql.on(connection, """
                        WITH RECURSIVE inside (id) AS (
                            SELECT member_id FROM party_group_member WHERE group_id = :group
                            UNION
                            SELECT m.member_id FROM party_group_member m JOIN inside i ON m.group_id = i.id)
                        SELECT EXISTS (SELECT 1 FROM inside WHERE id = :party) AS found
                        """)
                .bind("group", groupId)
                .bind("party", partyId)
                .get(row -> row.getBoolean("found"));
    }

    long createMember(Connection connection, long trustId, long groupId, NewMember member) {
        return Sql.on(connection, """
                        INSERT INTO party_group_member (trust_id, group_id, member_id, role, valid_during)
                        VALUES (:trust, :group, :member, :role, daterange(:from::date, NULL, '[]'))
                        RETURNING id
                        """)
                .bind("trust", trustId)
                .bind("group", groupId)
                .bind("member", member.member())
                .bind("role", member.role())
                .bind("from", member.from())
                .get(row -> row.getLong("id"));
    }

    /** The member's open-ended period in the group, row-locked. */
    Optional<Memberships.GroupPeriod> findOpenMember(Connection connection, long groupId, long memberId) {
        return Sql.on(connection, """
                        SELECT id, group_id, member_id, role, lower(valid_during) AS from_day,
                               upper(valid_during) AS until_day
                        FROM party_group_member
                        WHERE group_id = :group AND member_id = :member AND upper_inf(valid_during)
                        FOR UPDATE
                        """)
                .bind("group", groupId)
                .bind("member", memberId)
                .find(row -> new Memberships.GroupPeriod(
                        row.getLong("id"),
                        row.getLong("group_id"),
                        row.getLong("member_id"),
                        row.getCode("role", GroupRole.class),
                        row.getDate("from_day"),
                        lastDay(row)));
    }

    void endMember(Connection connection, long id, LocalDate lastDay) {
        Sql.on(connection, """
                        UPDATE party_group_member SET valid_during = daterange(lower(valid_during), :last::date, '[]')
                        WHERE id = :id
                        """).bind("last", lastDay).bind("id", id).update();
    }

    // ----- memberships in the trust -----

    private static final String SELECT_MEMBERSHIP = """
            SELECT id, party_id, role, seat_class, lower(valid_during) AS from_day, upper(valid_during) AS until_day,
                   valid_during @> current_date AS current
            FROM party_membership
            """;

    List<PartyDetails.Membership> listMemberships(Connection connection, long partyId) {
        return Sql.on(connection, SELECT_MEMBERSHIP + "WHERE party_id = :party ORDER BY lower(valid_during), id")
                .bind("party", partyId)
                .list(row -> new PartyDetails.Membership(
                        row.getLong("id"),
                        row.getCode("role", MembershipRole.class),
                        row.findCode("seat_class", SeatClass.class),
                        row.getDate("from_day"),
                        lastDay(row),
                        row.getBoolean("current")));
    }

    /** The party's membership {@code membershipId}, row-locked. */
    Optional<Memberships.MembershipPeriod> findMembershipForUpdate(
            Connection connection, long membershipId, long partyId) {
        return Sql.on(connection, SELECT_MEMBERSHIP + "WHERE id = :id AND party_id = :party FOR UPDATE")
                .bind("id", membershipId)
                .bind("party", partyId)
                .find(row -> new Memberships.MembershipPeriod(
                        row.getLong("id"),
                        row.getLong("party_id"),
                        row.getCode("role", MembershipRole.class),
                        row.findCode("seat_class", SeatClass.class),
                        row.getDate("from_day"),
                        lastDay(row)));
    }

    /** A membership of the party in {@code role} that shares a day with the new one, if any. */
    Optional<Long> findOverlappingMembership(Connection connection, long partyId, NewMembership membership) {
        return Sql.on(connection, """
                        SELECT id FROM party_membership
                        WHERE party_id = :party AND role = :role
                          AND valid_during && daterange(:from::date, :to::date, '[]')
                        ORDER BY lower(valid_during)
                        LIMIT 1
                        """)
                .bind("party", partyId)
                .bind("role", membership.role())
                .bind("from", membership.from())
                .bind("to", membership.to())
                .find(row -> row.getLong("id"));
    }

    long createMembership(Connection connection, long trustId, long partyId, NewMembership membership) {
        return Sql.on(connection, """
                        INSERT INTO party_membership (trust_id, party_id, role, seat_class, valid_during)
                        VALUES (:trust, :party, :role, :seatClass, daterange(:from::date, :to::date, '[]'))
                        RETURNING id
                        """)
                .bind("trust", trustId)
                .bind("party", partyId)
                .bind("role", membership.role())
                .bind("seatClass", membership.seatClass())
                .bind("from", membership.from())
                .bind("to", membership.to())
                .get(row -> row.getLong("id"));
    }

    void endMembership(Connection connection, long id, LocalDate lastDay) {
        Sql.on(connection, """
                        UPDATE party_membership SET valid_during = daterange(lower(valid_during), :last::date, '[]')
                        WHERE id = :id
                        """).bind("last", lastDay).bind("id", id).update();
    }

    // ----- rows -----

    /** A period's last day: the day before the range's exclusive upper bound; empty while open-ended. */
    private static Optional<LocalDate> lastDay(Row row) throws SQLException {
        return row.findDate("until_day").map(day -> day.minusDays(1));
    }

    private Party partyFrom(Row row) throws SQLException {
        return new Party(
                row.getLong("id"),
                row.getLong("trust_id"),
                dataFrom(row),
                row.findString("username"),
                row.getInt("version"),
                row.getInstant("updated_at"));
    }

    /** The party's own members, from a row of the table or of a version's snapshot (same column names). */
    private PartyData dataFrom(Row row) throws SQLException {
        return new PartyData(
                row.getCode("kind", PartyKind.class),
                row.getString("name"),
                row.findString("given_names"),
                row.findString("family_names"),
                row.findCode("gender", Gender.class),
                row.findString("curp"),
                row.findString("rfc"),
                contactsFrom(row.findString("contacts")),
                row.findLong("user_id"),
                row.findString("notes"));
    }

    private List<Contact> contactsFrom(Optional<String> text) {
        List<Contact> contacts = new ArrayList<>();
        if (text.isEmpty()) {
            return contacts;
        }
        for (JsonNode item : json.readTree(text.get())) {
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
