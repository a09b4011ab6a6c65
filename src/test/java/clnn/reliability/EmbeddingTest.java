package clnn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clnn.Activation;
import clnn.Adam;
import clnn.Dense;
import clnn.Device;
import clnn.FitOptions;
import clnn.Input;
import clnn.Loss;
import clnn.Sequential;
import clnn.backend.BackendCounters;
import clnn.backend.opencl.ClDevice;
import clnn.backend.opencl.OpenClDevices;
import clnn.data.Dataset;
import clnn.data.DatasetLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine inside a service: many threads predicting, two models training at once, nothing left behind. */
class EmbeddingTest {
    static Dataset digits;

    @BeforeAll
    static void load() {
        digits = DatasetLoader.defaults().load(Path.of("data/digits-train.mat")).data();
    }

    static Sequential model() {
        return new Sequential(new Input(400), new Dense(25, Activation.RELU), new Dense(15, Activation.RELU),
                new Dense(10, Activation.LINEAR));
    }

    static float[][] rows(int from, int count) {
        float[][] r = new float[count][400];
        for (int i = 0; i < count; i++) System.arraycopy(digits.x(), (from + i) * 400, r[i], 0, 400);
        return r;
    }

    @Test
    void predictFromEightThreadsMatchesSingleThreaded() throws Exception {
        try (Sequential m = model()) {
            m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam());
            m.fit(digits, new FitOptions().epochs(2).verbose(0));
            float[][][] inputs = new float[8][][];
            float[][][] expected = new float[8][][];
            for (int t = 0; t < 8; t++) {
                inputs[t] = rows(t * 600, 1 + t * 7);
                expected[t] = m.predict(inputs[t]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        float[][] got = m.predict(inputs[id]);
                        for (int r = 0; r < got.length; r++) assertArrayEquals(expected[id][r], got[r]);
                    }
                    return id;
                }));
            }
            for (Future<Integer> f : done) f.get(120, TimeUnit.SECONDS);
            pool.shutdown();
        }
    }

    @Test
    void twoModelsTrainAtOnceOnDifferentBackends() throws Exception {
        ClDevice device = OpenClDevices.testDevice();
        Device cl = Device.parse("opencl:" + device.index());
        float[][] alone = new float[2][];
        for (int i = 0; i < 2; i++) {
            try (Sequential m = model()) {
                m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(), i == 0 ? Device.cpu() : cl);
                m.fit(digits, new FitOptions().epochs(3).verbose(0));
                alone[i] = m.flatParams();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<float[]>> together = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Device d = i == 0 ? Device.cpu() : cl;
            together.add(pool.submit(() -> {
                try (Sequential m = model()) {
                    m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(), d);
                    m.fit(digits, new FitOptions().epochs(3).verbose(0));
                    return m.flatParams();
                }
            }));
        }
        assertArrayEquals(alone[0], together.get(0).get(300, TimeUnit.SECONDS), "CPU model, trained beside another");
        assertArrayEquals(alone[1], together.get(1).get(300, TimeUnit.SECONDS), "OpenCL model, trained beside another");
        pool.shutdown();
    }

    @Test
    void trainingAndClosingAHundredTimesReleasesEverything() {
        ClDevice device = OpenClDevices.testDevice();
        Dataset small = digits.select(java.util.stream.IntStream.range(0, 200).map(i -> i * 25).toArray(), "small");
        Runtime rt = Runtime.getRuntime();
        long heapAt10 = 0;
        for (int i = 0; i < 100; i++) {
            BackendCounters counters;
            try (Sequential m = model()) {
                m.compile(Loss.sparseCategoricalCrossentropy(true), new Adam(), Device.parse("opencl:" + device.index()));
                m.fit(small, new FitOptions().epochs(1).verbose(0));
                m.evaluate(small);
                counters = m.backend().counters();
            }
            assertEquals(0, counters.liveArrays(), "round " + i + ": device arrays left after close");
            assertEquals(0, counters.liveBytes(), "round " + i);
            if (i == 10 || i == 99) {
                System.gc();
                long used = rt.totalMemory() - rt.freeMemory();
                if (i == 10) heapAt10 = used;
                else assertTrue(used - heapAt10 < 32L << 20, "heap grew " + ((used - heapAt10) >> 20) + " MB in 90 rounds");
            }
        }
    }
}
