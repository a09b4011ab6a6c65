package clnn.data;

import clnn.data.mat.MatContents;

/**
 * What {@link DatasetLoader#read} took from a data file, in any format, before validation: the
 * arrays in the MAT reader's forms (X as row-major float32, the labels as doubles) and the words
 * the loader's messages use for them.
 *
 * @param format   the file's format
 * @param contents the arrays read (and, for MAT and .npz, the others listed by their headers)
 * @param xName    the name of the features' array ("X"; "features" for CSV)
 * @param yName    the name of the labels' array ("y"; the label column for CSV)
 * @param xOption  the option that names the features ("--x-var"), for messages
 * @param yOption  the option that names the labels ("--y-var", "--label-column"), for messages
 * @param source   where the data came from, for messages and the data set ("data/digits-train.mat X/y")
 */
public record DataContents(DataFormat format, MatContents contents, String xName, String yName, String xOption,
                           String yOption, String source) {
}
