package org.tierra.trusts;

import org.tierra.core.Problem;

/**
 * A trust as the operator asks to create it.
 *
 * @param code checked as {@link Trust#code()}; a client's code is lower-cased before it is checked
 */
public record NewTrust(String code, String name, Trust.Kind kind) {

    public NewTrust {
        requireValidCode(code);
        if (name.isBlank()) {
            throw Problem.invalidField("name", "'name' must not be blank.");
        }
    }

    /**
     * Refuses a code that is not a slug.
     *
     * @throws Problem 422 naming {@code code}
     */
    public static String requireValidCode(String code) {
        if (!Trust.CODE.matcher(code).matches()) {
            throw Problem.invalidField(
                    "code", "A trust code is 2 to 63 lower-case letters, digits and '-', e.g. ejido-san-pablo.");
        }
        return code;
    }
}
