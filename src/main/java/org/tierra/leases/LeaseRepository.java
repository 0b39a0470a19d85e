package org.tierra.leases;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tierra.core.VersionTag;
import org.tierra.db.Row;
import org.tierra.db.Sql;

/**
 * The SQL of ground leases: writing a lease and its parcels and lessees, moving it through its
 * lifecycle, finding leases in force that would collide, and reading leases and their versions. Every
 * method works on the caller's connection, so it joins the caller's transaction.
 */
final class LeaseRepository {

    private LeaseRepository() {}

    /** The fields of a lease its lifecycle moves, as read (row-locked) before a change. */
    record LockedLease(
            long id, long trustId, String code, LeaseStatus status, LocalDate startsOn, LocalDate endsOn, int version) {

        VersionTag versionTag() {
            return new VersionTag(id, version);
        }
    }

    /**
     * A lease in force on one of the parcels, over days that collide with a lease being written; shown to
     * the client as it is, in the refusal.
     *
     * @param until exclusive
     */
    record Conflict(
            long lease,
            String code,
            LeaseStatus status,
            LocalDate from,
            LocalDate until,
            long parcel,
            String parcelCode) {}

    /** A parcel as a lease needs to see it. */
    record ParcelFacts(long id, long trustId, String code, boolean retired) {}

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

    /** Inserts {@code lease} as a draft (version 1) and returns its id; its parcels and lessees follow. */
    static long createLease(Connection connection, NewLease lease) {
        return bindTerms(Sql.on(connection, """
                                INSERT INTO ground_lease (code, starts_on, ends_on, renewable, renewal_term_years,
                                                          permitted_use, fee_amount, currency, fee_period, escalation,
                                                          escalation_percent, escalation_index, resale_policy_id,
                                                          resale_policy_version, purchase_price, purchase_appraisal,
                                                          purchase_index_value, notes, trust_id, status)
                                VALUES (:code, :startsOn, :endsOn, :renewable, :renewalTermYears, :permittedUse,
                                        :feeAmount, :currency, :feePeriod, :escalation, :escalationPercent,
                                        :escalationIndex, :policyId, :policyVersion, :purchasePrice,
                                        :purchaseAppraisal, :purchaseIndexValue, :notes, :trust, 'draft')
                                RETURNING id
                                """), lease)
                .bind("trust", lease.trustId())
                .get(row -> row.getLong("id"));
    }

    /**
     * Rewrites the terms of a draft as its next version (the trigger records it); its parcels and
     * lessees are the caller's to replace.
     *
     * @return false when the lease is no longer a draft at {@code current.version()}
     */
    static boolean updateTerms(Connection connection, LockedLease current, NewLease lease) {
        return bindTerms(Sql.on(connection, """
                                        UPDATE ground_lease
                                        SET code = :code, starts_on = :startsOn, ends_on = :endsOn,
                                            renewable = :renewable, renewal_term_years = :renewalTermYears,
                                            permitted_use = :permittedUse, fee_amount = :feeAmount,
                                            currency = :currency, fee_period = :feePeriod, escalation = :escalation,
                                            escalation_percent = :escalationPercent,
                                            escalation_index = :escalationIndex, resale_policy_id = :policyId,
                                            resale_policy_version = :policyVersion, purchase_price = :purchasePrice,
                                            purchase_appraisal = :purchaseAppraisal,
                                            purchase_index_value = :purchaseIndexValue, notes = :notes,
                                            version = version + 1, updated_at = now()
                                        WHERE id = :id AND version = :version AND status = 'draft'
                                        """), lease)
                        .bind("id", current.id())
                        .bind("version", current.version())
                        .update()
                == 1;
    }

    /** Binds the terms of {@code lease}, from its code to its notes. */
    private static Sql bindTerms(Sql statement, NewLease lease) {
        Optional<Purchase> purchase = lease.purchase();
        return statement
                .bind("code", lease.code())
                .bind("startsOn", lease.startsOn())
                .bind("endsOn", lease.endsOn())
                .bind("renewable", lease.renewable())
                .bind("renewalTermYears", lease.renewalTermYears())
                .bind("permittedUse", lease.permittedUse())
                .bind("feeAmount", lease.fee().amount())
                .bind("currency", lease.fee().currency())
                .bind("feePeriod", lease.fee().period())
                .bind("escalation", lease.escalation().kind())
                .bind("escalationPercent", lease.escalation().percent())
                .bind("escalationIndex", lease.escalation().index())
                .bind("policyId", lease.resalePolicy().map(Lease.PolicyRef::id))
                .bind("policyVersion", lease.resalePolicy().map(Lease.PolicyRef::version))
                .bind("purchasePrice", purchase.flatMap(Purchase::price))
                .bind("purchaseAppraisal", purchase.flatMap(Purchase::appraisal))
                .bind("purchaseIndexValue", purchase.flatMap(Purchase::indexValue))
                .bind("notes", lease.notes());
    }

    /** Removes a draft's parcels, to be replaced in the same transaction (the database refuses it later). */
    static void deleteParcels(Connection connection, long leaseId) {
        Sql.on(connection, "DELETE FROM ground_lease_parcel WHERE lease_id = :lease")
                .bind("lease", leaseId)
                .update();
    }

    /** Removes a draft's lessees, to be replaced in the same transaction (the database refuses it later). */
    static void deleteLessees(Connection connection, long leaseId) {
        Sql.on(connection, "DELETE FROM ground_lease_lessee WHERE lease_id = :lease")
                .bind("lease", leaseId)
                .update();
    }

    static void createParcels(Connection connection, long leaseId, long trustId, List<Long> parcelIds) {
        for (long parcelId : parcelIds) {
            Sql.on(connection, """
                            INSERT INTO ground_lease_parcel (lease_id, parcel_id, trust_id)
                            VALUES (:lease, :parcel, :trust)
                            """)
                    .bind("lease", leaseId)
                    .bind("parcel", parcelId)
                    .bind("trust", trustId)
                    .update();
        }
    }

    static void createLessees(Connection connection, long leaseId, long trustId, List<NewLease.Lessee> lessees) {
        for (NewLease.Lessee lessee : lessees) {
            Sql.on(connection, """
                            INSERT INTO ground_lease_lessee (lease_id, party_id, trust_id, share_numerator,
                                                             share_denominator)
                            VALUES (:lease, :party, :trust, :numerator, :denominator)
                            """)
                    .bind("lease", leaseId)
                    .bind("party", lessee.partyId())
                    .bind("trust", trustId)
                    .bind("numerator", lessee.share().numerator().intValueExact())
                    .bind("denominator", lessee.share().denominator().intValueExact())
                    .update();
        }
    }

    static boolean isCodeTaken(Connection connection, long trustId, String code) {
        return Sql.on(connection, """
                        SELECT EXISTS (SELECT 1 FROM ground_lease WHERE trust_id = :trust AND code = :code) AS taken
                        """).bind("trust", trustId).bind("code", code).get(row -> row.getBoolean("taken"));
    }

    /** The lease's lifecycle fields, locking its row until the transaction ends. */
    static Optional<LockedLease> findForUpdate(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT id, trust_id, code, status, starts_on, ends_on, version
                        FROM ground_lease
                        WHERE id = :id
                        FOR UPDATE
                        """)
                .bind("id", leaseId)
                .find(row -> new LockedLease(
                        row.getLong("id"),
                        row.getLong("trust_id"),
                        row.getString("code"),
                        row.getCode("status", LeaseStatus.class),
                        row.getDate("starts_on"),
                        row.getDate("ends_on"),
                        row.getInt("version")));
    }

    /**
     * Moves the lease to {@code status} as its next version; the database's triggers record the version
     * and carry the new days in force to its parcels, where the one-lease-at-a-time constraint checks
     * them (SQLSTATE 23P01 when another lease holds a parcel on one of the days).
     *
     * @param closedOn with {@code closeReason}, for a status that closes the lease
     * @return false when the lease is no longer at {@code current.version()}
     */
    static boolean updateStatus(
            Connection connection,
            LockedLease current,
            LeaseStatus status,
            Optional<LocalDate> closedOn,
            Optional<String> closeReason) {
        return Sql.on(connection, """
                                UPDATE ground_lease
                                SET status = :status, closed_on = :closedOn, close_reason = :closeReason,
                                    version = version + 1, updated_at = now()
                                WHERE id = :id AND version = :version
                                """)
                        .bind("status", status)
                        .bind("closedOn", closedOn)
                        .bind("closeReason", closeReason)
                        .bind("id", current.id())
                        .bind("version", current.version())
                        .update()
                == 1;
    }

    /**
     * The leases in force on any of {@code parcelIds} on a day from {@code from} up to the day before
     * {@code until}, other than lease {@code exceptLeaseId}. Sees committed leases only.
     */
    static List<Conflict> listConflicts(
            Connection connection, List<Long> parcelIds, LocalDate from, LocalDate until, long exceptLeaseId) {
        return Sql.on(connection, """
                        SELECT g.id, g.code, g.status, lower(lp.in_force) AS in_force_from,
                               upper(lp.in_force) AS in_force_until, p.id AS parcel_id, p.code AS parcel_code
                        FROM ground_lease_parcel lp
                        JOIN ground_lease g ON g.id = lp.lease_id
                        JOIN parcel p ON p.id = lp.parcel_id
                        WHERE lp.parcel_id = ANY (:parcels)
                          AND lp.in_force && daterange(:from, :until, '[)')
                          AND lp.lease_id <> :except
                        ORDER BY g.id, p.id
                        """)
                .bind("parcels", parcelIds)
                .bind("from", from)
                .bind("until", until)
                .bind("except", exceptLeaseId)
                .list(row -> new Conflict(
                        row.getLong("id"),
                        row.getString("code"),
                        row.getCode("status", LeaseStatus.class),
                        row.getDate("in_force_from"),
                        row.getDate("in_force_until"),
                        row.getLong("parcel_id"),
                        row.getString("parcel_code")));
    }

    static List<Long> listParcelIds(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT parcel_id FROM ground_lease_parcel WHERE lease_id = :lease ORDER BY parcel_id
                        """).bind("lease", leaseId).list(row -> row.getLong("parcel_id"));
    }

    /** The parcels among {@code ids} that exist, by id, in any trust. */
    static Map<Long, ParcelFacts> findParcels(Connection connection, List<Long> ids) {
        Map<Long, ParcelFacts> parcels = new LinkedHashMap<>();
        Sql.on(connection, """
                        SELECT id, trust_id, code, status = 'retired' AS retired FROM parcel WHERE id = ANY (:ids)
                        """)
                .bind("ids", ids)
                .list(row -> new ParcelFacts(
                        row.getLong("id"), row.getLong("trust_id"), row.getString("code"), row.getBoolean("retired")))
                .forEach(parcel -> parcels.put(parcel.id(), parcel));
        return parcels;
    }

    /**
     * The parcels now holding a retired parcel's land. Splits and merges may have happened more than once:
     * the lineage is followed down to the parcels that still exist, which are the ones to lease instead.
     */
    static List<Lease.LeasedParcel> listLivingDescendants(Connection connection, long parcelId) {
        return Sql.on(connection, """
                        WITH RECURSIVE descendant (id) AS (
                            SELECT child_id FROM parcel_lineage WHERE parent_id = :parcel
                            UNION
                            SELECT l.child_id FROM parcel_lineage l JOIN descendant d ON l.parent_id = d.id
                        )
                        SELECT p.id, p.code FROM parcel p JOIN descendant d ON d.id = p.id
                        WHERE p.status <> 'retired'
                        ORDER BY p.code
                        """)
                .bind("parcel", parcelId)
                .list(row -> new Lease.LeasedParcel(row.getLong("id"), row.getString("code")));
    }

    /** The trust of each party among {@code ids} that exists. */
    static Map<Long, Long> findPartyTrusts(Connection connection, List<Long> ids) {
        Map<Long, Long> trusts = new LinkedHashMap<>();
        Sql.on(connection, "SELECT id, trust_id FROM party WHERE id = ANY (:ids)")
                .bind("ids", ids)
                .list(row -> Map.entry(row.getLong("id"), row.getLong("trust_id")))
                .forEach(party -> trusts.put(party.getKey(), party.getValue()));
        return trusts;
    }

    static boolean priceIndexExists(Connection connection, String code) {
        return Sql.on(connection, "SELECT EXISTS (SELECT 1 FROM price_index WHERE code = :code) AS known")
                .bind("code", code)
                .get(row -> row.getBoolean("known"));
    }

    /**
     * A resale policy of the trust, by id or code, at {@code version} or else its latest version; empty
     * when there is no such policy or version.
     */
    static Optional<Lease.PolicyRef> findPolicyVersion(
            Connection connection, long trustId, Optional<Long> id, Optional<String> code, Optional<Integer> version) {
        return Sql.on(connection, """
                        SELECT p.id, p.code, v.version
                        FROM resale_policy p
                        JOIN resale_policy_version v ON v.policy_id = p.id
                        WHERE p.trust_id = :trust
                          AND (p.id = CAST(:id AS bigint) OR p.code = CAST(:code AS text))
                          AND (v.version = CAST(:version AS integer) OR CAST(:version AS integer) IS NULL)
                        ORDER BY v.version DESC
                        LIMIT 1
                        """)
                .bind("trust", trustId)
                .bind("id", id)
                .bind("code", code)
                .bind("version", version)
                .find(row -> new Lease.PolicyRef(row.getLong("id"), row.getString("code"), row.getInt("version")));
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

    static Optional<Lease> findLease(Connection connection, long leaseId) {
        List<Lease> leases = withParcelsAndLessees(
                connection,
                Sql.on(connection, SELECT_LEASES + "WHERE g.id = :id")
                        .bind("id", leaseId)
                        .list(LeaseRepository::leaseFrom));
        return leases.stream().findFirst();
    }

    /** The trust's leases after id {@code afterId}, optionally of one status or on one parcel, by id. */
    static List<Lease> listLeases(
            Connection connection,
            long trustId,
            Optional<LeaseStatus> status,
            Optional<Long> parcelId,
            long afterId,
            int limit) {
        return withParcelsAndLessees(
                connection,
                Sql.on(connection, SELECT_LEASES + """
                                WHERE g.trust_id = :trust
                                  AND (g.status = CAST(:status AS text) OR CAST(:status AS text) IS NULL)
                                  AND (CAST(:parcel AS bigint) IS NULL
                                       OR EXISTS (SELECT 1 FROM ground_lease_parcel lp
                                                  WHERE lp.lease_id = g.id AND lp.parcel_id = CAST(:parcel AS bigint)))
                                  AND g.id > :after
                                ORDER BY g.id
                                LIMIT :limit
                                """)
                        .bind("trust", trustId)
                        .bind("status", status)
                        .bind("parcel", parcelId)
                        .bind("after", afterId)
                        .bind("limit", limit)
                        .list(LeaseRepository::leaseFrom));
    }

    /** One row of {@link #SELECT_LEASES}, before its parcels and lessees are attached. */
    private static Lease leaseFrom(Row row) throws SQLException {
        Optional<Long> policyId = row.findLong("resale_policy_id");
        Optional<Lease.PolicyRef> policy = policyId.isEmpty()
                ? Optional.empty()
                : Optional.of(new Lease.PolicyRef(
                        policyId.get(), row.getString("policy_code"), row.getInt("resale_policy_version")));
        return new Lease(
                row.getLong("id"),
                row.getLong("trust_id"),
                row.getString("trust_code"),
                row.getString("code"),
                row.getCode("status", LeaseStatus.class),
                row.getInt("version"),
                row.getDate("starts_on"),
                row.getDate("ends_on"),
                row.getBoolean("renewable"),
                row.findInt("renewal_term_years"),
                row.getCode("permitted_use", PermittedUse.class),
                new Fee(
                        row.getDecimal("fee_amount"),
                        row.getString("currency"),
                        row.getCode("fee_period", Fee.Period.class)),
                new Escalation(
                        row.getCode("escalation", Escalation.Kind.class),
                        row.findDecimal("escalation_percent"),
                        row.findString("escalation_index")),
                policy,
                Purchase.ofAny(
                        row.findDecimal("purchase_price"),
                        row.findDecimal("purchase_appraisal"),
                        row.findDecimal("purchase_index_value")),
                List.of(),
                List.of(),
                row.findDate("closed_on"),
                row.findString("close_reason"),
                row.findString("notes"),
                reference(row, "previous_id", "previous_code"),
                reference(row, "next_id", "next_code"));
    }

    private static Optional<Lease.LeaseRef> reference(Row row, String idColumn, String codeColumn) throws SQLException {
        Optional<Long> id = row.findLong(idColumn);
        return id.isEmpty() ? Optional.empty() : Optional.of(new Lease.LeaseRef(id.get(), row.getString(codeColumn)));
    }

    private static List<Lease> withParcelsAndLessees(Connection connection, List<Lease> leases) {
        List<Long> ids = leases.stream().map(Lease::id).toList();
        Map<Long, List<Lease.LeasedParcel>> parcels = new LinkedHashMap<>();
        Sql.on(connection, """
                        SELECT lp.lease_id, p.id, p.code
                        FROM ground_lease_parcel lp JOIN parcel p ON p.id = lp.parcel_id
                        WHERE lp.lease_id = ANY (:leases)
                        ORDER BY lp.lease_id, p.code
                        """)
                .bind("leases", ids)
                .list(row -> Map.entry(
                        row.getLong("lease_id"), new Lease.LeasedParcel(row.getLong("id"), row.getString("code"))))
                .forEach(parcel -> parcels.computeIfAbsent(parcel.getKey(), id -> new ArrayList<>())
                        .add(parcel.getValue()));
        Map<Long, List<Lease.Lessee>> lessees = new LinkedHashMap<>();
        Sql.on(connection, """
                        SELECT l.lease_id, l.party_id, p.name, l.share_numerator, l.share_denominator
                        FROM ground_lease_lessee l JOIN party p ON p.id = l.party_id
                        WHERE l.lease_id = ANY (:leases)
                        ORDER BY l.lease_id, p.name, l.party_id
                        """)
                .bind("leases", ids)
                .list(row -> Map.entry(
                        row.getLong("lease_id"),
                        new Lease.Lessee(
                                row.getLong("party_id"),
                                row.getString("name"),
                                new Share(
                                        BigInteger.valueOf(row.getInt("share_numerator")),
                                        BigInteger.valueOf(row.getInt("share_denominator"))))))
                .forEach(lessee -> lessees.computeIfAbsent(lessee.getKey(), id -> new ArrayList<>())
                        .add(lessee.getValue()));
        return leases.stream()
                .map(lease -> lease.withParcelsAndLessees(
                        parcels.getOrDefault(lease.id(), List.of()), lessees.getOrDefault(lease.id(), List.of())))
                .toList();
    }

    /** Every version of the lease, oldest first. */
    static List<Version> listVersions(Connection connection, long leaseId) {
        return Sql.on(connection, """
                        SELECT version, valid_from, valid_to, operation, snapshot::text AS snapshot, changed_by_name,
                               reason, request_id
                        FROM record_version
                        WHERE entity = 'ground_lease' AND entity_id = :lease
                        ORDER BY version
                        """)
                .bind("lease", leaseId)
                .list(row -> new Version(
                        row.getInt("version"),
                        row.getInstant("valid_from"),
                        row.findInstant("valid_to"),
                        row.getString("operation"),
                        row.getString("snapshot"),
                        row.getString("changed_by_name"),
                        row.getString("reason"),
                        row.findString("request_id")));
    }
}
