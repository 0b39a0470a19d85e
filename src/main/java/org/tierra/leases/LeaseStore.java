package org.tierra.leases;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.db.DatabaseException;
import org.tierra.resale.ResaleQuote;

/**
 * The SQL of ground leases: writing a lease and its parcels and lessees, moving it through its
 * lifecycle, finding leases in force that would collide, and reading leases and their versions. Every
 * method works on the caller's connection, so it joins the caller's transaction.
 */
final class LeaseStore {

    private LeaseStore() {}

    /** The fields of a lease its lifecycle moves, as read (row-locked) before a change. */
    record LeaseState(
            long id,
            long trustId,
            String code,
            String status,
            LocalDate startsOn,
            LocalDate endsOn,
            Optional<LocalDate> closedOn,
            int version) {}

    /** A lease in force on one of the parcels, over days that collide with a lease being written. */
    record Conflict(
            long leaseId,
            String leaseCode,
            String status,
            LocalDate from,
            LocalDate until,
            long parcelId,
            String parcel) {}

    /** A parcel as a lease needs to see it. */
    record ParcelFacts(long id, long trustId, String code, String status) {}

    /** A version of a lease, as the versioning trigger recorded it. */
    record Version(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            String operation,
            String snapshotJson,
            String changedBy,
            String reason,
            Optional<String> requestId) {}

    private static final String INSERT_LEASE = """
            INSERT INTO ground_lease (code, starts_on, ends_on, renewable, renewal_term_years, permitted_use, fee_amount,
                                      currency, fee_period, escalation, escalation_percent, escalation_index,
                                      resale_policy_id, resale_policy_version, purchase_price, purchase_appraisal,
                                      purchase_index_value, notes, trust_id, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft')
            RETURNING id
            """;

    /** Inserts {@code lease} as a draft (version 1) and returns its id; its parcels and lessees follow. */
    static long insertLease(Connection connection, NewLease lease) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_LEASE)) {
            bindTerms(statement, lease);
            statement.setLong(19, lease.trustId());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_LEASE, e);
        }
    }

    private static final String UPDATE_TERMS = """
            UPDATE ground_lease
            SET code = ?, starts_on = ?, ends_on = ?, renewable = ?, renewal_term_years = ?, permitted_use = ?,
                fee_amount = ?, currency = ?, fee_period = ?, escalation = ?, escalation_percent = ?,
                escalation_index = ?, resale_policy_id = ?, resale_policy_version = ?, purchase_price = ?,
                purchase_appraisal = ?, purchase_index_value = ?, notes = ?, version = version + 1, updated_at = now()
            WHERE id = ? AND version = ? AND status = 'draft'
            """;

    /**
     * Rewrites the terms of a draft as its next version (the trigger records it); its parcels and
     * lessees are the caller's to replace.
     *
     * @return false when the lease is no longer a draft at {@code current.version()}
     */
    static boolean updateTerms(Connection connection, LeaseState current, NewLease lease) {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_TERMS)) {
            bindTerms(statement, lease);
            statement.setLong(19, current.id());
            statement.setInt(20, current.version());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(UPDATE_TERMS, e);
        }
    }

    /** Binds the terms of {@code lease}, from its code to its notes, to parameters 1 to 18. */
    private static void bindTerms(PreparedStatement statement, NewLease lease) throws SQLException {
        statement.setString(1, lease.code());
        statement.setObject(2, lease.startsOn());
        statement.setObject(3, lease.endsOn());
        statement.setBoolean(4, lease.renewable());
        statement.setObject(5, lease.renewalTermYears().orElse(null), Types.INTEGER);
        statement.setString(6, lease.permittedUse());
        statement.setBigDecimal(7, lease.feeAmount());
        statement.setString(8, lease.currency());
        statement.setString(9, lease.feePeriod());
        statement.setString(10, lease.escalation());
        statement.setBigDecimal(11, lease.escalationPercent().orElse(null));
        statement.setString(12, lease.escalationIndex().orElse(null));
        statement.setObject(13, lease.resalePolicy().map(Lease.PolicyRef::id).orElse(null), Types.BIGINT);
        statement.setObject(
                14, lease.resalePolicy().map(Lease.PolicyRef::version).orElse(null), Types.INTEGER);
        statement.setBigDecimal(15, lease.purchasePrice().orElse(null));
        statement.setBigDecimal(16, lease.purchaseAppraisal().orElse(null));
        statement.setBigDecimal(17, lease.purchaseIndexValue().orElse(null));
        statement.setString(18, lease.notes().orElse(null));
    }

    private static final String DELETE_PARCELS = "DELETE FROM ground_lease_parcel WHERE lease_id = ?";

    /** Removes a draft's parcels, to be replaced in the same transaction (the database refuses it later). */
    static void deleteParcels(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_PARCELS)) {
            statement.setLong(1, leaseId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(DELETE_PARCELS, e);
        }
    }

    private static final String DELETE_LESSEES = "DELETE FROM ground_lease_lessee WHERE lease_id = ?";

    /** Removes a draft's lessees, to be replaced in the same transaction (the database refuses it later). */
    static void deleteLessees(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(DELETE_LESSEES)) {
            statement.setLong(1, leaseId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(DELETE_LESSEES, e);
        }
    }

    private static final String INSERT_PARCEL =
            "INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id) VALUES (?, ?, ?)";

    static void insertParcels(Connection connection, long leaseId, long trustId, List<Long> parcelIds) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_PARCEL)) {
            for (long parcelId : parcelIds) {
                statement.setLong(1, leaseId);
                statement.setLong(2, parcelId);
                statement.setLong(3, trustId);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_PARCEL, e);
        }
    }

    private static final String INSERT_LESSEE = """
            INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator, share_denominator)
            VALUES (?, ?, ?, ?, ?)
            """;

    static void insertLessees(Connection connection, long leaseId, long trustId, List<NewLease.Lessee> lessees) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_LESSEE)) {
            for (NewLease.Lessee lessee : lessees) {
                statement.setLong(1, leaseId);
                statement.setLong(2, lessee.partyId());
                statement.setLong(3, trustId);
                statement.setInt(4, lessee.share().numerator().intValueExact());
                statement.setInt(5, lessee.share().denominator().intValueExact());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_LESSEE, e);
        }
    }

    private static final String CODE_TAKEN =
            "SELECT EXISTS (SELECT 1 FROM ground_lease WHERE trust_id = ? AND code = ?)";

    static boolean codeTaken(Connection connection, long trustId, String code) {
        try (PreparedStatement statement = connection.prepareStatement(CODE_TAKEN)) {
            statement.setLong(1, trustId);
            statement.setString(2, code);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(CODE_TAKEN, e);
        }
    }

    private static final String INSERT_ASSIGNMENT = """
            INSERT INTO lease_assignment (from_lease_id, to_lease_id, trust_id, assigned_on, resale_price, currency,
                                          resale_policy_id, resale_policy_version, worksheet)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            """;

    /** Records that lease {@code fromLeaseId} was assigned to {@code toLeaseId} at the quoted resale price. */
    static void insertAssignment(
            Connection connection,
            long fromLeaseId,
            long toLeaseId,
            long trustId,
            LocalDate assignedOn,
            ResaleQuote quote,
            String worksheetJson) {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ASSIGNMENT)) {
            statement.setLong(1, fromLeaseId);
            statement.setLong(2, toLeaseId);
            statement.setLong(3, trustId);
            statement.setObject(4, assignedOn);
            statement.setBigDecimal(5, quote.price());
            statement.setString(6, quote.currency());
            statement.setLong(7, quote.policyId());
            statement.setInt(8, quote.policyVersion());
            statement.setString(9, worksheetJson);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(INSERT_ASSIGNMENT, e);
        }
    }

    private static final String FIND_STATE_FOR_UPDATE = """
            SELECT id, trust_id, code, status, starts_on, ends_on, closed_on, version
            FROM ground_lease
            WHERE id = ?
            FOR UPDATE
            """;

    /** The lease's lifecycle fields, locking its row until the transaction ends. */
    static Optional<LeaseState> findStateForUpdate(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_STATE_FOR_UPDATE)) {
            statement.setLong(1, leaseId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LeaseState(
                        row.getLong("id"),
                        row.getLong("trust_id"),
                        row.getString("code"),
                        row.getString("status"),
                        row.getObject("starts_on", LocalDate.class),
                        row.getObject("ends_on", LocalDate.class),
                        Optional.ofNullable(row.getObject("closed_on", LocalDate.class)),
                        row.getInt("version")));
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_STATE_FOR_UPDATE, e);
        }
    }

    private static final String UPDATE_STATUS = """
            UPDATE ground_lease
            SET status = ?, closed_on = ?, close_reason = ?, version = version + 1, updated_at = now()
            WHERE id = ? AND version = ?
            """;

    /**
     * Moves the lease to {@code status} as its next version; the database's triggers record the version
     * and carry the new days in force to its parcels, where the one-lease-at-a-time constraint checks
     * them (SQLSTATE 23P01 when another lease holds a parcel on one of the days).
     *
     * @return false when the lease is no longer at {@code current.version()}
     */
    static boolean updateStatus(
            Connection connection,
            LeaseState current,
            String status,
            Optional<LocalDate> closedOn,
            Optional<String> closeReason) {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE_STATUS)) {
            statement.setString(1, status);
            statement.setObject(2, closedOn.orElse(null), Types.DATE);
            statement.setString(3, closeReason.orElse(null));
            statement.setLong(4, current.id());
            statement.setInt(5, current.version());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException(UPDATE_STATUS, e);
        }
    }

    private static final String LIST_CONFLICTS = """
            SELECT g.id, g.code, g.status, lower(lp.in_force) AS in_force_from, upper(lp.in_force) AS in_force_until,
                   p.id AS parcel_id, p.code AS parcel_code
            FROM ground_lease_parcel lp
            JOIN ground_lease g ON g.id = lp.lease_id
            JOIN parcel p ON p.id = lp.parcel_id
            WHERE lp.parcel_id = ANY (?)
              AND lp.in_force && daterange(?, ?, '[)')
              AND lp.lease_id <> ?
            ORDER BY g.id, p.id
            """;

    /**
     * The leases in force on any of {@code parcelIds} on a day from {@code from} up to the day before
     * {@code until}, other than lease {@code exceptLeaseId}. Sees committed leases only.
     */
    static List<Conflict> listConflicts(
            Connection connection, List<Long> parcelIds, LocalDate from, LocalDate until, long exceptLeaseId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_CONFLICTS)) {
            statement.setArray(1, connection.createArrayOf("bigint", parcelIds.toArray()));
            statement.setObject(2, from);
            statement.setObject(3, until);
            statement.setLong(4, exceptLeaseId);
            List<Conflict> conflicts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(new Conflict(
                            rows.getLong("id"),
                            rows.getString("code"),
                            rows.getString("status"),
                            rows.getObject("in_force_from", LocalDate.class),
                            rows.getObject("in_force_until", LocalDate.class),
                            rows.getLong("parcel_id"),
                            rows.getString("parcel_code")));
                }
            }
            return conflicts;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_CONFLICTS, e);
        }
    }

    private static final String LIST_PARCEL_IDS =
            "SELECT parcel_id FROM ground_lease_parcel WHERE lease_id = ? ORDER BY parcel_id";

    static List<Long> listParcelIds(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_PARCEL_IDS)) {
            statement.setLong(1, leaseId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_PARCEL_IDS, e);
        }
    }

    private static final String FIND_PARCELS = "SELECT id, trust_id, code, status FROM parcel WHERE id = ANY (?)";

    /** The parcels among {@code ids} that exist, by id, in any trust. */
    static Map<Long, ParcelFacts> findParcels(Connection connection, List<Long> ids) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_PARCELS)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            Map<Long, ParcelFacts> parcels = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    parcels.put(
                            rows.getLong("id"),
                            new ParcelFacts(
                                    rows.getLong("id"),
                                    rows.getLong("trust_id"),
                                    rows.getString("code"),
                                    rows.getString("status")));
                }
            }
            return parcels;
        } catch (SQLException e) {
            throw new DatabaseException(FIND_PARCELS, e);
        }
    }

    // Splits and merges may have happened more than once: follow the lineage down to the parcels that
    // still exist, which are the ones to lease instead.
    private static final String LIST_LIVING_DESCENDANTS = """
            WITH RECURSIVE descendant (id) AS (
                SELECT child_id FROM parcel_lineage WHERE parent_id = ?
                UNION
                SELECT l.child_id FROM parcel_lineage l JOIN descendant d ON l.parent_id = d.id
            )
            SELECT p.id, p.code FROM parcel p JOIN descendant d ON d.id = p.id
            WHERE p.status <> 'retired'
            ORDER BY p.code
            """;

    /** The parcels now holding a retired parcel's land. */
    static List<Lease.LeasedParcel> listLivingDescendants(Connection connection, long parcelId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_LIVING_DESCENDANTS)) {
            statement.setLong(1, parcelId);
            List<Lease.LeasedParcel> parcels = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    parcels.add(new Lease.LeasedParcel(rows.getLong(1), rows.getString(2)));
                }
            }
            return parcels;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_LIVING_DESCENDANTS, e);
        }
    }

    private static final String FIND_PARTY_TRUSTS = "SELECT id, trust_id FROM party WHERE id = ANY (?)";

    /** The trust of each party among {@code ids} that exists. */
    static Map<Long, Long> findPartyTrusts(Connection connection, List<Long> ids) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_PARTY_TRUSTS)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            Map<Long, Long> trusts = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    trusts.put(rows.getLong(1), rows.getLong(2));
                }
            }
            return trusts;
        } catch (SQLException e) {
            throw new DatabaseException(FIND_PARTY_TRUSTS, e);
        }
    }

    private static final String PRICE_INDEX_EXISTS = "SELECT EXISTS (SELECT 1 FROM price_index WHERE code = ?)";

    static boolean priceIndexExists(Connection connection, String code) {
        try (PreparedStatement statement = connection.prepareStatement(PRICE_INDEX_EXISTS)) {
            statement.setString(1, code);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException(PRICE_INDEX_EXISTS, e);
        }
    }

    private static final String FIND_POLICY_VERSION = """
            SELECT p.id, p.code, v.version
            FROM resale_policy p
            JOIN resale_policy_version v ON v.policy_id = p.id
            WHERE p.trust_id = ?
              AND (p.id = ? OR p.code = ?)
              AND (v.version = ? OR ?::integer IS NULL)
            ORDER BY v.version DESC
            LIMIT 1
            """;

    /**
     * A resale policy of the trust, by id or code, at {@code version} or else its latest version; empty
     * when there is no such policy or version.
     */
    static Optional<Lease.PolicyRef> findPolicyVersion(
            Connection connection, long trustId, Optional<Long> id, Optional<String> code, Optional<Integer> version) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_POLICY_VERSION)) {
            statement.setLong(1, trustId);
            statement.setObject(2, id.orElse(null), Types.BIGINT);
            statement.setString(3, code.orElse(null));
            statement.setObject(4, version.orElse(null), Types.INTEGER);
            statement.setObject(5, version.orElse(null), Types.INTEGER);
            try (ResultSet row = statement.executeQuery()) {
                return row.next()
                        ? Optional.of(new Lease.PolicyRef(row.getLong(1), row.getString(2), row.getInt(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(FIND_POLICY_VERSION, e);
        }
    }

    private static final String SELECT_LEASES = """
            SELECT g.id, g.trust_id, t.code AS trust_code, g.code, g.status, g.starts_on, g.ends_on, g.renewable,
                   g.renewal_term_years, g.permitted_use, g.fee_amount, g.currency, g.fee_period, g.escalation,
                   g.escalation_percent, g.escalation_index, g.resale_policy_id, rp.code AS policy_code,
                   g.resale_policy_version, g.purchase_price, g.purchase_appraisal, g.purchase_index_value,
                   g.closed_on, g.close_reason, g.notes, g.version,
                   previous.id AS previous_id, previous.code AS previous_code,
                   next.id AS next_id, next.code AS next_code
            FROM ground_lease g
            JOIN trust t ON t.id = g.trust_id
            LEFT JOIN resale_policy rp ON rp.id = g.resale_policy_id
            LEFT JOIN lease_assignment incoming ON incoming.to_lease_id = g.id
            LEFT JOIN ground_lease previous ON previous.id = incoming.from_lease_id
            LEFT JOIN lease_assignment outgoing ON outgoing.from_lease_id = g.id
            LEFT JOIN ground_lease next ON next.id = outgoing.to_lease_id
            """;

    private static final String FIND_LEASE = SELECT_LEASES + "WHERE g.id = ?";

    static Optional<Lease> findLease(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(FIND_LEASE)) {
            statement.setLong(1, leaseId);
            List<Lease> leases = readLeases(connection, statement);
            return leases.stream().findFirst();
        } catch (SQLException e) {
            throw new DatabaseException(FIND_LEASE, e);
        }
    }

    private static final String LIST_LEASES = SELECT_LEASES + """
            WHERE g.trust_id = ?
              AND (g.status = ? OR ?::text IS NULL)
              AND (?::bigint IS NULL
                   OR EXISTS (SELECT 1 FROM ground_lease_parcel lp WHERE lp.lease_id = g.id AND lp.parcel_id = ?))
              AND g.id > ?
            ORDER BY g.id
            LIMIT ?
            """;

    /** The trust's leases after id {@code afterId}, optionally of one status or on one parcel, by id. */
    static List<Lease> listLeases(
            Connection connection,
            long trustId,
            Optional<String> status,
            Optional<Long> parcelId,
            long afterId,
            int limit) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_LEASES)) {
            statement.setLong(1, trustId);
            statement.setString(2, status.orElse(null));
            statement.setString(3, status.orElse(null));
            statement.setObject(4, parcelId.orElse(null), Types.BIGINT);
            statement.setObject(5, parcelId.orElse(null), Types.BIGINT);
            statement.setLong(6, afterId);
            statement.setInt(7, limit);
            return readLeases(connection, statement);
        } catch (SQLException e) {
            throw new DatabaseException(LIST_LEASES, e);
        }
    }

    private static List<Lease> readLeases(Connection connection, PreparedStatement statement) throws SQLException {
        List<ResultRow> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(ResultRow.of(result));
            }
        }
        List<Long> ids = rows.stream().map(ResultRow::id).toList();
        Map<Long, List<Lease.LeasedParcel>> parcels = listLeasedParcels(connection, ids);
        Map<Long, List<Lease.Lessee>> lessees = listLessees(connection, ids);
        return rows.stream()
                .map(row -> row.toLease(
                        parcels.getOrDefault(row.id(), List.of()), lessees.getOrDefault(row.id(), List.of())))
                .toList();
    }

    /** One row of {@link #SELECT_LEASES}, before its parcels and lessees are attached. */
    private record ResultRow(Lease lease) {
        long id() {
            return lease.id();
        }

        static ResultRow of(ResultSet row) throws SQLException {
            long policyId = row.getLong("resale_policy_id");
            Optional<Lease.PolicyRef> policy = row.wasNull()
                    ? Optional.empty()
                    : Optional.of(new Lease.PolicyRef(
                            policyId, row.getString("policy_code"), row.getInt("resale_policy_version")));
            return new ResultRow(new Lease(
                    row.getLong("id"),
                    row.getLong("trust_id"),
                    row.getString("trust_code"),
                    row.getString("code"),
                    row.getString("status"),
                    row.getObject("starts_on", LocalDate.class),
                    row.getObject("ends_on", LocalDate.class),
                    row.getBoolean("renewable"),
                    Optional.ofNullable(row.getObject("renewal_term_years", Integer.class)),
                    row.getString("permitted_use"),
                    row.getBigDecimal("fee_amount"),
                    row.getString("currency"),
                    row.getString("fee_period"),
                    row.getString("escalation"),
                    Optional.ofNullable(row.getBigDecimal("escalation_percent")),
                    Optional.ofNullable(row.getString("escalation_index")),
                    policy,
                    Optional.ofNullable(row.getBigDecimal("purchase_price")),
                    Optional.ofNullable(row.getBigDecimal("purchase_appraisal")),
                    Optional.ofNullable(row.getBigDecimal("purchase_index_value")),
                    Optional.ofNullable(row.getObject("closed_on", LocalDate.class)),
                    Optional.ofNullable(row.getString("close_reason")),
                    Optional.ofNullable(row.getString("notes")),
                    row.getInt("version"),
                    List.of(),
                    List.of(),
                    reference(row, "previous_id", "previous_code"),
                    reference(row, "next_id", "next_code")));
        }

        private static Optional<Lease.LeaseRef> reference(ResultSet row, String idColumn, String codeColumn)
                throws SQLException {
            long id = row.getLong(idColumn);
            return row.wasNull() ? Optional.empty() : Optional.of(new Lease.LeaseRef(id, row.getString(codeColumn)));
        }

        Lease toLease(List<Lease.LeasedParcel> parcels, List<Lease.Lessee> lessees) {
            return lease.with(parcels, lessees);
        }
    }

    private static final String LIST_LEASED_PARCELS = """
            SELECT lp.lease_id, p.id, p.code
            FROM ground_lease_parcel lp JOIN parcel p ON p.id = lp.parcel_id
            WHERE lp.lease_id = ANY (?)
            ORDER BY lp.lease_id, p.code
            """;

    private static Map<Long, List<Lease.LeasedParcel>> listLeasedParcels(Connection connection, List<Long> leaseIds)
            throws SQLException {
        Map<Long, List<Lease.LeasedParcel>> parcels = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST_LEASED_PARCELS)) {
            statement.setArray(1, bigintArray(connection, leaseIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    parcels.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                            .add(new Lease.LeasedParcel(rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return parcels;
    }

    private static final String LIST_LESSEES = """
            SELECT l.lease_id, l.party_id, p.name, l.share_numerator, l.share_denominator
            FROM ground_lease_lessee l JOIN party p ON p.id = l.party_id
            WHERE l.lease_id = ANY (?)
            ORDER BY l.lease_id, p.name, l.party_id
            """;

    private static Map<Long, List<Lease.Lessee>> listLessees(Connection connection, List<Long> leaseIds)
            throws SQLException {
        Map<Long, List<Lease.Lessee>> lessees = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LIST_LESSEES)) {
            statement.setArray(1, bigintArray(connection, leaseIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lessees.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                            .add(new Lease.Lessee(
                                    rows.getLong(2),
                                    rows.getString(3),
                                    new Share(BigInteger.valueOf(rows.getInt(4)), BigInteger.valueOf(rows.getInt(5)))));
                }
            }
        }
        return lessees;
    }

    private static Array bigintArray(Connection connection, List<Long> ids) throws SQLException {
        return connection.createArrayOf("bigint", ids.toArray());
    }

    private static final String LIST_VERSIONS = """
            SELECT version, valid_from, valid_to, operation, snapshot::text AS snapshot, changed_by_name, reason,
                   request_id
            FROM record_version
            WHERE entity = 'ground_lease' AND entity_id = ?
            ORDER BY version
            """;

    /** Every version of the lease, oldest first. */
    static List<Version> listVersions(Connection connection, long leaseId) {
        try (PreparedStatement statement = connection.prepareStatement(LIST_VERSIONS)) {
            statement.setLong(1, leaseId);
            List<Version> versions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Timestamp validTo = rows.getTimestamp("valid_to");
                    versions.add(new Version(
                            rows.getInt("version"),
                            rows.getTimestamp("valid_from").toInstant(),
                            Optional.ofNullable(validTo).map(Timestamp::toInstant),
                            rows.getString("operation"),
                            rows.getString("snapshot"),
                            rows.getString("changed_by_name"),
                            rows.getString("reason"),
                            Optional.ofNullable(rows.getString("request_id"))));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new DatabaseException(LIST_VERSIONS, e);
        }
    }
}
