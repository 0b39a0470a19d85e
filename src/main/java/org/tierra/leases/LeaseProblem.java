package org.tierra.leases;

import org.tierra.core.ProblemType;

/** The refusals of the leases feature. */
public enum LeaseProblem implements ProblemType {
    LEASE_IN_FORCE(409, "lease-in-force", "Parcel already leased"),
    LEASE_STATUS(409, "lease-status", "Wrong lease status"),
    LEASE_STILL_RUNNING(409, "lease-still-running", "Lease still running"),
    PARCEL_RETIRED(422, "parcel-retired", "Parcel retired");

    private final Definition definition;

    LeaseProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
