package org.tierra.exports;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * GeoPackage downloads already written, kept on disk for a while. A GeoPackage is a SQLite file, made
 * whole before its first byte is sent, and a client that opens one by URL (GDAL's {@code /vsicurl/},
 * so QGIS) asks for its length and then for many small ranges of it: without these files each of
 * those requests would write the whole registry again. A file is keyed by the registry's generation
 * and the request's selection, so an edit to the registry makes the next request write a new one;
 * old ones go after {@link #IDLE} unused, or when more than {@link #MAX_FILES} are kept.
 *
 * <p>Thread-safe: concurrent requests for the same key wait for one writer.
 */
public final class GeoPackageFiles implements AutoCloseable {

    static final Duration IDLE = Duration.ofMinutes(15);
    static final int MAX_FILES = 8;

    /** Writes a GeoPackage to the (not yet existing) file it is given. */
    @FunctionalInterface
    interface Writer {
        void write(Path file) throws Exception;
    }

    private final Path directory;
    private final Cache<String, Path> files;

    /** Keeps its files in a new temporary folder, deleted (with them) by {@link #close()}. */
    public GeoPackageFiles() {
        try {
            this.directory = Files.createTempDirectory("tierra-gpkg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.files = Caffeine.newBuilder()
                // files are deleted on the thread that evicts them, not later on another: close() then
                // finds no deletion under way in the folder it removes
                .executor(Runnable::run)
                .maximumSize(MAX_FILES)
                .expireAfterAccess(IDLE)
                .<String, Path>removalListener((key, file, cause) -> deleteQuietly(file))
                .build();
    }

    /** The file for {@code key}, written by {@code writer} unless a current one is kept. */
    Path get(String key, Writer writer) {
        return files.get(key, ignored -> {
            Path file = directory.resolve(UUID.randomUUID() + ".gpkg");
            try {
                writer.write(file);
                return file;
            } catch (RuntimeException e) {
                deleteQuietly(file);
                throw e;
            } catch (Exception e) {
                deleteQuietly(file);
                throw new IllegalStateException("writing a GeoPackage failed", e);
            }
        });
    }

    /** Forgets (and deletes) the file for {@code key}, e.g. when it has vanished from the disk. */
    void forget(String key) {
        files.invalidate(key);
    }

    @Override
    public void close() {
        files.invalidateAll();
        files.cleanUp();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(GeoPackageFiles::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is the operating system's to clean
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the same: never fail a download over a file that could not be removed
        }
    }
}
