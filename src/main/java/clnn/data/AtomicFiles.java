package clnn.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Writes that never leave a half-written file behind: write a temporary file in the same folder,
 * fsync it, then rename it over the target. A crash at any moment leaves either the old file or the
 * new one. A failed write deletes its temporary file; temporaries left by a killed process
 * ({@code .NAME<digits>.tmp}) are swept by the next write of the same target once they are old enough
 * that no live writer can own them, or at once by {@link #sweep} in a folder the caller has locked.
 */
public final class AtomicFiles {
    /** A temporary file untouched this long belongs to no live writer (a write takes seconds at most). */
    static final Duration STALE = Duration.ofMinutes(10);

    private static volatile Predicate<Path> failing = p -> false;

    private AtomicFiles() {
    }

    /** Fills a temporary file; {@link #write} then makes it the target. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content into {@code tmp}, replacing what is there.
         *
         * @param tmp the temporary file, in the target's folder; the caller renames it over the target
         * @throws IOException when the content cannot be written; the target is then left untouched
         */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Replaces {@code file} atomically with what {@code content} writes: readers see the old file or the
     * whole new one, never a part. Missing parent folders are created.
     *
     * @param file    the target; it may exist already, and is replaced
     * @param content writes the new bytes into a temporary file beside the target
     * @throws IOException when the folder cannot be made, the content fails or the rename fails; the
     *                     target then keeps its old content and no temporary file is left
     */
    public static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        sweep(dir, file.getFileName().toString(), Instant.now().minus(STALE));
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        boolean moved = false;
        try {
            if (failing.test(file)) {
                Files.writeString(tmp, "partial");
                throw new IOException("No space left on device");
            }
            content.writeTo(tmp);
            fsync(tmp);
            // createTempFile makes owner-only files; a saved model or figure is an ordinary rw-r--r-- file.
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep the default permissions
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            // A failed delete must not hide the failure that brought us here.
            if (!moved) deleteQuietly(tmp);
        }
    }

    /**
     * {@link #write} of a text, as UTF-8.
     *
     * @param file the target; it may exist already, and is replaced
     * @param text the whole new content
     * @throws IOException as {@link #write}: the target then keeps its old content
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Deletes every temporary file of this class in {@code dir}, whatever its age: for a folder the
     * caller holds a lock on (a train run folder), where no other writer can be at work. Best effort:
     * files that cannot be deleted, or an unreadable folder, are passed over silently.
     *
     * @param dir the folder to sweep (not its subfolders)
     */
    public static void sweep(Path dir) {
        sweep(dir, null, Instant.MAX);
    }

    /** Temporaries of {@code name} (or of any target when null) last modified before {@code before}. */
    private static void sweep(Path dir, String name, Instant before) {
        Pattern tmp = Pattern.compile("\\." + (name == null ? ".+" : Pattern.quote(name)) + "\\d+\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> tmp.matcher(p.getFileName().toString())
                .matches())) {
            for (Path p : entries) {
                try {
                    FileTime t = Files.getLastModifiedTime(p);
                    if (t.toInstant().isBefore(before) && Files.isRegularFile(p)) Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // gone already, or not ours to delete: sweeping is best effort
                }
            }
        } catch (IOException ignored) {
            // an unreadable folder will fail the write itself, with a better message
        }
    }

    /**
     * For tests: writes of targets matching {@code which} fail as on a full disk, after a partial
     * temporary file was written ({@code null} restores normal writes).
     *
     * @param which the targets whose writes fail, or {@code null} for none
     */
    public static void failWritesForTesting(Predicate<Path> which) {
        failing = which == null ? p -> false : which;
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the sweep of the next write removes it
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
