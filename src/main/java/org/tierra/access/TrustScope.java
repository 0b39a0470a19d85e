package org.tierra.access;

/**
 * The trust a role is held in, as access checks need it: its id to look the role up, its code to name
 * it in a refusal. {@code trusts.Trust} is one.
 */
public interface TrustScope {
    long id();

    String code();
}
