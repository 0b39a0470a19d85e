package org.tierra.parcels;

import org.tierra.core.ProblemType;

/** The refusals of the parcels feature. */
public enum ParcelProblem implements ProblemType {
    CHILDREN_DO_NOT_COVER_PARENT(422, "children-do-not-cover-parent", "Children do not cover the parent"),
    CHILDREN_OVERLAP(422, "children-overlap", "Children overlap"),
    INVALID_GEOMETRY(422, "invalid-geometry", "Invalid geometry"),
    NOTHING_TO_REPAIR(422, "nothing-to-repair", "Nothing left to repair"),
    NOT_ADJACENT(422, "not-adjacent", "Parcels not adjacent"),
    PARCELS_OVERLAP(409, "parcels-overlap", "Parcels overlap"),
    PARCEL_LEASED(409, "parcel-leased", "Parcel under lease"),
    PARCEL_RETIRED(409, "parcel-retired", "Parcel retired");

    private final Definition definition;

    ParcelProblem(int status, String code, String title) {
        this.definition = new Definition(status, code, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
