package clnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses to write over a command's own input: "show --data x.mat --out x.mat" would have replaced
 * the data with a PNG. Compared as files (Files.isSameFile: real paths, symbolic and hard links),
 * not as spellings.
 */
final class Outputs {
    private Outputs() {
    }

    /**
     * @param inputs option name -> file (null entries are skipped)
     * @param output a file the command is about to write
     */
    static void notAnInput(Map<String, Path> inputs, Path output, String outputOption) {
        if (!Files.exists(output)) return; // a file that does not exist yet cannot be one of the inputs
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            Path p = in.getValue();
            if (p == null || !Files.exists(p)) continue;
            boolean same;
            try {
                same = Files.isSameFile(p, output);
            } catch (IOException e) {
                same = false; // unreadable: the input's own read reports it
            }
            if (same) {
                throw new BadOption(outputOption + " " + output + " is the " + in.getKey() + " file " + p
                        + "; writing it would destroy the input: choose another " + outputOption);
            }
        }
    }
}
