package clnn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.ClnnException;
import clnn.Device;
import clnn.DeviceException;
import clnn.backend.Backend;
import clnn.backend.Backends;
import clnn.backend.cpu.CpuTwins.Choice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one switch: {@code -Dclnn.cpu} and the Vector API module decide which CPU backend runs. */
class CpuTwinsTest {
    @Test
    void unsetMeansVectorWithTheModuleElseFast() {
        assertEquals(Choice.VECTOR, CpuTwins.choose(null, true));
        assertEquals(Choice.FAST, CpuTwins.choose(null, false));
        assertEquals(Choice.VECTOR, CpuTwins.choose(" ", true));
    }

    @Test
    void eachSettingGivesTheNamedBackend() {
        assertEquals(Choice.REFERENCE, CpuTwins.choose("reference", true));
        assertEquals(Choice.REFERENCE, CpuTwins.choose("reference", false));
        assertEquals(Choice.FAST, CpuTwins.choose("fast", true));
        assertEquals(Choice.FAST, CpuTwins.choose("FAST", false));
        assertEquals(Choice.VECTOR, CpuTwins.choose("vector", true));
        assertBackend("reference", CpuBackend.class);
        assertBackend("fast", FastCpuBackend.class);
        assertBackend("vector", VectorCpuBackend.class);
    }

    @Test
    void vectorWithoutTheModuleIsAOneLineRefusal() {
        ClnnException e = assertThrows(DeviceException.class, () -> CpuTwins.choose("vector", false));
        assertEquals("-Dclnn.cpu=vector needs the Vector API: start java with --add-modules jdk.incubator.vector, "
                + "or use -Dclnn.cpu=fast", e.getMessage());
    }

    @Test
    void anUnknownSettingNamesTheThree() {
        ClnnException e = assertThrows(DeviceException.class, () -> CpuTwins.choose("gpu", true));
        assertTrue(e.getMessage().startsWith("-Dclnn.cpu=gpu is not a CPU backend; use reference, fast or vector"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** Every CPU backend keeps its arrays on the heap, so memory estimates count them there. */
    @Test
    void everyCpuBackendHoldsHostArrays() {
        for (Choice c : Choice.values()) {
            try (Backend b = CpuTwins.open(c)) {
                assertTrue(b instanceof HostArrayBackend, b.description());
            }
        }
    }

    /** Through the property, as {@code java -Dclnn.cpu=... -jar engine.jar train --device cpu} sets it. */
    private static void assertBackend(String setting, Class<? extends Backend> expected) {
        String before = System.getProperty(CpuTwins.PROPERTY);
        System.setProperty(CpuTwins.PROPERTY, setting);
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open(Device.cpu(), notices::add)) {
            assertEquals(expected, b.getClass(), setting);
            assertEquals(List.of(), notices);
        } finally {
            if (before == null) System.clearProperty(CpuTwins.PROPERTY);
            else System.setProperty(CpuTwins.PROPERTY, before);
        }
    }
}
