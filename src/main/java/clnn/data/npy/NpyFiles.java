package clnn.data.npy;

import clnn.DataException;
import clnn.data.HeapBudget;
import clnn.data.mat.MatContents;
import clnn.data.mat.MatFloats;
import clnn.data.mat.MatVariable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NumPy's files in: a .npy (one array, np.save) and a .npz (a zip of .npy entries, np.savez or
 * np.savez_compressed; stored or deflated). Arrays come back in the MAT reader's forms
 * ({@link MatContents}), so the loader checks every format with the same code and the same words.
 * Nothing is unpickled: object arrays are refused.
 */
public final class NpyFiles {
    /** Entries of a .npz listed by their headers at most; the others are counted. */
    static final int LISTED = 1000;
    /** inspect reads label-like vectors up to this many values (as for MAT files). */
    static final long INSPECT_VECTOR_VALUES = 1_000_000;

    private NpyFiles() {
    }

    /**
     * One .npy array as the variable {@code name}.
     *
     * @param file     the .npy file (existence and readability already checked)
     * @param name     the name it goes by in messages and in the returned contents
     * @param asFloats true for a data set's X (row-major float32), false for labels (doubles)
     * @return the contents: the one variable, and its floats when asked for
     * @throws DataException when the file is not a readable .npy array of a supported type
     */
    public static MatContents readNpy(Path file, String name, boolean asFloats) {
        String where = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NpyHeader h = NpyHeader.read(in, where);
            long available = Files.size(file) - h.length();
            NpyReader.Array a = NpyReader.read(in, h, available, name, where,
                    asFloats ? NpyReader.Want.FLOATS : NpyReader.Want.VALUES, new HeapBudget());
            return contents(List.of(a.variable()), 1, a.floats() == null ? Map.of() : Map.of(name, a.floats()));
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read (" + oneLine(e) + "); check the file");
        }
    }

    /**
     * The arrays of a .npz: those in {@code names} read (the one named {@code matrix} as row-major
     * float32), the others listed by their headers, in the archive's order.
     *
     * @param file   the .npz file
     * @param names  the arrays to read (as "X", not "X.npy")
     * @param matrix the one of them to read as float32, or null
     * @return what the archive holds
     * @throws DataException when the file is not a readable .npz or a wanted array is damaged
     */
    public static MatContents readNpz(Path file, Set<String> names, String matrix) {
        return npz(file, name -> name.equals(matrix) ? NpyReader.Want.FLOATS
                : names.contains(name) ? NpyReader.Want.VALUES : NpyReader.Want.HEADER);
    }

    /**
     * Every array of a .npz with its values (for a model file: weights and clnn_* text).
     *
     * @param file the .npz file
     * @return the arrays by name
     * @throws DataException when the file is not a readable .npz
     */
    public static Map<String, MatVariable> readAll(Path file) {
        return npz(file, name -> NpyReader.Want.VALUES).byName();
    }

    /**
     * For inspect: a .npz's or a .npy's arrays with shape and type; label-like vectors and text read
     * when small, the rest by their headers.
     *
     * @param file the file
     * @param npz  true for a .npz archive, false for a single .npy (listed under its file name's stem)
     * @return the arrays in file order
     * @throws DataException when the file cannot be read as that format
     */
    public static MatContents list(Path file, boolean npz) {
        if (npz) return npz(file, null);
        String where = file.toString();
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NpyHeader h = NpyHeader.read(in, where);
            NpyReader.Array a = NpyReader.read(in, h, Files.size(file) - h.length(), stem, where, listing(h),
                    new HeapBudget());
            return contents(List.of(a.variable()), 1, Map.of());
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read (" + oneLine(e) + "); check the file");
        }
    }

    /** Vectors small enough to summarise, and text, are read; matrices only described. */
    private static NpyReader.Want listing(NpyHeader h) {
        int[] d = h.dims();
        boolean vector = d.length == 1 || (d.length == 2 && (d[0] == 1 || d[1] == 1));
        return !h.type().numeric() || (vector && h.count() <= INSPECT_VECTOR_VALUES) ? NpyReader.Want.VALUES
                : NpyReader.Want.HEADER;
    }

    private static MatContents npz(Path file, java.util.function.Function<String, NpyReader.Want> wants) {
        String where = file.toString();
        List<MatVariable> vars = new ArrayList<>();
        Map<String, MatFloats> floats = new HashMap<>();
        HeapBudget budget = new HeapBudget();
        int count = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                count++;
                String name = e.getName().substring(0, e.getName().length() - 4);
                NpyReader.Want want = wants == null ? null : wants.apply(name);
                if (want == NpyReader.Want.HEADER && vars.size() >= LISTED) continue;
                String at = where + " array '" + clnn.Text.printable(name, 64) + "'";
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                    NpyHeader h = NpyHeader.read(in, at);
                    long size = e.getSize();
                    NpyReader.Array a = NpyReader.read(in, h, size < 0 ? -1 : size - h.length(), name, at,
                            want == null ? listing(h) : want, budget);
                    vars.add(a.variable());
                    if (a.floats() != null) floats.put(name, a.floats());
                } catch (ZipException z) {
                    throw new DataException(at + ": its compressed data are corrupt (" + oneLine(z) + "); the file is "
                            + "damaged");
                }
            }
        } catch (ZipException e) {
            throw new DataException(where + ": not a readable .npz archive (" + oneLine(e) + "); the file is truncated "
                    + "or damaged (write it with np.savez)");
        } catch (IOException e) {
            throw new DataException(where + ": cannot be read (" + oneLine(e) + "); check the file");
        }
        return contents(vars, count, floats);
    }

    private static MatContents contents(List<MatVariable> vars, int count, Map<String, MatFloats> floats) {
        return new MatContents(vars, count, floats);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").trim();
    }
}
