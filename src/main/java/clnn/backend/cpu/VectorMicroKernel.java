package clnn.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockedGemm}'s micro-kernel with the Vector API, for {@link VectorCpuBackend}: an 8 x 2L tile
 * (8 x 32 with AVX-512) held in 16 vector registers for the whole k block. Each step of p loads two
 * vectors of B and broadcasts eight values of A: 16 FMAs for 10 loads, so the two FMA ports, not the
 * loads, are the limit, and 16 independent accumulators cover the FMA latency (4 cycles x 2 ports
 * needs at least 8). Only the preferred species is used: mixing 256- and 512-bit vectors in one JDK 17
 * JVM is 15-20x slower.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void multiply(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] tile, boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, tile, 0);
            c01 = FloatVector.fromArray(S, tile, L);
            c10 = FloatVector.fromArray(S, tile, NR);
            c11 = FloatVector.fromArray(S, tile, NR + L);
            c20 = FloatVector.fromArray(S, tile, 2 * NR);
            c21 = FloatVector.fromArray(S, tile, 2 * NR + L);
            c30 = FloatVector.fromArray(S, tile, 3 * NR);
            c31 = FloatVector.fromArray(S, tile, 3 * NR + L);
            c40 = FloatVector.fromArray(S, tile, 4 * NR);
            c41 = FloatVector.fromArray(S, tile, 4 * NR + L);
            c50 = FloatVector.fromArray(S, tile, 5 * NR);
            c51 = FloatVector.fromArray(S, tile, 5 * NR + L);
            c60 = FloatVector.fromArray(S, tile, 6 * NR);
            c61 = FloatVector.fromArray(S, tile, 6 * NR + L);
            c70 = FloatVector.fromArray(S, tile, 7 * NR);
            c71 = FloatVector.fromArray(S, tile, 7 * NR + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        int a = aOff;
        int b = bOff;
        for (int p = 0; p < kc; p++, a += MR, b += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[a + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[a + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[a + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[a + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        // Vectors must not escape into objects (that would allocate): the lanes go to the tile array.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }
}
