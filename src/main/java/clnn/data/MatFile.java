package clnn.data;

import clnn.DataException;
import com.jmatio.io.MatFileReader;
import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLNumericArray;
import com.jmatio.types.MLUInt8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only class that touches the MAT-file library (JMatIO, through its maintained fork
 * com.diffplug.matsim:matfilerw). Everything else sees {@link MatVariable}s, so the library can be
 * swapped by rewriting this file alone.
 */
public final class MatFile {
    private MatFile() {
    }

    /** Reads every variable of a MATLAB v5/v7 (not v7.3) MAT file. */
    public static Map<String, MatVariable> read(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file + ": no such file; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, not a MAT file; name the .mat file inside it");
        }
        if (!Files.isReadable(file)) {
            throw new DataException(file + ": cannot be read (permission denied); check the file's permissions");
        }
        // Values become doubles in memory: leave room for them and for the float copy the loader makes.
        MatPreflight.check(file, Runtime.getRuntime().maxMemory() / 3);
        Map<String, MLArray> content;
        try {
            content = new MatFileReader(file.toFile()).getContent();
        } catch (IOException | RuntimeException e) {
            throw new DataException(file + ": not a readable MATLAB v5/v7 MAT file (" + oneLine(e)
                    + "); re-save it in MATLAB/Octave with save -v7 or with scipy.io.savemat", e);
        }
        Map<String, MatVariable> out = new LinkedHashMap<>();
        for (MLArray a : content.values()) {
            out.put(a.getName(), toVariable(a));
        }
        return out;
    }

    private static MatVariable toVariable(MLArray a) {
        String cls = MLArray.typeToString(a.getType());
        boolean numeric = a instanceof MLNumericArray<?> && !a.isSparse() && !a.isComplex();
        double[] values = numeric ? realValues((MLNumericArray<?>) a) : null;
        String text = a instanceof MLChar c && a.getM() > 0 ? c.getString(0) : null;
        return new MatVariable(a.getName(), cls, a.getDimensions().clone(), a.isComplex(), a.isSparse(), values, text);
    }

    /** Column-major real values as double; unsigned integer classes are read as unsigned. */
    private static double[] realValues(MLNumericArray<?> a) {
        int n = a.getSize();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            Number x = a.getReal(i);
            if (a.isUint8()) {
                v[i] = x.byteValue() & 0xFF;
            } else if (a.isUint16()) {
                v[i] = x.shortValue() & 0xFFFF;
            } else if (a.isUint32()) {
                v[i] = x.intValue() & 0xFFFFFFFFL;
            } else {
                v[i] = x.doubleValue();
            }
        }
        return v;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m.replaceAll("\\s+", " ").trim();
    }

    /** Collects variables, then writes them in one go, atomically (temporary file, then rename). */
    static final String HEADER_TEXT = "MATLAB 5.0 MAT-file, Platform: Java, Created by: clnn";

    public static final class Writer {
        private final List<MLArray> arrays = new ArrayList<>();

        /** A double matrix given row-major (rows x cols), stored column-major as MATLAB expects. */
        public Writer doubles(String name, int rows, int cols, double[] rowMajor) {
            requireLength(name, rows, cols, rowMajor.length);
            double[] colMajor = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) colMajor[c * rows + r] = rowMajor[r * cols + c];
            }
            arrays.add(new MLDouble(name, colMajor, rows));
            return this;
        }

        /** A float matrix (row-major) widened to double: what scipy and Octave load without surprise. */
        public Writer floatsAsDoubles(String name, int rows, int cols, float[] rowMajor, int offset) {
            double[] d = new double[rows * cols];
            for (int i = 0; i < d.length; i++) d[i] = rowMajor[offset + i];
            return doubles(name, rows, cols, d);
        }

        /** A uint8 column vector (n x 1), like ex3data1's y. */
        public Writer uint8Column(String name, byte[] values) {
            arrays.add(new MLUInt8(name, values, values.length));
            return this;
        }

        public Writer text(String name, String value) {
            arrays.add(new MLChar(name, value));
            return this;
        }

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
