package org.tierra.leases;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.access.Role;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.trusts.Trust;
import org.tierra.trusts.TrustRepository;

/**
 * Reading ground leases, with the access rules of {@link LeaseAccess}: a lease, a trust's leases, and the
 * versions of a lease. Leases hold personal data; every read checks who asks.
 */
public final class Leases {

    private final Database database;

    public Leases(Database database) {
        this.database = database;
    }

    /**
     * One page of a trust's leases, by id.
     *
     * @param trust the trust's code
     * @param next the id to list after for the next page; empty on the last page
     */
    public record LeasePage(String trust, List<Lease> leases, Optional<Long> next) {}

    /**
     * One version of a lease, as the database recorded it.
     *
     * @param validTo empty for the current version
     * @param snapshotJson the lease's row at this version, as JSON text
     * @param author who made the change and why; empty for a caller who may not know (a lessee)
     */
    public record LeaseVersion(
            int version,
            Instant validFrom,
            Optional<Instant> validTo,
            String operation,
            String snapshotJson,
            Optional<Author> author) {}

    /**
     * Who made a version and why.
     *
     * @param requestId the HTTP request that made it, when there was one
     */
    public record Author(String changedBy, String reason, Optional<String> requestId) {}

    /**
     * Lease {@code id}.
     *
     * @throws Problem 404 when there is none or the caller holds no role in its trust; 403 when the caller
     *     may not read it
     */
    public Lease getLease(Principal principal, long id) {
        return database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, principal, id);
            return LeaseWrites.getLease(connection, id);
        });
    }

    /**
     * The leases of trust {@code trustCode} after id {@code afterId}, by id, at most {@code limit}: of one
     * status, or on one parcel, when given. For the trust's admin, board and staff.
     *
     * @throws Problem 400 ({@code trust}) when there is no such trust; 403 for other callers
     */
    public LeasePage listLeases(
            Principal principal,
            String trustCode,
            Optional<LeaseStatus> status,
            Optional<Long> parcelId,
            long afterId,
            int limit) {
        List<Lease> leases = database.withConnection(connection -> {
            Trust trust = TrustRepository.findTrustByCode(connection, trustCode)
                    .orElseThrow(() ->
                            Problem.invalidParameter("trust", "There is no trust with code '" + trustCode + "'."));
            LeaseAccess.requireTrustReader(principal, trust);
            return LeaseRepository.listLeases(connection, trust.id(), status, parcelId, afterId, limit);
        });
        Optional<Long> next = leases.size() == limit
                ? Optional.of(leases.get(leases.size() - 1).id())
                : Optional.empty();
        return new LeasePage(trustCode, leases, next);
    }

    /**
     * Every version of lease {@code id}, oldest first. Who changed a lease and why is the trust's
     * business: a lessee sees what changed and when, without the author.
     *
     * @throws Problem as {@link #getLease}
     */
    public List<LeaseVersion> listVersions(Principal principal, long id) {
        return database.withConnection(connection -> {
            Trust trust = LeaseAccess.requireReader(connection, principal, id);
            boolean insider = principal
                    .roleIn(trust.id())
                    .filter(role -> role != Role.LESSEE)
                    .isPresent();
            return LeaseRepository.listVersions(connection, id).stream()
                    .map(version -> new LeaseVersion(
                            version.version(),
                            version.validFrom(),
                            version.validTo(),
                            version.operation(),
                            version.snapshotJson(),
                            insider
                                    ? Optional.of(
                                            new Author(version.changedBy(), version.reason(), version.requestId()))
                                    : Optional.empty()))
                    .toList();
        });
    }
}
