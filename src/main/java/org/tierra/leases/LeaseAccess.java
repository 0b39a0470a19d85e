package org.tierra.leases;

import java.sql.Connection;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.db.Sql;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Who may read and write a ground lease and what hangs off it (ledger, obligations, documents).
 *
 * <p>Readers: the admin, board and staff of the lease's trust, and a lessee account whose party is one
 * of the lease's lessees, directly or as a current member of a lessee household or group. Writers: the
 * trust's admin and staff. The server operator holds no role in a trust and reads no lease: leases
 * carry personal data.
 */
public final class LeaseAccess {

    private LeaseAccess() {}

    /**
     * The trust holding lease {@code leaseId}.
     *
     * @throws Problem 404 when there is no such lease
     */
    public static Trust getTrustOfLease(Connection connection, long leaseId) {
        long trustId = Sql.on(connection, "SELECT trust_id FROM ground_lease WHERE id = :lease")
                .bind("lease", leaseId)
                .find(row -> row.getLong("trust_id"))
                .orElseThrow(() -> Problem.notFound("There is no lease with id " + leaseId + "."));
        return TrustRepository.findTrustById(connection, trustId).orElseThrow();
    }

    /**
     * Requires that {@code principal} may read lease {@code leaseId}; returns its trust.
     *
     * @throws Problem 404 when there is no such lease, or when the caller holds no role in its trust
     *     (so that lease ids of other trusts are not confirmed); 403 when the caller is a lessee or
     *     researcher of the trust but not a lessee of this lease
     */
    public static Trust requireReader(Connection connection, Principal principal, long leaseId) {
        Trust trust = getTrustOfLease(connection, leaseId);
        Optional<Role> role = principal.roleIn(trust.id());
        if (role.isEmpty()) {
            throw Problem.notFound("There is no lease with id " + leaseId + ".");
        }
        switch (role.get()) {
            case ADMIN, BOARD, STAFF -> {
                return trust;
            }
            case LESSEE -> {
                if (isLesseeOf(connection, principal.userId(), leaseId)) {
                    return trust;
                }
                throw Problem.forbidden("Lease " + leaseId + " is not one of your leases.");
            }
            case RESEARCHER ->
                throw Problem.forbidden("Leases hold personal data; researchers read the public layers.");
        }
        throw new IllegalStateException("unknown role " + role.get());
    }

    /**
     * Requires that {@code principal} may write lease {@code leaseId} (and what hangs off it); returns its
     * trust.
     *
     * @throws Problem 404 when there is no such lease, or when the caller holds no role in its trust; 403
     *     when the caller holds a role there that does not write leases
     */
    public static Trust requireWriterOfLease(Connection connection, Principal principal, long leaseId) {
        Trust trust = getTrustOfLease(connection, leaseId);
        if (principal.roleIn(trust.id()).isEmpty()) {
            throw Problem.notFound("There is no lease with id " + leaseId + ".");
        }
        requireWriter(principal, trust);
        return trust;
    }

    /** Requires the admin or staff role in {@code trust}. */
    public static void requireWriter(Principal principal, Trust trust) {
        principal.requireRole(trust, false, Role.STAFF, Role.ADMIN);
    }

    /** Requires the admin, board or staff role in {@code trust}: the people who see all its leases. */
    public static void requireTrustReader(Principal principal, Trust trust) {
        principal.requireRole(trust, false, Role.ADMIN, Role.BOARD, Role.STAFF);
    }

    /** Whether user {@code userId} is, today, a lessee of lease {@code leaseId} (in person or by household). */
    public static boolean isLesseeOf(Connection connection, long userId, long leaseId) {
        return Sql.on(connection, """
                        SELECT EXISTS (
                            SELECT 1 FROM ground_lease_lessee l
                            WHERE l.lease_id = :lease
                              AND l.party_id IN (
                                  SELECT p.id FROM party p WHERE p.user_id = :user
                                  UNION
                                  SELECT m.group_id FROM party_group_member m JOIN party p ON p.id = m.member_id
                                  WHERE p.user_id = :user AND m.valid_during @> current_date)) AS lessee
                        """)
                .bind("lease", leaseId)
                .bind("user", userId)
                .get(row -> row.getBoolean("lessee"));
    }
}
