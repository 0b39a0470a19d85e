package org.tierra.leases;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Optional;
import org.tierra.db.DatabaseCode;

/**
 * How the fee grows over the years: not at all, by a fixed percentage, or with a price index. Written in
 * JSON as {@code {"kind": "fixed_percent", "percent": "3.5", "index": null}}.
 *
 * @param percent for {@link Kind#FIXED_PERCENT} only: per year, 0 to 100, kept without trailing zeros
 * @param index for {@link Kind#INDEX_LINKED} only: the code of a price index, e.g. {@code inpc}
 */
public record Escalation(
        Kind kind,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Optional<BigDecimal> percent,
        Optional<String> index) {

    /** The kinds of escalation; the codes are those the database stores and JSON shows. */
    public enum Kind implements DatabaseCode {
        NONE("none"),
        FIXED_PERCENT("fixed_percent"),
        INDEX_LINKED("index_linked");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        @JsonValue
        @Override
        public String databaseCode() {
            return code;
        }

        /** Whether this kind takes a percentage (and only then). */
        public boolean needsPercent() {
            return this == FIXED_PERCENT;
        }

        /** Whether this kind takes a price index (and only then). */
        public boolean needsIndex() {
            return this == INDEX_LINKED;
        }
    }

    /** No escalation: the fee stays as it is. */
    public static final Escalation NONE = new Escalation(Kind.NONE, Optional.empty(), Optional.empty());

    public Escalation {
        if (kind.needsPercent() != percent.isPresent() || kind.needsIndex() != index.isPresent()) {
            throw new IllegalArgumentException("escalation " + kind + " does not match its percent or index");
        }
        percent = percent.map(Escalation::withoutTrailingZeros);
    }

    /** 3.5000 is 3.5 and 10.0000 is 10 (not 1E+1). */
    private static BigDecimal withoutTrailingZeros(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
