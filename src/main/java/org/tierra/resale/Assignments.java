package org.tierra.resale;

import java.sql.Connection;
import java.time.LocalDate;
import org.tierra.access.Change;
import org.tierra.access.Principal;
import org.tierra.core.ExpectedVersions;
import org.tierra.core.Problem;
import org.tierra.db.Database;
import org.tierra.db.Sql;
import org.tierra.leases.Lease;
import org.tierra.leases.LeaseHandover;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sale of the home on leased land to the next household (an assignment): the active lease closes as
 * assigned on the day of the sale, and the next lease opens on the same parcels from that day, with the
 * same terms, the resale policy's latest version, and as purchase price the resale price the policy the
 * sold lease signed allows; the worksheet that price came from is kept with the assignment. All of it in
 * one transaction, audited as one {@link Change}.
 */
public final class Assignments {

    private final Database database;
    private final LeaseHandover handover;
    private final JsonMapper json;

    public Assignments(Database database, LeaseHandover handover, JsonMapper json) {
        this.database = database;
        this.handover = handover;
        this.json = json;
    }

    /** The leases an assignment closed and opened, and the quote the price came from. */
    public record Assignment(Lease previousLease, Lease nextLease, ResaleQuote quote) {}

    /**
     * Assigns lease {@code leaseId} to {@code successor}'s lessees on {@code successor.startsOn()}.
     *
     * @throws Problem as {@link LeaseHandover}'s steps; 409 when the lease has no resale policy or no purchase
     *     price; 422 naming a fact the policy needs and the sale lacks (such as {@code currentAppraisal})
     */
    public Assignment assign(
            Principal principal,
            long leaseId,
            LeaseHandover.Successor successor,
            ExpectedVersions expected,
            Change change) {
        LocalDate on = successor.startsOn();
        return database.inTransaction(connection -> {
            Lease current = handover.lockForAssignment(connection, principal, leaseId, on, expected);
            LeaseHandover.CheckedSuccessor next = handover.checkSuccessor(connection, current, successor);
            ResaleQuote quote = ResaleCalculator.quoteForLease(connection, leaseId, on, next.appraisal());
            long nextId = handover.handOver(connection, current, next, quote.price(), change);
            createAssignment(connection, current, nextId, on, quote);
            return new Assignment(handover.getLease(connection, leaseId), handover.getLease(connection, nextId), quote);
        });
    }

    private void createAssignment(Connection connection, Lease from, long toLeaseId, LocalDate on, ResaleQuote quote) {
        Sql.on(connection, """
                        INSERT INTO lease_assignment (from_lease_id, to_lease_id, trust_id, assigned_on, resale_price,
                                                      currency, resale_policy_id, resale_policy_version, worksheet)
                        VALUES (:from, :to, :trust, :on, :price, :currency, :policy, :version, CAST(:worksheet AS jsonb))
                        """)
                .bind("from", from.id())
                .bind("to", toLeaseId)
                .bind("trust", from.trustId())
                .bind("on", on)
                .bind("price", quote.price())
                .bind("currency", quote.currency())
                .bind("policy", quote.policyId())
                .bind("version", quote.policyVersion())
                .bind("worksheet", json.writeValueAsString(quote.worksheet()))
                .update();
    }
}
