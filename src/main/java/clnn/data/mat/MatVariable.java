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
 *
 * @param name        the variable's name as stored (escape it before printing: see {@link #describe()})
 * @param matlabClass MATLAB's class name: "double", "uint8", "char", "cell", "struct", "sparse", ...
 * @param dims        the dimensions as stored
 * @param complex     whether the array has an imaginary part
 * @param sparse      whether the array is sparse
 * @param values      the real part, column-major, or null (see above)
 * @param text        the first row of a char array, or null
 */
public record MatVariable(String name, String matlabClass, int[] dims, boolean complex, boolean sparse,
                          double[] values, String text) {

    /**
     * The size, the way MATLAB's whos prints it.
     *
     * @return the dimensions joined by "x", such as "5000x400"
     */
    public String shape() {
        return shape(dims);
    }

    static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /**
     * Whether the values (or the text) were read.
     *
     * @return false for a variable only listed by its header, or one of a kind clnn does not read
     */
    public boolean loaded() {
        return values != null || text != null;
    }

    /**
     * The class with the flags that matter, for messages.
     *
     * @return such as "double", "double complex" or "sparse"
     */
    public String kind() {
        return matlabClass + (complex ? " complex" : "") + (sparse && !matlabClass.equals("sparse") ? " sparse" : "");
    }

    /**
     * The variable for messages; a name from a file is escaped for the terminal.
     *
     * @return such as "X (5000x400 double)"
     */
    public String describe() {
        return Text.printable(name, 64) + " (" + shape() + " " + kind() + ")";
    }

    /**
     * Whether the variable can be used as numbers (a real, dense, numeric array that was read).
     *
     * @return true when {@code values} is present
     */
    public boolean isNumeric() {
        return values != null;
    }

    /**
     * The first dimension: samples, for a data set's X or y.
     *
     * @return {@code dims[0]}
     */
    public int rows() {
        return dims[0];
    }

    /**
     * The product of the other dimensions: features per sample, for a data set's X.
     *
     * @return the product of {@code dims[1..]}; may overflow for a hostile header (see {@link #elementCount()})
     */
    public int cols() {
        int c = 1;
        for (int i = 1; i < dims.length; i++) c *= dims[i];
        return c;
    }

    /**
     * The number of elements, in long so a hostile header cannot wrap it.
     *
     * @return the product of every dimension
     */
    public long elementCount() {
        long n = 1;
        for (int d : dims) n *= d;
        return n;
    }

    /**
     * Element (r, c) of a 2-D numeric variable; MAT files are column-major.
     *
     * @param r 0-based row
     * @param c 0-based column
     * @return {@code values[c * rows + r]}
     */
    public double at(int r, int c) {
        return values[c * dims[0] + r];
    }
}
