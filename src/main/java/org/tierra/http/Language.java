package org.tierra.http;

import io.javalin.http.Context;
import java.util.Locale;

/** The language of a request's human-readable messages: Spanish or English, from Accept-Language. */
public final class Language {

    public static final Locale SPANISH = Locale.forLanguageTag("es-MX");

    private Language() {}

    /** Spanish when the client prefers it to English, English otherwise. */
    public static Locale of(Context ctx) {
        String header = ctx.header("Accept-Language");
        if (header == null || header.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String language = range.getRange().split("-", 2)[0].toLowerCase(Locale.ROOT);
                if (language.equals("es") && range.getWeight() > 0) {
                    return SPANISH;
                }
                if (language.equals("en") && range.getWeight() > 0) {
                    return Locale.ENGLISH;
                }
            }
        } catch (IllegalArgumentException e) {
            // a malformed header is no reason to refuse the request
        }
        return Locale.ENGLISH;
    }
}
