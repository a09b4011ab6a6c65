package clnn;

import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.opencl.ClDevice;
import clnn.backend.opencl.GemmTuner;
import clnn.backend.opencl.GemmTuning;
import clnn.backend.opencl.OpenCl;
import clnn.check.LossTrace;
import clnn.check.ParityCheck;
import clnn.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The devices this machine offers and whether to trust them, for callers above the API (the command
 * line) that must not reach into the backends: the OpenCL devices as {@code --device opencl:N}
 * numbers them, and the selftest of one device against the reference.
 */
public final class Devices {
    private Devices() {
    }

    /**
     * Starts compiling the CPU path's fused training steps on a background thread, when {@code device} is the CPU and
     * this JVM runs the Vector API twin (else nothing happens): Vector API code runs tens of times slower until the
     * JIT has compiled it, so a caller that is about to read data and then train on the CPU calls this first and the
     * compiling overlaps the reading. It touches no data and changes no result; a later fit starts it anyway.
     * {@code auto} counts as the CPU (it is, wherever there is no GPU; where there is one, the bounded warm-up of one
     * daemon thread costs the GPU nothing).
     *
     * @param device the device the caller is about to train on
     * @throws ModelException when {@code device} is null
     */
    public static void warmUpCpu(Device device) {
        if (device == null) throw new ModelException("warmUpCpu: the device is null; pass Device.cpu() or another");
        if (device.kind() == Device.Kind.CPU || device.kind() == Device.Kind.AUTO) {
            clnn.backend.cpu.CpuTwins.warmUpFusedSteps();
        }
    }

    /**
     * One line per OpenCL device ("[0] NAME (CPU, Portable Computing Language) 8 compute units, ..."),
     * numbered as {@code Device.parse("opencl:N")} takes them.
     *
     * @return one description per device, each followed by an indented line on its GEMM tuning
     * @throws DeviceException when OpenCL is not available, saying which part is missing
     */
    public static List<String> openCl() {
        return OpenCl.devices().stream().map(d -> d.describe() + "\n      " + GemmTuning.status(d)).toList();
    }

    /**
     * engine tune: times the GEMM kernel's configurations on OpenCL device {@code index} (numbered as
     * {@link #openCl} numbers them; -1 for the first GPU, else device 0) on the shapes the networks
     * run, and saves the fastest per shape class in the user's cache folder, where every later
     * backend on this device and driver finds it. Reports one line per shape class.
     *
     * @param index         the OpenCL device's number, or -1 for the first GPU (else device 0)
     * @param budgetSeconds the tuner starts no new configuration after this long, at least 1
     * @param report        receives the progress and result lines
     * @throws ModelException  when {@code report} is null or the budget is below 1 second
     * @throws DeviceException when there is no such device, or the cache cannot be written
     */
    public static void tune(int index, long budgetSeconds, Consumer<String> report) {
        if (report == null) throw new ModelException("tune: the report must not be null");
        if (budgetSeconds < 1) throw new ModelException("tune: the budget must be at least 1 second, got " + budgetSeconds);
        List<ClDevice> all = OpenCl.devices();
        if (all.isEmpty()) throw new DeviceException("no OpenCL device found; install a driver (ICD)");
        if (index >= all.size() || index < -1) {
            throw new DeviceException("no OpenCL device " + index + "; 'java -jar engine.jar devices' lists " + all.size()
                    + " (0.." + (all.size() - 1) + ")");
        }
        ClDevice d = index >= 0 ? all.get(index) : all.stream().filter(ClDevice::gpu).findFirst().orElse(all.get(0));
        GemmTuner.tuneAndSave(d, budgetSeconds, report);
    }

    /**
     * Checks a device against the plain-Java reference (engine selftest): every op on its one case
     * list (gemm, softmax_cross_entropy, adam, dense_tail) and a loss trace of {@code epochs} epochs
     * of the reference network on {@code data}. The device is opened once. Reports one line per op
     * family to {@code report}.
     *
     * @param device the device to check
     * @param data   the data the loss trace trains on (its features and classes size the network)
     * @param epochs the loss trace's epochs, at least 1
     * @param report receives one line per op family
     * @return true when everything agrees within the documented tolerances
     * @throws ModelException  when an argument is null or {@code epochs} is below 1
     * @throws DeviceException when the device cannot be opened
     */
    public static boolean selftest(Device device, Dataset data, int epochs, Consumer<String> report) {
        if (device == null || data == null || report == null) {
            throw new ModelException("selftest: the device, the data and the report must not be null");
        }
        if (epochs < 1) throw new ModelException("selftest: epochs must be at least 1, got " + epochs);
        try (Backend test = Backends.open(device, report); Backend reference = Backends.reference()) {
            report.accept("selftest of " + test.description() + " against " + reference.description());
            List<ParityCheck.Family> families = new ArrayList<>(ParityCheck.run(reference, test));
            LossTrace trace = LossTrace.reference(data.features(), data.classes(), epochs);
            families.add(ParityCheck.trace(reference, test, trace, data));
            boolean ok = true;
            for (ParityCheck.Family f : families) {
                report.accept("  " + f.line());
                ok &= f.ok();
            }
            return ok;
        }
    }
}
