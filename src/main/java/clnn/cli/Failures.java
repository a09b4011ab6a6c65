package clnn.cli;

import clnn.ClnnException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns what a command threw into the one line the user sees (without "error: "), or null when it
 * is a bug in clnn (which keeps its stack trace). User errors: ClnnException, I/O failures (a full
 * disk, a missing folder, no permission) and running out of memory or stack.
 */
final class Failures {
    private Failures() {
    }

    static String oneLine(Throwable e) {
        if (e instanceof ClnnException) return e.getMessage();
        if (e instanceof UncheckedIOException u) return io(u.getMessage(), u.getCause());
        if (e instanceof IOException io) return io(null, io);
        if (e instanceof OutOfMemoryError) {
            return "out of memory while " + Activity.now() + " (" + e.getMessage() + "); give the JVM more memory, e.g. "
                    + "java -Xmx4g -jar engine.jar ..., or use smaller data or a smaller network";
        }
        if (e instanceof StackOverflowError) {
            return "the stack overflowed while " + Activity.now() + "; give the JVM a larger stack, e.g. "
                    + "java -Xss8m -jar engine.jar ...";
        }
        return null;
    }

    /**
     * "FILE: reason; fix". A message clnn wrote itself ("cannot write F: No space left on device")
     * is kept; a JDK message ("java.nio.file.NoSuchFileException: F") is rebuilt from the exception.
     */
    private static String io(String context, IOException e) {
        String head;
        if (context != null && !context.contains("Exception")) {
            head = context;
        } else if (e instanceof FileSystemException fs && fs.getFile() != null) {
            head = describe(fs);
        } else {
            head = "I/O failure: " + (e == null ? context : e.getMessage());
        }
        return head + "; check that the folder exists and is writable, that the disk has free space, and the path";
    }

    /** "FILE: reason" for a FileSystemException, else the exception's message. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + reason(fs);
        }
        return String.valueOf(e.getMessage());
    }

    private static String reason(FileSystemException fs) {
        if (fs.getReason() != null) return fs.getReason();
        if (fs instanceof NoSuchFileException) return "no such file or folder";
        if (fs instanceof AccessDeniedException) return "permission denied";
        if (fs instanceof FileAlreadyExistsException) return "already exists";
        if (fs instanceof NotDirectoryException) return "not a folder";
        return fs.getClass().getSimpleName();
    }
}
