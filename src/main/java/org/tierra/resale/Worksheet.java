package org.tierra.resale;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a resale price was reached, step by step, as a board reads it: every step has a stable
 * {@code key} (clients and tests switch on it), a label and an explanation in Spanish and English, the
 * inputs it used and its value, all as exact decimal strings. The last step is always {@code price}, the
 * one rounded value; every step before it is unrounded. Serializes to JSON as it is (stored with a lease
 * assignment).
 *
 * @param family the policy family that produced it
 * @param currency ISO 4217 code of every amount in it
 * @param minorUnits the decimals {@code price} is rounded to
 * @param price the final price, rounded once, half up, to {@code minorUnits} decimals
 */
public record Worksheet(String family, String currency, int minorUnits, List<Step> steps, BigDecimal price) {

    public Worksheet {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(price, "price");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !steps.get(steps.size() - 1).key().equals("price")) {
            throw new IllegalArgumentException("a worksheet ends with its price step");
        }
        if (price.scale() != minorUnits) {
            throw new IllegalArgumentException("a worksheet's price is rounded to " + minorUnits + " decimals");
        }
    }

    /** The step with {@code key}, which must be present. */
    public Step getStep(String key) {
        return steps.stream()
                .filter(step -> step.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + key));
    }

    /** A human text in both languages Tierra speaks. */
    public record Text(String es, String en) {

        public Text {
            if (es == null || es.isBlank() || en == null || en.isBlank()) {
                throw new IllegalArgumentException("a text is given in Spanish and English");
            }
        }

        /** The Spanish text for a Spanish locale, the English one otherwise. */
        public String in(Locale language) {
            return language.getLanguage().equals("es") ? es : en;
        }
    }

    /**
     * One step of a computation.
     *
     * @param key stable identifier, e.g. {@code sharedAppreciation}
     * @param inputs the values it used, by name, in order, as exact decimal strings or dates
     * @param value its result, an exact decimal string (unrounded, but for the {@code price} step)
     */
    public record Step(String key, Text label, Text explanation, Map<String, String> inputs, String value) {

        public Step {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a step has a key");
            }
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(explanation, "explanation");
            Objects.requireNonNull(value, "value");
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        }
    }
}
