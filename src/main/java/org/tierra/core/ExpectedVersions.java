package org.tierra.core;

import java.util.Map;

/**
 * Optimistic concurrency for every versioned record: the versions a client says its change is based on
 * (sent as {@code If-Match}), by record id. A write against a version that has moved on is refused with
 * 412 rather than silently overwriting a change the client has not seen; where a version is required and
 * none was sent, 428.
 *
 * @param byId the version the client read of each record, by id; empty when it sent none
 */
public record ExpectedVersions(Map<Long, Integer> byId) {

    public ExpectedVersions {
        byId = Map.copyOf(byId);
    }

    /** The client sent no precondition. */
    public static ExpectedVersions none() {
        return new ExpectedVersions(Map.of());
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /**
     * Refuses the write unless the client read {@code current}, the version the record is at now.
     *
     * @param record what to call the record in the refusal, e.g. {@code parcel} or {@code lease}
     * @param label how a person knows the record, e.g. its code
     * @throws Problem 428 ({@code precondition-required}) when the client sent no version of this record;
     *     412 ({@code stale-version}) when the record has changed since
     */
    public void requireCurrent(String record, String label, VersionTag current) {
        Integer expected = byId.get(current.id());
        if (expected == null) {
            String detail = isEmpty()
                    ? "Send If-Match with the ETag of the version you read (GET the " + record + ": its ETag"
                            + " header), so that your change cannot overwrite one you have not seen."
                    : "If-Match has no ETag for " + record + " " + current.id() + " (" + label + ").";
            throw new Problem(CommonProblem.PRECONDITION_REQUIRED, detail, Map.of(record, current.id()));
        }
        checkCurrent(record, label, current, expected);
    }

    /**
     * Like {@link #requireCurrent}, for writes whose precondition is optional: passes when the client
     * sent none; when it sent one, the record's current version must be among them (HTTP's If-Match: a
     * tag of another record or version does not match).
     *
     * @throws Problem 412 ({@code stale-version}) when the client sent versions and none is this record's
     *     current one
     */
    public void checkIfGiven(String record, String label, VersionTag current) {
        if (isEmpty()) {
            return;
        }
        Integer expected = byId.get(current.id());
        if (expected == null) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    "If-Match names no version of " + record + " " + label + "; send the ETag you read of it (it"
                            + " is at version " + current.version() + ").",
                    Map.of(record, current.id(), "currentETag", current.etag()));
        }
        checkCurrent(record, label, current, expected);
    }

    private static void checkCurrent(String record, String label, VersionTag current, int expected) {
        if (expected != current.version()) {
            throw new Problem(
                    CommonProblem.STALE_VERSION,
                    upperFirst(record) + " " + label + " changed since you read it (you have version " + expected
                            + ", it is at version " + current.version() + "); reload it and apply your change again.",
                    Map.of(record, current.id(), "currentETag", current.etag()));
        }
    }

    private static String upperFirst(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
