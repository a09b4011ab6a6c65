package clnn.data;

import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLInt32;
import com.jmatio.types.MLUInt8;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Small MAT files written by the tests, with JMatIO directly so any shape or class can be made. */
public final class MatFixtures {
    private MatFixtures() {
    }

    /** rows x cols doubles, value(r, c) = r + c / 100. */
    public static MLDouble matrix(String name, int rows, int cols) {
        double[] colMajor = new double[rows * cols];
        for (int c = 0; c < cols; c++) for (int r = 0; r < rows; r++) colMajor[c * rows + r] = r + c / 100.0;
        return new MLDouble(name, colMajor, rows);
    }

    public static MLDouble doubles(String name, int rows, double... colMajor) {
        return new MLDouble(name, colMajor, rows);
    }

    public static MLUInt8 uint8(String name, int rows, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
        return new MLUInt8(name, b, rows);
    }

    public static MLInt32 int32(String name, int rows, int... values) {
        return new MLInt32(name, values, rows);
    }

    public static Path write(Path file, MLArray... arrays) throws IOException {
        new MatFileWriter(file.toFile(), List.of(arrays));
        return file;
    }
}
