package org.tierra.parties;

/** A party as a list shows it. */
public record PartySummary(long id, PartyKind kind, String name, int version) {}
