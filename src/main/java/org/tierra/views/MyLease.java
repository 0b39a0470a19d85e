package org.tierra.views;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.tierra.stewardship.ObligationState;
import tools.jackson.databind.JsonNode;

/**
 * One of a lessee's own leases ({@link MyLeases}): the land, the terms, the fee balance and the
 * obligations, with labels in the lessee's language.
 *
 * @param closedOn written as {@code null} while the lease is open
 * @param lessees the lease's lessees: {@code party}, {@code name} and {@code share} ("1/2")
 * @param parcels the lease's parcels: {@code id}, {@code code}, {@code name} and {@code areaSquareMetres}
 */
public record MyLease(
        long id,
        String code,
        Trust trust,
        String status,
        String statusLabel,
        LocalDate startsOn,
        LocalDate endsOn,
        Optional<LocalDate> closedOn,
        String permittedUse,
        String permittedUseLabel,
        Fee fee,
        JsonNode lessees,
        JsonNode parcels,
        Balance balance,
        List<ObligationState> obligations) {

    public MyLease {
        obligations = List.copyOf(obligations);
    }

    /** The trust holding the lease. */
    public record Trust(String code, String name) {}

    /**
     * The fee as written in the lease.
     *
     * @param amount a decimal text
     */
    public record Fee(String amount, String currency, String period, String periodLabel) {}
}
