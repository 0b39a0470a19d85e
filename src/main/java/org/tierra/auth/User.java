package org.tierra.auth;

/** An account, without its secrets. Personal data: never in a public response. */
public record User(long id, String username, String displayName, boolean operator, boolean disabled) {}
