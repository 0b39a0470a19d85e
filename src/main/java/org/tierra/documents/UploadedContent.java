package org.tierra.documents;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A file as uploaded, read only once the uploader may store it.
 *
 * @param filename the name the client gave, if any
 * @param declaredMediaType the type the client declared, if any; the content decides
 * @param sizeBytes the size the upload announced
 * @param content reads the bytes; may throw a {@link org.tierra.core.Problem} when the upload cannot be read
 */
public record UploadedContent(
        Optional<String> filename, Optional<String> declaredMediaType, long sizeBytes, Supplier<byte[]> content) {}
