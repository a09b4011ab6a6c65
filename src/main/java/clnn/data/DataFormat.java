package clnn.data;

import clnn.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The file formats clnn reads data from, told apart by their first bytes (MAT's header, a zip's
 * "PK", "\x93NUMPY"), the extension only a hint: a .npz renamed .mat still loads, and a file of none
 * of these formats is one line listing what is accepted. CSV has no signature: a .csv file that is
 * not one of the binary formats is read as CSV.
 */
public enum DataFormat {
    /** MATLAB v5/v7 (and, to be refused with its own words, v4 and v7.3). */
    MAT("MAT"),
    /** NumPy's zip of .npy arrays (np.savez, np.savez_compressed). */
    NPZ("NumPy .npz"),
    /** One NumPy array (np.save). */
    NPY("NumPy .npy"),
    /** Comma-separated text with a header row. */
    CSV("CSV");

    /** For the one line that refuses a file of another format. */
    public static final String ACCEPTED = "MAT v5/v7 (.mat), NumPy (.npz with X and y, or .npy with a sibling y.npy) "
            + "or CSV with a header row (.csv)";

    private final String label;

    DataFormat(String label) {
        this.label = label;
    }

    /**
     * The human name of the format, "NumPy .npz".
     *
     * @return the name
     */
    public String label() {
        return label;
    }

    /**
     * The format of {@code file}, by content first and extension second; refuses, in one line, a path
     * that is missing, a folder, not a regular or readable file, or of no accepted format.
     *
     * @param file the data file
     * @return its format
     * @throws DataException when the file cannot be read or is of no accepted format
     */
    public static DataFormat of(Path file) {
        requireReadable(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(128);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + "); check the file");
        }
        DataFormat byMagic = byMagic(head);
        if (byMagic != null) return byMagic;
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        // The hint: a damaged file of the format its name says gets that format's own diagnosis.
        if (name.endsWith(".mat")) return MAT;
        if (name.endsWith(".npz")) return NPZ;
        if (name.endsWith(".npy")) return NPY;
        if (name.endsWith(".csv")) return CSV;
        throw new DataException(file + ": not a data format clnn reads" + (head.length == 0 ? " (the file is empty)" : "")
                + "; accepted: " + ACCEPTED);
    }

    /**
     * The format {@code file}'s first bytes announce, without refusing anything: null when the file
     * cannot be read or starts with no known signature (CSV has none).
     *
     * @param file any path
     * @return MAT, NPZ or NPY, or null
     */
    public static DataFormat byContent(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return byMagic(in.readNBytes(8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static DataFormat byMagic(byte[] head) {
        if (startsWith(head, 0x93, 'N', 'U', 'M', 'P', 'Y')) return NPY;
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) return NPZ;
        if (startsWith(head, 'M', 'A', 'T', 'L', 'A', 'B')) return MAT;
        return null;
    }

    /** The checks every format's reader starts with, in the MAT reader's words. */
    static void requireReadable(Path file) {
        if (!Files.exists(file)) throw new DataException(file + ": no such file; check the path");
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, not a data file; name the file inside it");
        }
        if (!Files.isRegularFile(file)) throw new DataException(file + ": not a regular file; name a data file");
        if (!Files.isReadable(file)) {
            throw new DataException(file + ": cannot be read (permission denied); check the file's permissions");
        }
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (head[i] != (byte) magic[i]) return false;
        return true;
    }
}
