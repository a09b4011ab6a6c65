package clnn.data.mat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a read found in a MAT file: the variables in file order (every one that was asked for, and
 * the headers of the others up to a cap, so a file of millions of tiny variables cannot fill the
 * heap with their names) and how many variables the file holds in all.
 *
 * @param variables in file order; a repeated name as often as it occurs
 * @param count     the number of variables in the file, listed or not
 * @param floats    the variables read as row-major float32 by name (their entries in {@code variables}
 *                  are headers only)
 */
public record MatContents(List<MatVariable> variables, int count, Map<String, MatFloats> floats) {
    /**
     * Copies {@code floats}, so the contents cannot change behind a reader.
     *
     * @param variables in file order
     * @param count     the number of variables in the file
     * @param floats    the variables read as float32, by name
     */
    public MatContents {
        floats = Map.copyOf(floats);
    }

    /**
     * Contents with no variable read as float32.
     *
     * @param variables in file order
     * @param count     the number of variables in the file
     */
    public MatContents(List<MatVariable> variables, int count) {
        this(variables, count, Map.of());
    }

    /**
     * The variables by name.
     *
     * @return a new map in file order, holding the first of a repeated name
     */
    public Map<String, MatVariable> byName() {
        Map<String, MatVariable> out = new LinkedHashMap<>();
        for (MatVariable v : variables) out.putIfAbsent(v.name(), v);
        return out;
    }

    /**
     * Variables the file holds beyond those listed (the header cap), for "and N more" in messages.
     *
     * @return {@code count} minus the variables listed
     */
    public int unlisted() {
        return count - variables.size();
    }
}
