package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.DeviceException;
import clnn.backend.DeviceFloats;
import clnn.backend.Epilogue;
import clnn.backend.Operand;
import clnn.backend.opencl.KernelContract.EpilogueCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract between kernels/*.cl and the launchers: every kernel's parameter list, read from its
 * source, matches its Java descriptor name by name and in order (so a reordered parameter fails
 * here instead of silently shifting arguments); the codes exist only on the Java side; a kernel
 * built without them stops with an #error that names them.
 */
class KernelContractTest {
    /** Each kernel of kernels/*.cl and the enum naming its parameters. */
    private static final Map<String, Class<? extends Enum<?>>> DESCRIPTORS = Map.of(
            "gemm_simple", GemmLauncher.Arg.class,
            "gemm_tiled", GemmLauncher.Arg.class,
            "gemm_rowvec", GemmLauncher.Arg.class,
            "gemm_colvec", GemmLauncher.Arg.class,
            "gemm_blocked", GemmLauncher.Arg.class,
            "softmax_cross_entropy", SoftmaxCrossEntropyLauncher.Arg.class,
            "dense_tail", DenseTailLauncher.Arg.class,
            "adam", AdamLauncher.Arg.class,
            "gather_rows", GatherRowsLauncher.Arg.class,
            "train_steps", TrainStepsLauncher.Arg.class);

    private static final Pattern KERNEL =
            Pattern.compile("\\bkernel\\s+(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?void\\s+(\\w+)\\s*\\(", Pattern.DOTALL);

    @Test
    void everyKernelsParametersMatchItsDescriptorInOrder() throws IOException {
        Map<String, List<String>> kernels = kernels();
        assertEquals(DESCRIPTORS.keySet(), kernels.keySet(), "each kernel in kernels/*.cl has a descriptor and back");
        int compared = 0;
        for (Map.Entry<String, List<String>> e : kernels.entrySet()) {
            List<String> expected = new ArrayList<>();
            for (Enum<?> c : DESCRIPTORS.get(e.getKey()).getEnumConstants()) {
                expected.add(((KernelContract.Arg) c).clName());
            }
            assertEquals(expected, e.getValue(), e.getKey() + ": the .cl parameters vs "
                    + DESCRIPTORS.get(e.getKey()).getName() + " (same names, same order)");
            compared += expected.size();
        }
        // 5 GEMM kernels x 24 + softmax_cross_entropy 14 + dense_tail 33 + adam 9 + gather_rows 8 + train_steps 16:
        // a kernel cannot escape unchecked.
        assertEquals(5 * 24 + 14 + 33 + 9 + 8 + 16, compared, "parameters compared");
    }

    @Test
    void theTailDepthIsFixedBySignatureOnBothSides() throws IOException {
        String src = strip(read("dense_tail.cl"));
        assertFalse(src.contains("#ifndef MAX_TAIL"), "MAX_TAIL is not a tuning parameter");
        Matcher m = Pattern.compile("#define MAX_TAIL (\\d+)").matcher(src);
        assertTrue(m.find(), "dense_tail.cl defines MAX_TAIL");
        assertEquals(DenseTailLauncher.MAX_TAIL, Integer.parseInt(m.group(1)));
        List<String> params = kernels().get("dense_tail");
        for (int t = 0; t < DenseTailLauncher.MAX_TAIL; t++) assertTrue(params.contains("a" + t), "group " + t);
        assertFalse(params.contains("a" + DenseTailLauncher.MAX_TAIL), "no group past MAX_TAIL");
    }

    @Test
    void theNetworkDepthIsFixedByTheKernelsLayerBlocksOnBothSides() throws IOException {
        String src = strip(read("train_steps.cl"));
        assertFalse(src.contains("#ifndef MAX_LAYERS"), "MAX_LAYERS is not a tuning parameter");
        Matcher m = Pattern.compile("#define MAX_LAYERS (\\d+)").matcher(src);
        assertTrue(m.find(), "train_steps.cl defines MAX_LAYERS");
        assertEquals(TrainStepsLauncher.MAX_LAYERS, Integer.parseInt(m.group(1)));
        for (int l = 2; l <= TrainStepsLauncher.MAX_LAYERS; l++) {
            for (String phase : new String[] {"FORWARD", "BACKWARD", "UPDATE"}) {
                assertTrue(src.contains("#if L >= " + l + "\n        " + phase + "(" + l + ", " + (l - 1) + ")"),
                        phase + " block of layer " + l);
            }
        }
        assertFalse(src.contains("L >= " + (TrainStepsLauncher.MAX_LAYERS + 1)), "no block past MAX_LAYERS");
    }

    @Test
    void theCodesAreWrittenOnlyOnTheJavaSide() throws IOException {
        String defines = KernelContract.DEFINES;
        for (Activation a : Activation.values()) {
            assertTrue(defines.contains("-DACT_" + a.name() + "=" + KernelContract.code(a) + " ")
                    || defines.endsWith("-DACT_" + a.name() + "=" + KernelContract.code(a)), defines);
        }
        for (EpilogueCode e : EpilogueCode.values()) assertTrue(defines.contains("-DEPI_" + e.name() + "=" + e.code()), defines);
        assertEquals(EpilogueCode.NONE, EpilogueCode.of(Epilogue.NONE));
        Operand o = new Operand(new DeviceFloats() {
            @Override
            public String name() {
                return "x";
            }

            @Override
            public int length() {
                return 1;
            }

            @Override
            public void close() {
            }
        }, 0, 1);
        assertEquals(EpilogueCode.BIAS_ACT, EpilogueCode.of(new Epilogue.BiasActivation(o, Activation.RELU)));
        assertEquals(EpilogueCode.ACT_GRAD, EpilogueCode.of(new Epilogue.ActivationGradient(o, Activation.RELU)));
        assertEquals(EpilogueCode.BIAS_GRAD, EpilogueCode.of(new Epilogue.BiasGradient(o)));
        for (Path f : files()) {
            String src = strip(Files.readString(f));
            assertFalse(Pattern.compile("#define\\s+(ACT|EPI)_").matcher(src).find(), f + " keeps a second copy of a code");
        }
    }

    @Test
    void aKernelBuiltWithoutTheCodesNamesWhatIsMissing() throws IOException {
        ClDevice device = OpenClDevices.testDevice();
        try (ClContext ctx = new ClContext(device)) {
            String act = read("activations.cl");
            DeviceException e = assertThrows(DeviceException.class,
                    () -> ClProgram.compile(ctx, act, "kernels/activations.cl", ""));
            assertTrue(e.getMessage().contains("ACT_RELU"), e.getMessage());
            String gemm = act + read("gemm.cl");
            String actOnly = KernelContract.DEFINES.replaceAll("-DEPI_\\w+=\\d+", "").trim();
            e = assertThrows(DeviceException.class, () -> ClProgram.compile(ctx, gemm, "kernels/gemm.cl", actOnly));
            assertTrue(e.getMessage().contains("EPI_BIAS_ACT"), e.getMessage());
            // train_steps.cl takes its network only as -D options (TrainStepsLauncher.plan), and says so without them.
            String steps = act + read("train_steps.cl");
            e = assertThrows(DeviceException.class,
                    () -> ClProgram.compile(ctx, steps, "kernels/train_steps.cl", KernelContract.DEFINES));
            assertTrue(e.getMessage().contains("TrainStepsLauncher.plan") && e.getMessage().contains("-D options"),
                    e.getMessage());
        }
    }

    /** Every kernel's parameter names, in order, from kernels/*.cl (GEMM_ARGS-style macros expanded). */
    private static Map<String, List<String>> kernels() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Path f : files()) {
            String src = strip(Files.readString(f));
            Matcher m = KERNEL.matcher(src);
            while (m.find()) {
                int open = m.end();
                int close = src.indexOf(')', open);
                String params = src.substring(open, close).trim();
                if (params.matches("\\w+")) params = macro(src, params);
                List<String> names = new ArrayList<>();
                for (String p : params.split(",")) {
                    String[] words = p.trim().split("[\\s*]+");
                    names.add(words[words.length - 1]);
                }
                assertFalse(out.containsKey(m.group(1)), "kernel " + m.group(1) + " defined twice");
                out.put(m.group(1), names);
            }
        }
        return out;
    }

    private static String macro(String src, String name) {
        Matcher m = Pattern.compile("#define " + name + "\\s((?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(src);
        assertTrue(m.find(), "macro " + name);
        return m.group(1).replace("\\\n", " ");
    }

    /** The source without comments. */
    private static String strip(String src) {
        return src.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", "");
    }

    /** The sources themselves (Maven runs tests in the project folder), not a copy that may be stale. */
    private static Path dir() {
        Path d = Path.of("kernels");
        assertTrue(Files.isRegularFile(d.resolve("gemm.cl")), "run from the project folder: " + d.toAbsolutePath());
        return d;
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> l = new ArrayList<>(s.filter(p -> p.toString().endsWith(".cl")).sorted().toList());
            assertEquals(Arrays.asList("activations.cl", "adam.cl", "cross_entropy.cl", "dense_tail.cl", "gather_rows.cl",
                    "gemm.cl", "softmax_cross_entropy.cl", "train_steps.cl"),
                    l.stream().map(p -> p.getFileName().toString()).toList(), "kernel files");
            return l;
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(dir().resolve(file));
    }
}
