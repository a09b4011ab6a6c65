import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Path;

/**
 * Loads a MAT file's X and y the way train does (DatasetLoader.defaults()) and prints the time the
 * load took inside the JVM; bench/big-mat.sh runs it under /usr/bin/time for the process's peak RSS.
 * It touches nothing but the loader's public API, so it runs against older engine jars too.
 */
public final class LoadOnly {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Dataset d = DatasetLoader.defaults().load(Path.of(args[0])).data();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.out.println("loaded " + d.rows() + "x" + d.features() + " in " + ms + " ms; heap in use "
                + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB of " + rt.maxMemory() / (1 << 20) + " MiB");
    }
}
