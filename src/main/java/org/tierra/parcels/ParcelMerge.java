package org.tierra.parcels;

import java.util.List;
import org.tierra.core.ExpectedVersions;

/**
 * A merge as a client asks for it: neighbouring parcels of one trust joined into one new parcel.
 *
 * @param ids the parents, at least two, distinct, ascending (the order their rows are locked in)
 * @param expected the version of each parent the client read (required for every one)
 * @param attributes the merged parcel's: its new code is required; the rest are the first parent's unless
 *     given, and required where the parents differ
 */
public record ParcelMerge(List<Long> ids, ExpectedVersions expected, ParcelAttributes attributes) {

    public ParcelMerge {
        ids = List.copyOf(ids);
        if (ids.size() < 2 || !ids.equals(ids.stream().distinct().sorted().toList())) {
            throw new IllegalArgumentException("a merge joins two or more distinct parcels, by ascending id: " + ids);
        }
    }
}
