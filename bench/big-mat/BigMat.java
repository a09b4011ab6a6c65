import clnn.data.mat.MatFile;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a ROWS x COLS double X (pixel-like values k/255 from a seeded generator) and a uint8 y
 * (row % 10) with clnn's own MAT writer, as MATLAB's save -v7 would: compressed. Run by
 * bench/big-mat.sh as a source-file program on the engine jar:
 *   java -Xmx3g -cp target/engine.jar bench/big-mat/BigMat.java OUT.mat ROWS COLS
 */
public final class BigMat {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        int cols = Integer.parseInt(args[2]);
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(256) / 255.0;
        byte[] y = new byte[rows];
        for (int r = 0; r < rows; r++) y[r] = (byte) (r % 10);
        new MatFile.Writer().doubles("X", rows, cols, x).uint8Column("y", y).writeAtomically(out);
        System.out.println("wrote " + out + ": X " + rows + "x" + cols + " double, y " + rows + "x1 uint8");
    }
}
