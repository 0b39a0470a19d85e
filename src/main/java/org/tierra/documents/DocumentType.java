package org.tierra.documents;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.tierra.db.DatabaseCode;

/**
 * The kinds of file Tierra keeps as documents, recognised by their first bytes (magic numbers), never
 * by the name or the type a client declares: PDF ({@code %PDF-}), JPEG ({@code FF D8 FF}) and PNG
 * ({@code 89 50 4E 47 0D 0A 1A 0A}). The database stores, and JSON sends, the media type.
 */
public enum DocumentType implements DatabaseCode {
    PDF("application/pdf", "pdf", "%PDF-"),
    JPEG("image/jpeg", "jpg", "\u00FF\u00D8\u00FF"),
    PNG("image/png", "png", "\u0089PNG\r\n\u001A\n");

    /** For messages that say what is accepted. */
    public static final String ALLOWED = "application/pdf, image/jpeg, image/png";

    private final String mediaType;
    private final String extension;
    /** The first bytes, one char per byte (0-255). */
    private final String magic;

    DocumentType(String mediaType, String extension, String magic) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.magic = magic;
    }

    public String mediaType() {
        return mediaType;
    }

    @JsonValue
    @Override
    public String databaseCode() {
        return mediaType;
    }

    /** The usual file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The type whose magic number {@code content} starts with, if any. */
    public static Optional<DocumentType> detect(byte[] content) {
        return Arrays.stream(values()).filter(type -> type.matches(content)).findFirst();
    }

    /** The type a declared media type names ({@code image/jpg} is a common alias of JPEG). */
    public static Optional<DocumentType> fromMediaType(String declared) {
        String bare = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (bare.equals("image/jpg") || bare.equals("image/pjpeg")) {
            return Optional.of(JPEG);
        }
        return Arrays.stream(values())
                .filter(type -> type.mediaType.equals(bare))
                .findFirst();
    }

    private boolean matches(byte[] content) {
        if (content.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((content[i] & 0xFF) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
