package clnn.data;

import clnn.Text;
import clnn.data.mat.MatVariable;
import clnn.data.mat.MatContents;
import clnn.data.mat.MatFile;
import clnn.data.mat.MatFloats;
import clnn.data.csv.CsvData;
import clnn.data.npy.NpyFiles;
import clnn.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a data file into a validated {@link Dataset}: X must be a real 2-D numeric matrix of finite
 * values, y a vector of whole-number labels with one label per row of X. Every violation is one line
 * naming the file, the variable, what it is and what to do.
 *
 * <p>Every format goes through here: the format is told by content ({@link DataFormat}), its reader
 * delivers the arrays in the MAT reader's forms ({@link DataContents}), and one validation follows.
 * <ul>
 * <li>MAT (v5/v7): variables {@code xVar} and {@code yVar}.</li>
 * <li>NumPy .npz: arrays {@code xVar} and {@code yVar} (np.savez(f, X=X, y=y)).</li>
 * <li>NumPy .npy: the file is X; the labels are the sibling file {@code yVar}.npy in the same folder
 *     (np.save('X.npy', X); np.save('y.npy', y)).</li>
 * <li>CSV: a header row; the column {@code labelColumn} holds the labels, every other column is a feature.</li>
 * </ul>
 *
 * <p>X is read straight into the row-major float32 array the {@link Dataset} keeps (4 bytes a value,
 * no double copy), booked against the heap first, so the largest X that loads is about what the heap holds.
 */
public final class DatasetLoader {
    /** Labels above this would allocate absurd output layers; no real class count is this large. */
    public static final int MAX_CLASSES = 65_536;
    /** The CSV column read as labels when none is named. */
    public static final String DEFAULT_LABEL_COLUMN = "label";

    private final String xVar;
    private final String yVar;
    private final LabelMapping mapping;
    private final int classes;
    /** When >= 0: map exactly this stored label to 0 (or nothing, for -1), whatever the mapping mode says. */
    private final Integer fixedMappedLabel;
    /** When > 0: X must have exactly this many columns (a model's input width), checked before the labels. */
    private final int expectedFeatures;
    private final String widthOwner;
    private final String labelColumn;

    /**
     * A loader of X and y (CSV: the label column {@value #DEFAULT_LABEL_COLUMN}; see {@link #withLabelColumn}).
     *
     * @param xVar    the features' variable (MAT) or array (.npz)
     * @param yVar    the labels' variable or array; for a .npy X, the stem of the labels' sibling file
     * @param mapping how stored labels become classes
     * @param classes the number of classes, or 0 to take it from the labels (largest class + 1)
     */
    public DatasetLoader(String xVar, String yVar, LabelMapping mapping, int classes) {
        this(xVar, yVar, mapping, classes, null, 0, null, DEFAULT_LABEL_COLUMN);
    }

    private DatasetLoader(String xVar, String yVar, LabelMapping mapping, int classes, Integer fixedMappedLabel,
                          int expectedFeatures, String widthOwner, String labelColumn) {
        this.xVar = xVar;
        this.yVar = yVar;
        this.mapping = mapping;
        this.classes = classes;
        this.fixedMappedLabel = fixedMappedLabel;
        this.expectedFeatures = expectedFeatures;
        this.widthOwner = widthOwner;
        this.labelColumn = labelColumn;
    }

    /**
     * A loader for data that must be read the way a model's training data was: the same stored
     * label maps to 0 ({@code labels}) and the class count is the model's.
     *
     * @param xVar    the features' variable (MAT, .npz)
     * @param yVar    the labels' variable, or the stem of a .npy's labels sibling
     * @param labels  which stored label the training data mapped to class 0
     * @param classes the model's class count
     * @return the loader (CSV label column {@value #DEFAULT_LABEL_COLUMN}; see {@link #withLabelColumn})
     */
    public static DatasetLoader matching(String xVar, String yVar, LabelRemap labels, int classes) {
        return new DatasetLoader(xVar, yVar, LabelMapping.NONE, classes, labels.storedAsZero(), 0, null,
                DEFAULT_LABEL_COLUMN);
    }

    /**
     * A copy of this loader refusing X unless it has {@code features} columns, before anything about the labels is checked:
     * data for a model of another width fails on its width, not on labels the model cannot know.
     *
     * @param features the number of columns X must have
     * @param owner    what has that width, for the message ("the model runs/x/model.mat")
     * @return the copy
     */
    public DatasetLoader expectingFeatures(int features, String owner) {
        return new DatasetLoader(xVar, yVar, mapping, classes, fixedMappedLabel, features, owner, labelColumn);
    }

    /**
     * A copy of this loader reading a CSV file's labels from the column {@code name} (other formats ignore it).
     *
     * @param name the label column's name in the header row
     * @return the copy
     */
    public DatasetLoader withLabelColumn(String name) {
        return new DatasetLoader(xVar, yVar, mapping, classes, fixedMappedLabel, expectedFeatures, widthOwner, name);
    }

    /**
     * The loader for the bundled data's conventions: X and y, automatic label mapping, classes from the labels.
     *
     * @return the loader
     */
    public static DatasetLoader defaults() {
        return new DatasetLoader("X", "y", LabelMapping.AUTO, 0);
    }

    /**
     * Reads and validates a data file of any accepted format.
     *
     * @param file the data file
     * @return the data set and the label mapping applied
     * @throws DataException when the file is unreadable, of no accepted format, or its data are not a valid data set
     */
    public LoadedData load(Path file) {
        return load(file, null);
    }

    /**
     * Like {@link #load(Path)}, with the file's arrays already read by {@link #read} (on another
     * thread, while the command line was parsed); {@code contents} null reads them now.
     *
     * @param file     the data file
     * @param contents what {@link #read} returned for it, or null
     * @return the data set and the label mapping applied
     * @throws DataException as {@link #load(Path)}
     */
    public LoadedData load(Path file, DataContents contents) {
        return fromVariables(file.toString(), contents != null ? contents : read(file, xVar, yVar, labelColumn));
    }

    /**
     * What {@link #load(Path)} reads of a file, by its format: the features straight into row-major
     * float32 and the labels, unchecked.
     *
     * @param file        the data file
     * @param xVar        the features' variable (MAT, .npz)
     * @param yVar        the labels' variable (MAT, .npz), or the stem of a .npy's labels sibling
     * @param labelColumn the label column of a CSV file
     * @return the arrays read
     * @throws DataException when the file cannot be read in its format
     */
    public static DataContents read(Path file, String xVar, String yVar, String labelColumn) {
        DataFormat format = DataFormat.of(file);
        String pair = " " + Text.printable(xVar, 64) + "/" + Text.printable(yVar, 64);
        return switch (format) {
            case MAT -> new DataContents(format, MatFile.read(file, Set.of(xVar, yVar), xVar), xVar, yVar, "--x-var",
                    "--y-var", file + pair);
            case NPZ -> new DataContents(format, NpyFiles.readNpz(file, Set.of(xVar, yVar), xVar), xVar, yVar, "--x-var",
                    "--y-var", file + pair);
            case NPY -> npyPair(file, yVar);
            case CSV -> new DataContents(format, CsvData.read(file, labelColumn), CsvData.FEATURES, labelColumn,
                    "--data", "--label-column", file + " (labels: column " + Text.printable(labelColumn, 64) + ")");
        };
    }

    /** X from the .npy itself, y from its sibling {@code yVar}.npy: what np.save('X.npy', X); np.save('y.npy', y) leaves. */
    private static DataContents npyPair(Path file, String yVar) {
        Path labels = file.toAbsolutePath().resolveSibling(yVar + ".npy");
        String shown = Text.printable(yVar, 64) + ".npy";
        if (!Files.exists(labels)) {
            throw new DataException(file + ": a .npy holds one array, so the labels are read from " + shown + " next to it "
                    + "(--y-var " + Text.printable(yVar, 64) + "), which does not exist; save them there with np.save('"
                    + shown + "', y), name the labels' file with --y-var NAME, or put both in one .npz (np.savez)");
        }
        if (labels.normalize().equals(file.toAbsolutePath().normalize())) {
            throw new DataException(file + ": is both the features and the labels' file (--y-var " + Text.printable(yVar, 64)
                    + "); give the features' .npy as --data and name the labels' .npy with --y-var");
        }
        if (DataFormat.of(labels) != DataFormat.NPY) {
            throw new DataException(labels + ": the labels for " + file + " must be a .npy array (np.save); this file "
                    + "is not one");
        }
        String xName = file.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
        MatContents x = NpyFiles.readNpy(file, xName, true);
        MatContents y = NpyFiles.readNpy(labels, yVar, false);
        List<MatVariable> both = new ArrayList<>(x.variables());
        both.addAll(y.variables());
        Map<String, MatFloats> floats = new HashMap<>(x.floats());
        return new DataContents(DataFormat.NPY, new MatContents(both, 2, floats), xName, yVar, "--data", "--y-var",
                file + " + " + shown);
    }

    LoadedData fromVariables(String file, DataContents data) {
        MatContents contents = data.contents();
        String xVar = data.xName();
        String yVar = data.yName();
        String noun = data.format() == DataFormat.MAT ? "variable" : data.format() == DataFormat.CSV ? "column" : "array";
        MatVariable xv = require(file, contents, xVar, data.xOption(), noun);
        MatVariable yv = require(file, contents, yVar, data.yOption(), noun);
        MatFloats xf = contents.floats().get(xVar);
        String src = data.source();

        checkNumeric(file, xv, xf != null, "features");
        if (xv.dims().length != 2) {
            throw new DataException(file + ": " + xv.describe() + " must be a 2-D matrix (rows = samples, columns = "
                    + "features); reshape it to n x features before saving");
        }
        checkNumeric(file, yv, yv.isNumeric(), "labels");
        boolean vector = yv.dims().length == 1 || (yv.dims().length == 2 && (yv.dims()[0] == 1 || yv.dims()[1] == 1));
        if (!vector) {
            throw new DataException(file + ": " + yv.describe() + " must be a label vector shaped (n,1) or (1,n)"
                    + (data.format() == DataFormat.MAT ? "" : " or (n,)"));
        }
        int n = xv.rows();
        int features = xv.cols();
        long labels = yv.elementCount();
        if (n == 0) {
            throw new DataException(file + ": " + xv.describe() + " has 0 rows; the data set needs at least one sample");
        }
        if (expectedFeatures > 0 && features != expectedFeatures) {
            throw new DataException(src + " has " + features + " features per row but " + widthOwner + " takes "
                    + expectedFeatures + "; use data of the width it was trained on");
        }
        if (labels != n) {
            throw new DataException(file + ": " + xv.describe() + " has " + n + " rows but " + yv.describe() + " has "
                    + labels + " labels; they must match, one label per row of " + xVar);
        }
        float[] x = finite(file, xv, xf);
        int[] stored = wholeLabels(file, yv);
        return withMapping(src, x, stored, features);
    }

    private LoadedData withMapping(String src, float[] x, int[] stored, int features) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : stored) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean zeroAbsent = min >= 1;
        boolean ex3 = zeroAbsent && max == 10;
        int mappedLabel = -1;
        String message;
        if (fixedMappedLabel != null) {
            mappedLabel = fixedMappedLabel;
            for (int i = 0; i < stored.length; i++) {
                if (mappedLabel > 0 && stored[i] == mappedLabel) {
                    stored[i] = 0;
                } else if (mappedLabel > 0 && stored[i] == 0) {
                    throw new DataException(src + ": label 0 at row " + (i + 1) + " but the model maps stored label "
                            + mappedLabel + " to class 0; this file labels classes differently from the training data");
                }
            }
            message = mappedLabel > 0 ? "labels: " + mappedLabel + " -> 0, as in the training data"
                    : "labels: used as stored, as in the training data";
        } else if (mapping == LabelMapping.LAST_TO_ZERO || (mapping == LabelMapping.AUTO && ex3)) {
            if (!zeroAbsent) {
                throw new DataException(src + ": --label-mapping last-to-zero needs labels 1..K, but label " + min
                        + " is present; use --label-mapping none for labels that start at 0");
            }
            mappedLabel = max;
            for (int i = 0; i < stored.length; i++) {
                if (stored[i] == max) stored[i] = 0;
            }
            message = "labels: " + max + " -> 0 (" + (mapping == LabelMapping.AUTO ? "ex3 convention: 10 present, 0 absent"
                    : "--label-mapping last-to-zero") + "), others kept: classes 0.." + (max - 1);
        } else {
            message = "labels: used as stored (" + min + ".." + max + ")";
            if (zeroAbsent) {
                message += "; class 0 never occurs (add --label-mapping last-to-zero if " + max + " means 0)";
            }
        }
        int largest = 0;
        for (int v : stored) largest = Math.max(largest, v);
        if (classes > MAX_CLASSES) {
            throw new DataException(src + ": a class count of " + classes + " (from --classes or the model's outputs) is "
                    + "more than clnn supports (" + MAX_CLASSES + "); give the number of distinct classes");
        }
        int k = classes > 0 ? classes : largest + 1;
        if (largest >= k) {
            throw new DataException(src + ": label " + largest + " needs at least " + (largest + 1)
                    + " classes but the class count is " + k + " (from --classes or the model's outputs); fix the labels or the "
                    + "class count");
        }
        if (k > MAX_CLASSES) {
            throw new DataException(src + ": labels up to " + largest + " would mean " + k + " classes (more than "
                    + MAX_CLASSES + "); labels must be class indices, not raw values");
        }
        return new LoadedData(new Dataset(x, stored, features, k, src),
                mappedLabel > 0 ? LabelRemap.of(mappedLabel) : LabelRemap.NONE, message);
    }

    private static MatVariable require(String file, MatContents contents, String name, String option, String noun) {
        MatVariable v = contents.byName().get(name);
        if (v == null) {
            List<String> shown = contents.variables().stream().limit(10).map(MatVariable::describe).toList();
            String present = contents.count() == 0 ? "none" : String.join(", ", shown)
                    + (contents.count() > shown.size() ? ", ... and " + (contents.count() - shown.size()) + " more" : "");
            throw new DataException(file + ": no " + noun + " '" + Text.printable(name, 64) + "' (present: " + present
                    + "); choose one with " + option);
        }
        return v;
    }

    private static void checkNumeric(String file, MatVariable v, boolean numeric, String role) {
        if (v.complex()) {
            throw new DataException(file + ": " + v.describe() + " is complex; " + role + " must be real numbers");
        }
        if (v.sparse()) {
            throw new DataException(file + ": " + v.describe() + " is sparse; save it as a full matrix (full(" + v.name()
                    + ") in MATLAB, .toarray() in scipy)");
        }
        if (!numeric) {
            throw new DataException(file + ": " + v.describe() + " is not a numeric array; " + role
                    + " must be a real numeric matrix (double, single or integer)");
        }
    }

    /** X as the reader delivered it (row-major float32), refused naming the first value that is not finite. */
    private static float[] finite(String file, MatVariable v, MatFloats m) {
        if (m.firstNonFinite() >= 0) {
            double d = m.nonFiniteValue();
            String what = Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? String.valueOf(d) : d + " (beyond float32 range)";
            String name = Text.printable(v.name(), 64);
            throw new DataException(file + ": " + name + "(" + (m.nonFiniteRow() + 1) + "," + (m.nonFiniteCol() + 1)
                    + ") is " + what + "; " + name + " must be finite: replace or drop such rows before training");
        }
        return m.rowMajor();
    }

    /** A whole number as digits (a uint64 label above 2^63 included), not in exponent form. */
    private static String wholeText(double d) {
        return new java.math.BigDecimal(d).toBigInteger().toString();
    }

    private static int[] wholeLabels(String file, MatVariable v) {
        double[] src = v.values();
        int[] out = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            double d = src[i];
            if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
                throw new DataException(file + ": " + Text.printable(v.name(), 64) + "(" + (i + 1) + ") = " + d + " is not a whole number; "
                        + "labels must be integers 0..K-1 (or 1..K with --label-mapping last-to-zero)");
            }
            if (d < 0) {
                throw new DataException(file + ": " + Text.printable(v.name(), 64) + "(" + (i + 1) + ") = " + (long) d + " is negative; "
                        + "labels must be integers 0..K-1 (or 1..K with --label-mapping last-to-zero)");
            }
            if (d > MAX_CLASSES) {
                throw new DataException(file + ": " + Text.printable(v.name(), 64) + "(" + (i + 1) + ") = " + wholeText(d) + " is beyond "
                        + MAX_CLASSES + " classes; labels must be class indices, not raw values");
            }
            out[i] = (int) d;
        }
        return out;
    }
}
