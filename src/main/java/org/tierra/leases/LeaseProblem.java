package org.tierra.leases;

import org.tierra.core.ProblemType;

/** The refusals of the leases feature. */
public enum LeaseProblem implements ProblemType {
    LEASE_IN_FORCE(409, "lease-in-force", "Parcel already leased"),
    LEASE_STATUS(409, "lease-status", "Wrong lease status"),
    LEASE_STILL_RUNNING(409, "lease-still-running", "Lease still running"),
    PARCEL_RETIRED(422, "parcel-retired", "Parcel retired");

    private final int status;
    private final String code;
    private final String title;

    LeaseProblem(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
