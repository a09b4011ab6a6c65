package clnn.cli;

import clnn.ClnnException;
import clnn.data.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder one train run writes to, held for the run's whole lifetime by an exclusive lock on
 * DIR/.clnn.lock, so that no two runs (processes, or threads of one JVM) ever write into the same
 * folder. The operating system drops the lock when the process dies, even by kill -9, so a crashed
 * run never blocks its --resume. The lock file itself stays: deleting it would let a third run lock
 * a new file while a second still holds the old one.
 */
final class RunFolder implements AutoCloseable {
    static final String LOCK = ".clnn.lock";
    /** Default folders are runs/yyyyMMdd-HHmmss, then -2, -3, ... for runs started in the same second. */
    private static final int MAX_SUFFIX = 10_000;

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    Path dir() {
        return dir;
    }

    /** A new folder under {@code parent} named after the current second, created atomically, and locked. */
    static RunFolder createDefault(Path parent) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder " + parent + " for the run: " + e.getMessage()
                    + "; check the permissions or give --out DIR", e);
        }
        for (int i = 1; i <= MAX_SUFFIX; i++) {
            Path dir = parent.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                // createDirectory fails if the name exists: of two runs in the same second exactly one gets it.
                Files.createDirectory(dir);
                return lock(dir, "--out");
            } catch (FileAlreadyExistsException taken) {
                // another run (or a file) has this name: try the next suffix
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the run folder " + dir + ": " + e.getMessage()
                        + "; check the permissions or give --out DIR", e);
            }
        }
        throw new ClnnException(parent + " already holds " + MAX_SUFFIX + " runs started in the second " + stamp
                + "; give --out DIR");
    }

    /** {@code dir} given by --out (created if missing) or --resume (must exist), locked. */
    static RunFolder open(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadOption(option + " " + dir + " is a file, not a folder; give a folder for the run's files");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + dir + " (" + Failures.describe(e)
                    + ")", e);
        }
        return lock(dir, option);
    }

    private static RunFolder lock(Path dir, String option) {
        Path file = dir.resolve(LOCK);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new ClnnException(dir + " is in use by another train run" + holder(file) + "; wait for it to end, "
                        + "or give another " + (option.equals("--resume") ? "folder" : "--out"));
            }
            // Who holds it, for the message the next run prints.
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            AtomicFiles.sweep(dir);
            return new RunFolder(dir, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock the run folder " + dir + " (" + Failures.describe(e) + ")", e);
        }
    }

    /** " (process 1234)" when the lock file names the holder. */
    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).strip();
            return pid.matches("\\d{1,10}") ? " (process " + pid + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // the lock goes with the channel or with the process
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }
}
