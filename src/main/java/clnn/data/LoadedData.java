package clnn.data;

/**
 * A data set plus what the loader did to it, so the command line can say so.
 *
 * @param data           the validated data set
 * @param labels         which stored label was mapped to class 0 (LabelRemap.NONE when labels were used as stored)
 * @param mappingMessage one line saying which label mapping was applied and why
 */
public record LoadedData(Dataset data, LabelRemap labels, String mappingMessage) {
}
