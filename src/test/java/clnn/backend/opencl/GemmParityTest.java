package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.CoversOps;
import clnn.backend.OpParity;
import clnn.check.GemmOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gemm: every case of {@link GemmOp} (all transposes, epilogues, gathers, odd, reference and large
 * shapes) on OpenCL against the reference, once per kernel of gemm.cl: the device's policy picks one
 * kernel per shape, so each is forced in turn to make sure all of them are checked on whatever
 * device runs the tests.
 */
@CoversOps(ops = "gemm", backends = OpenClBackend.class)
class GemmParityTest {
    @ParameterizedTest
    @ValueSource(strings = {GemmLauncher.SIMPLE, GemmLauncher.TILED, GemmLauncher.ROWVEC, GemmLauncher.COLVEC})
    void everyCaseMatchesTheReference(String kernel) {
        int compared;
        try (OpenClBackend cl = OpenClDevices.open()) {
            cl.forceGemmKernel(kernel);
            compared = OpParity.assertEveryCase(GemmOp.INSTANCE, cl, "with " + kernel + " on " + cl.device().name());
            assertEquals(1, cl.counters().liveArrays(), "only the backend's own placeholder is left");
        }
        assertTrue(compared > 200, "compared " + compared);
    }

    /**
     * Every gemm_blocked configuration the tuner may pick, CPU and GPU lists, on every case: every
     * transpose form (NN; TN with the bias gradient and the gather, as dW; NT with the activation
     * gradient, as dA; TT), each through the program built for its form.
     */
    static java.util.stream.Stream<String> configurations() {
        return GemmConfig.CANDIDATES.stream().map(GemmConfig::toString);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("configurations")
    void everyTunableConfigurationMatchesTheReference(String spelled) {
        GemmConfig config = GemmConfig.parse(spelled);
        int compared;
        try (OpenClBackend cl = OpenClDevices.open()) {
            assertTrue(cl.fits(config), config + " fits the test device");
            cl.forceGemmConfig(config);
            compared = OpParity.assertEveryCase(GemmOp.INSTANCE, cl, "with gemm_blocked " + config + " on " + cl.device().name());
            // Every form ran through its own build of gemm_blocked (-DTA/-DTB), not the fixed kernels.
            assertEquals(java.util.Set.of("NN", "NT", "TN", "TT"), cl.gemmBlockedForms(), "forms built");
            assertEquals(1, cl.counters().liveArrays(), "only the backend's own placeholder is left");
        }
        assertTrue(compared > 200, "compared " + compared);
    }
}
