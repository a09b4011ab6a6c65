package clnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.backend.AdamUpdate;
import clnn.backend.Backend;
import clnn.check.AdamOp;
import clnn.check.OpDescription;
import clnn.check.Ops;
import clnn.check.ParityCheck;
import clnn.backend.cpu.CpuBackend;
import clnn.backend.cpu.FastCpuBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** engine selftest: every op's whole case list and the trace, on one opened device; and that it can fail. */
class SelftestCommandTest {
    @Test
    void checksEveryOpsCaseListAndTheTraceOnTheCpuPath() {
        CliRun r = CliRun.of("selftest", "--device", "cpu", "--epochs", "1");
        assertEquals(0, r.exitCode(), r.toString());
        for (OpDescription<?> op : Ops.all()) {
            String line = String.format(Locale.ROOT, "%-22s %4d cases  ok", op.name(), op.cases().size());
            assertTrue(r.out().contains(line), "'" + line + "' in " + r);
        }
        assertTrue(r.out().contains("1-epoch loss trace") && r.out().strip().endsWith("selftest passed"), r.toString());
    }

    @Test
    void aBackendThatDisagreesFailsAndIsNamed() {
        try (Backend reference = new CpuBackend(); Backend fast = new FastCpuBackend()) {
            // Adam with its step number off by one: a plausible launcher bug, small but systematic.
            Backend broken = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, m, args) -> {
                        if (m.getName().equals("adam")) args = new Object[] {(AdamUpdate) args[0], (long) args[1] + 1};
                        try {
                            return m.invoke(fast, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            ParityCheck.Family f = ParityCheck.check(AdamOp.INSTANCE, reference, broken);
            assertFalse(f.ok(), f.line());
            assertEquals(AdamOp.INSTANCE.cases().size(), f.failures(), f.line());
            assertTrue(f.line().contains("FAIL") && f.line().contains("count=") && f.line().contains("ulp"), f.line());
        }
    }
}
