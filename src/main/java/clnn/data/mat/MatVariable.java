package clnn.data.mat;

import clnn.Text;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One variable of a MAT file as clnn sees it: name, MATLAB class and dimensions, plus its numeric
 * contents (real part, column-major, as MATLAB stores it) when it is a plain numeric array.
 *
 * <p>{@code values} is null for anything that is not a real, dense, numeric array (char, cell,
 * struct, sparse, complex), and for a variable that was only listed (not asked for): callers say why
 * such a variable cannot be used. {@code text} holds the first row of a char array and is null
 * otherwise. Integer classes are read signed or unsigned as stored (a uint64 above 2^63 stays positive).
 */
public record MatVariable(String name, String matlabClass, int[] dims, boolean complex, boolean sparse,
                          double[] values, String text) {

    /** "5000x400", the way MATLAB's whos prints a size. */
    public String shape() {
        return shape(dims);
    }

    static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** Whether the values (or the text) were read; false for a variable only listed by its header. */
    public boolean loaded() {
        return values != null || text != null;
    }

    /** "double", "double complex", "sparse": the class with the flags that matter. */
    public String kind() {
        return matlabClass + (complex ? " complex" : "") + (sparse && !matlabClass.equals("sparse") ? " sparse" : "");
    }

    /** "X (5000x400 double)", for messages; a name from a file is escaped for the terminal. */
    public String describe() {
        return Text.printable(name, 64) + " (" + shape() + " " + kind() + ")";
    }

    public boolean isNumeric() {
        return values != null;
    }

    public int rows() {
        return dims[0];
    }

    public int cols() {
        int c = 1;
        for (int i = 1; i < dims.length; i++) c *= dims[i];
        return c;
    }

    public long elementCount() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /** Element (r, c) of a 2-D numeric variable; MAT files are column-major. */
    public double at(int r, int c) {
        return values[c * dims[0] + r];
    }
}
