package clnn.data.mat;

import clnn.data.AtomicFiles;
import clnn.DataException;
import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLUInt8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MAT files in and out. Reading is clnn's own ({@link MatReader}: streaming, validating, within a
 * heap budget, only the variables asked for); writing goes through JMatIO (its maintained fork
 * com.diffplug.matsim:matfilerw), whose files scipy, Octave and MATLAB read.
 */
public final class MatFile {
    /** inspect reads label-like vectors and text up to these sizes; larger ones are listed by shape. */
    static final long INSPECT_VECTOR_VALUES = 1_000_000;
    static final long INSPECT_TEXT_CHARS = 1 << 16;

    private MatFile() {
    }

    /**
     * Reads every variable of a MATLAB v5/v7 (not v7.3) MAT file; a name that occurs twice is refused.
     *
     * @param file the MAT file
     * @return the variables by name, in file order
     * @throws DataException naming the file and the fix when it is missing, unreadable or not a valid MAT file
     */
    public static Map<String, MatVariable> read(Path file) {
        return readable(file, (name, cls, dims, count) -> true, true).byName();
    }

    /**
     * Reads only the named variables; the others are not parsed (they appear as headers, not
     * {@link MatVariable#loaded()}, up to a cap, so messages can list what the file holds). A wanted
     * name that occurs twice is refused.
     *
     * @param file  the MAT file
     * @param names the variables to read
     * @return what was found; a name asked for but absent is simply not in it (the caller says why it is needed)
     * @throws DataException naming the file and the fix when it is missing, unreadable or not a valid MAT file
     */
    public static MatContents read(Path file, Set<String> names) {
        return readable(file, (name, cls, dims, count) -> names.contains(name), true);
    }

    /**
     * Like {@link #read(Path, Set)}, with {@code matrix} (one of the names) read straight into
     * row-major float32 ({@link MatContents#floats()}) when it is a real numeric array: a data set's
     * X at 4 bytes a value, instead of 8 for the doubles and 4 more for a caller's float copy.
     *
     * @param file   the MAT file
     * @param names  the variables to read as doubles or text
     * @param matrix the variable to read as float32 (it need not be in {@code names})
     * @return what was found, with {@code matrix} in {@link MatContents#floats()} when it is a real numeric array
     * @throws DataException naming the file and the fix when it is missing, unreadable or not a valid MAT file
     */
    public static MatContents read(Path file, Set<String> names, String matrix) {
        return readable(file, new MatReader.Selection() {
            @Override
            public boolean wants(String name, int cls, int[] dims, long count) {
                return names.contains(name) || name.equals(matrix);
            }

            @Override
            public boolean asFloats(String name) {
                return name.equals(matrix);
            }
        }, true);
    }

    /**
     * Every variable in file order for listing (like scipy.io.whosmat), repeated names included;
     * label-like vectors and text are read when small, the rest only by their headers. What {@code engine
     * inspect} shows.
     *
     * @param file the MAT file
     * @return every variable, up to the header cap, with the file's total count
     * @throws DataException naming the file and the fix when it is missing, unreadable or not a valid MAT file
     */
    public static MatContents list(Path file) {
        return readable(file, (name, cls, dims, count) -> cls == MatReader.CLASS_CHAR ? count <= INSPECT_TEXT_CHARS
                : dims.length == 2 && (dims[0] == 1 || dims[1] == 1) && count <= INSPECT_VECTOR_VALUES, false);
    }

    private static MatContents readable(Path file, MatReader.Selection selection, boolean refuseDuplicates) {
        if (!Files.exists(file)) {
            throw new DataException(file + ": no such file; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, not a MAT file; name the .mat file inside it");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": not a regular file; name a .mat file");
        }
        if (!Files.isReadable(file)) {
            throw new DataException(file + ": cannot be read (permission denied); check the file's permissions");
        }
        return MatReader.read(file, selection, refuseDuplicates);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").trim();
    }

    /** The fixed header text every written file gets (see {@code stampHeader}). */
    static final String HEADER_TEXT = "MATLAB 5.0 MAT-file, Platform: Java, Created by: clnn";

    /**
     * Collects variables, then writes them in one go, atomically (temporary file, then rename). Used for model
     * files, checkpoints and the bundled data; the same variables give the same bytes.
     */
    public static final class Writer {
        /** An empty writer; add variables with the methods below, in the order the file should list them. */
        public Writer() {
        }

        private final List<MLArray> arrays = new ArrayList<>();

        /**
         * A double matrix given row-major (rows x cols), stored column-major as MATLAB expects.
         *
         * @param name     the variable's name
         * @param rows     its rows
         * @param cols     its columns
         * @param rowMajor exactly rows x cols values, row r at {@code r * cols}
         * @return this writer, for chaining
         * @throws IllegalArgumentException when the length is not rows x cols
         */
        public Writer doubles(String name, int rows, int cols, double[] rowMajor) {
            requireLength(name, rows, cols, rowMajor.length);
            double[] colMajor = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) colMajor[c * rows + r] = rowMajor[r * cols + c];
            }
            arrays.add(new MLDouble(name, colMajor, rows));
            return this;
        }

        /**
         * A float matrix (row-major) widened to double: what scipy and Octave load without surprise.
         *
         * @param name     the variable's name
         * @param rows     its rows
         * @param cols     its columns
         * @param rowMajor holds the matrix's rows x cols values from {@code offset} on (it may hold more)
         * @param offset   index of the matrix's first value in {@code rowMajor}
         * @return this writer, for chaining
         */
        public Writer floatsAsDoubles(String name, int rows, int cols, float[] rowMajor, int offset) {
            double[] d = new double[rows * cols];
            for (int i = 0; i < d.length; i++) d[i] = rowMajor[offset + i];
            return doubles(name, rows, cols, d);
        }

        /**
         * A uint8 column vector (n x 1), like ex3data1's y.
         *
         * @param name   the variable's name
         * @param values the column, read as unsigned bytes
         * @return this writer, for chaining
         */
        public Writer uint8Column(String name, byte[] values) {
            arrays.add(new MLUInt8(name, values, values.length));
            return this;
        }

        /**
         * A char row vector (1 x n): metadata such as a model file's layer widths and activation names.
         *
         * @param name  the variable's name
         * @param value the text
         * @return this writer, for chaining
         */
        public Writer text(String name, String value) {
            arrays.add(new MLChar(name, value));
            return this;
        }

        /**
         * Writes every variable collected so far: {@code file} is replaced whole or, on failure, left as it was.
         *
         * @param file where the MAT file goes
         * @throws IOException when the temporary file cannot be written or moved into place
         */
        public void writeAtomically(Path file) throws IOException {
            AtomicFiles.write(file, tmp -> {
                new MatFileWriter(tmp.toFile(), arrays);
                stampHeader(tmp);
            });
        }

        /**
         * The writer puts the current date in the 116-byte header text; a fixed text makes the same
         * contents give the same bytes (the bundled data must be reproducible byte for byte).
         */
        private static void stampHeader(Path file) throws IOException {
            byte[] text = new byte[116];
            java.util.Arrays.fill(text, (byte) ' ');
            byte[] msg = HEADER_TEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(msg, 0, text, 0, msg.length);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text), 0);
            }
        }

        private static void requireLength(String name, int rows, int cols, int length) {
            if ((long) rows * cols != length) {
                throw new IllegalArgumentException(name + ": " + rows + "x" + cols + " needs " + (long) rows * cols
                        + " values, got " + length);
            }
        }
    }
}
