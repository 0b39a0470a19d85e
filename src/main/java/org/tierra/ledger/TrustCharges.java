package org.tierra.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * What charging every signed lease of a trust through a day did ({@link Ledger#chargeTrust}), lease by
 * lease in id order, with the totals.
 */
public record TrustCharges(String trust, LocalDate through, int created, int alreadyPresent, List<Lease> leases) {

    public TrustCharges {
        leases = List.copyOf(leases);
    }

    /** One lease's run, as {@link LeaseCharges} without its periods. */
    public record Lease(
            long lease,
            String code,
            String currency,
            LocalDate through,
            int created,
            int alreadyPresent,
            List<FeeSchedule.Waiting> waiting) {

        public Lease {
            waiting = List.copyOf(waiting);
        }
    }
}
