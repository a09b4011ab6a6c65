package clnn.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import clnn.DeviceException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device the tests run on: CLNN_TEST_DEVICE=N picks device N of 'java -jar engine.jar devices',
 * otherwise the first GPU, otherwise the first device (PoCL on CI). Where there is no OpenCL the
 * tests are skipped, except when CI=true: there a missing device fails the run, so CI can never
 * pass with the OpenCL tests silently skipped.
 */
public final class OpenClDevices {
    private OpenClDevices() {
    }

    public static ClDevice testDevice() {
        String reason;
        try {
            List<ClDevice> all = OpenCl.devices();
            if (!all.isEmpty()) {
                String pick = System.getenv("CLNN_TEST_DEVICE");
                if (pick != null && !pick.isBlank()) return all.get(Integer.parseInt(pick.trim()));
                return all.stream().filter(ClDevice::gpu).findFirst().orElse(all.get(0));
            }
            reason = "no OpenCL devices";
        } catch (DeviceException e) {
            reason = e.getMessage();
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but no OpenCL device is usable, so the OpenCL tests cannot run: " + reason);
        }
        Assumptions.abort("OpenCL tests skipped: " + reason);
        throw new AssertionError("unreachable");
    }

    public static OpenClBackend open() {
        return OpenClBackend.open(testDevice());
    }
}
