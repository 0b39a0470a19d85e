package org.tierra.db;

/**
 * A value the database restricts to a fixed list (a {@code CHECK} constraint), written by its code.
 * Implemented by the enums that mirror those lists, so that {@link Sql} binds them and {@link Row} reads
 * them without each feature spelling the codes again.
 */
public interface DatabaseCode {

    /** The code as stored, e.g. {@code active}. */
    String databaseCode();

    /**
     * The constant of {@code type} stored as {@code code}.
     *
     * @throws IllegalStateException when the database holds a code the enum does not know: a migration
     *     and the code disagree
     */
    static <E extends Enum<E> & DatabaseCode> E fromDatabase(Class<E> type, String code) {
        for (E constant : type.getEnumConstants()) {
            if (constant.databaseCode().equals(code)) {
                return constant;
            }
        }
        throw new IllegalStateException("the database holds " + type.getSimpleName() + " '" + code + "'");
    }
}
