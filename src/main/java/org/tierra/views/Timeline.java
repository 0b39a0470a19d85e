package org.tierra.views;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Everything the registry knows about one parcel ({@link ParcelTimeline}): a summary of each lease on it
 * with its fee balance on {@code asOf}, and every recorded fact in date order.
 *
 * @param trust the parcel's trust, by code
 */
public record Timeline(long parcel, String trust, LocalDate asOf, List<Lease> leases, List<Item> items) {

    public Timeline {
        leases = List.copyOf(leases);
        items = List.copyOf(items);
    }

    /**
     * A lease that holds or held the parcel; empty members are written as {@code null}.
     *
     * @param lessees the lease's lessees: {@code party}, {@code name} and {@code share} ("1/2")
     * @param lastPaymentOn the date of the latest payment
     */
    public record Lease(
            long id,
            String code,
            String status,
            LocalDate startsOn,
            LocalDate endsOn,
            Optional<LocalDate> closedOn,
            Optional<String> closeReason,
            String permittedUse,
            Fee fee,
            JsonNode lessees,
            Optional<LocalDate> lastPaymentOn,
            Balance balance) {}

    /**
     * The fee as written in the lease.
     *
     * @param amount a decimal text
     */
    public record Fee(String amount, String currency, String period) {}

    /**
     * One fact.
     *
     * @param date the day it happened: for recorded changes, the UTC day they were recorded
     * @param recordedAt when it entered the registry
     * @param kind {@code parcel_version}, {@code lease_version}, {@code assignment}, {@code stewardship_event},
     *     {@code obligation_fulfilled} or {@code document}
     * @param details what each kind says of itself
     */
    public record Item(LocalDate date, Instant recordedAt, String kind, JsonNode details) {}
}
