package clnn.bench;

import clnn.Activation;
import clnn.Device;
import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import clnn.train.NetworkShape;
import java.nio.file.Path;

/**
 * What every benchmark shares: the device parameter ("cpu" is the Java CPU path; "opencl" is the
 * first OpenCL GPU, else the first OpenCL device, or device N with -Dclnn.opencl=N), the bundled
 * digits, and the reference network.
 */
final class BenchDevices {
    private BenchDevices() {
    }

    static Backend open(String device) {
        if (device.equals("cpu")) return Backends.open(Device.cpu(), s -> { });
        String n = System.getProperty("clnn.opencl");
        return Backends.open(Device.parse(n == null ? "opencl" : "opencl:" + n), s -> { });
    }

    static Dataset digits() {
        return DatasetLoader.defaults().load(Path.of(System.getProperty("clnn.data", "data/digits-train.mat"))).data();
    }

    static final NetworkShape REFERENCE = new NetworkShape(400, new int[] {25, 15, 10},
            new Activation[] {Activation.RELU, Activation.RELU, Activation.LINEAR});
}
