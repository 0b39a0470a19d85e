package org.tierra.resale;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.tierra.access.Principal;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.leases.LeaseAccess;
import org.tierra.trusts.TrustRepository;

/**
 * Resale quotes, which write nothing: a policy version's "what if" for the trust's admin, board and staff,
 * and a lease's own quote for whoever may read the lease.
 */
public final class ResaleQuotes {

    private final Database database;

    public ResaleQuotes(Database database) {
        this.database = database;
    }

    /**
     * The price version {@code version} of policy {@code policyId} gives for {@code facts}.
     *
     * @throws Problem 404 when there is no such policy or version; 403 unless the caller is the trust's
     *     admin, board or staff; 422 naming a fact the policy needs
     */
    public ResaleQuote quote(Principal principal, long policyId, int version, ResaleFacts facts) {
        return database.withConnection(connection -> {
            ResalePolicy policy = ResalePolicies.getPolicy(connection, policyId);
            LeaseAccess.requireTrustReader(
                    principal,
                    TrustRepository.findTrustById(connection, policy.trustId()).orElseThrow());
            return ResaleCalculator.quote(connection, policyId, version, facts);
        });
    }

    /**
     * The price lease {@code leaseId}'s policy allows for a sale on {@code soldOn}.
     *
     * @throws Problem as {@link LeaseAccess#requireReader} and {@link ResaleCalculator#quoteForLease}
     */
    public ResaleQuote quoteLease(
            Principal principal, long leaseId, LocalDate soldOn, Optional<BigDecimal> currentAppraisal) {
        return database.withConnection(connection -> {
            LeaseAccess.requireReader(connection, principal, leaseId);
            return ResaleCalculator.quoteForLease(connection, leaseId, soldOn, currentAppraisal);
        });
    }
}
