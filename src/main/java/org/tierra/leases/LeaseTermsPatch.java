package org.tierra.leases;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.tierra.core.Patch;

/**
 * The edit of a draft (the body of {@code PATCH /api/v1/leases/{id}}): each member left as it is, cleared
 * ({@code null}) or replaced, read on its own like a create's. {@link #applyTo} lays it over the draft's
 * terms, which are then checked whole, as a create is. A member given replaces the draft's; the fee is
 * merged member by member (a new amount keeps the currency); {@code termYears} replaces {@code endsOn}.
 */
public record LeaseTermsPatch(
        Patch<String> code,
        Patch<List<Long>> parcels,
        Patch<List<LeaseTerms.LesseeShare>> lessees,
        Patch<LocalDate> startsOn,
        Patch<Integer> termYears,
        Patch<LocalDate> endsOn,
        Patch<Boolean> renewable,
        Patch<Integer> renewalTermYears,
        Patch<PermittedUse> permittedUse,
        Patch<FeePatch> fee,
        Patch<LeaseTerms.EscalationTerms> escalation,
        Patch<LeaseTerms.PolicyChoice> resalePolicy,
        Patch<LeaseTerms.PurchaseTerms> purchase,
        Patch<String> notes) {

    /** An edit of the fee, member by member. */
    public record FeePatch(Patch<BigDecimal> amount, Patch<String> currency, Patch<Fee.Period> period) {}

    /** The terms after this edit; what is required or consistent is checked afterwards, on the whole. */
    LeaseTerms applyTo(LeaseTerms draft) {
        Optional<LocalDate> end =
                termYears.isSent() && !endsOn.isSent() ? Optional.empty() : endsOn.applyTo(draft.endsOn());
        return new LeaseTerms(
                code.applyTo(draft.code()),
                parcels.applyTo(draft.parcels()),
                lessees.applyTo(Optional.of(draft.lessees())).orElse(List.of()),
                startsOn.applyTo(draft.startsOn()),
                termYears.applyTo(draft.termYears()),
                end,
                renewable.applyTo(draft.renewable()),
                renewalTermYears.applyTo(draft.renewalTermYears()),
                permittedUse.applyTo(draft.permittedUse()),
                patchedFee(draft.fee()),
                escalation.applyTo(draft.escalation()),
                resalePolicy.applyTo(draft.resalePolicy()),
                purchase.applyTo(draft.purchase()),
                notes.applyTo(draft.notes()));
    }

    private Optional<LeaseTerms.FeeTerms> patchedFee(Optional<LeaseTerms.FeeTerms> draft) {
        if (fee instanceof Patch.Set<FeePatch> set) {
            LeaseTerms.FeeTerms current =
                    draft.orElse(new LeaseTerms.FeeTerms(Optional.empty(), Optional.empty(), Optional.empty()));
            FeePatch edit = set.value();
            return Optional.of(new LeaseTerms.FeeTerms(
                    edit.amount().applyTo(current.amount()),
                    edit.currency().applyTo(current.currency()),
                    edit.period().applyTo(current.period())));
        }
        return fee.isSent() ? Optional.empty() : draft;
    }
}
