package clnn.backend.cpu;

import clnn.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link FusedMlp}, each small and static so that C2 compiles it early and whole (Vector
 * API code allocates and crawls until it is compiled, and a kernel that is inlined into a big caller may not be).
 *
 * <p>One species, {@link FloatVector#SPECIES_PREFERRED}, as every Vector API class of clnn uses: on JDK 17 a JVM
 * that mixes 256- and 512-bit species ran these kernels 15-20x slower (measured with a prototype).
 *
 * <p>Operand widths are padded to whole tiles of 2 vectors ({@link FusedLayout}), so no kernel has a remainder loop
 * and there is one kernel per product form, which also means fewer methods for C2 to compile before a fit is fast. The
 * products use FMA and sum over k in index order: another rounding than the reference's {@code sum += a * b}, within
 * the GEMM tolerance. Everything else (bias, activations, their derivatives, column sums, Adam) does the reference's
 * float operations in the reference's order, so given the same inputs it gives the reference's bits.
 */
final class FusedKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = S.length();

    private FusedKernels() {
    }

    /**
     * A register tile of 8 rows by 2 vectors: for i &lt; 8,
     * {@code c[cAt + (r0+i)*ldc + (0..2L)] = sum_{p<k} a[aBase[r0+i] + p] * b[bAt + p*ldb + (0..2L)]}.
     * 16 accumulators, two loads of b and eight broadcasts of a per p: the forward products and dA.
     */
    static void rows8x2(float[] a, int[] aBase, int r0, int k, float[] b, int bAt, int ldb, float[] c, int cAt,
                        int ldc) {
        int a0 = aBase[r0], a1 = aBase[r0 + 1], a2 = aBase[r0 + 2], a3 = aBase[r0 + 3];
        int a4 = aBase[r0 + 4], a5 = aBase[r0 + 5], a6 = aBase[r0 + 6], a7 = aBase[r0 + 7];
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0, bp = bAt; p < k; p++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        int at = cAt + r0 * ldc;
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, at += ldc);
        c11.intoArray(c, at + L);
        c20.intoArray(c, at += ldc);
        c21.intoArray(c, at + L);
        c30.intoArray(c, at += ldc);
        c31.intoArray(c, at + L);
        c40.intoArray(c, at += ldc);
        c41.intoArray(c, at + L);
        c50.intoArray(c, at += ldc);
        c51.intoArray(c, at + L);
        c60.intoArray(c, at += ldc);
        c61.intoArray(c, at + L);
        c70.intoArray(c, at += ldc);
        c71.intoArray(c, at + L);
    }

    /**
     * Eight rows of a weight gradient, 2 vectors wide, summed over the batch: for i &lt; 8 (row {@code k0 + min(i,
     * last)}, so a short last block repeats its last row and stores the same values again),
     * {@code out[oAt + row*ldo + (0..2L)] = sum_{r<rows} a[aAt[r] + row] * dz[dzAt + r*ldz + (0..2L)]}.
     * 16 accumulators, two loads of dZ and eight broadcasts of A per row of the batch. (Measured against 4 rows:
     * 15% faster on the reference network's 400 x 32.) Rows are stored in increasing order.
     */
    static void kRows8x2(float[] a, int[] aAt, int rows, int k0, int last, float[] dz, int dzAt, int ldz,
                         float[] out, int oAt, int ldo) {
        int o1 = Math.min(1, last), o2 = Math.min(2, last), o3 = Math.min(3, last), o4 = Math.min(4, last);
        int o5 = Math.min(5, last), o6 = Math.min(6, last), o7 = Math.min(7, last);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int r = 0, zr = dzAt; r < rows; r++, zr += ldz) {
            FloatVector d0 = FloatVector.fromArray(S, dz, zr);
            FloatVector d1 = FloatVector.fromArray(S, dz, zr + L);
            int base = aAt[r] + k0;
            FloatVector x = FloatVector.broadcast(S, a[base]);
            c00 = d0.fma(x, c00);
            c01 = d1.fma(x, c01);
            x = FloatVector.broadcast(S, a[base + o1]);
            c10 = d0.fma(x, c10);
            c11 = d1.fma(x, c11);
            x = FloatVector.broadcast(S, a[base + o2]);
            c20 = d0.fma(x, c20);
            c21 = d1.fma(x, c21);
            x = FloatVector.broadcast(S, a[base + o3]);
            c30 = d0.fma(x, c30);
            c31 = d1.fma(x, c31);
            x = FloatVector.broadcast(S, a[base + o4]);
            c40 = d0.fma(x, c40);
            c41 = d1.fma(x, c41);
            x = FloatVector.broadcast(S, a[base + o5]);
            c50 = d0.fma(x, c50);
            c51 = d1.fma(x, c51);
            x = FloatVector.broadcast(S, a[base + o6]);
            c60 = d0.fma(x, c60);
            c61 = d1.fma(x, c61);
            x = FloatVector.broadcast(S, a[base + o7]);
            c70 = d0.fma(x, c70);
            c71 = d1.fma(x, c71);
        }
        int at = oAt + k0 * ldo;
        c00.intoArray(out, at);
        c01.intoArray(out, at + L);
        c10.intoArray(out, at + o1 * ldo);
        c11.intoArray(out, at + o1 * ldo + L);
        c20.intoArray(out, at + o2 * ldo);
        c21.intoArray(out, at + o2 * ldo + L);
        c30.intoArray(out, at + o3 * ldo);
        c31.intoArray(out, at + o3 * ldo + L);
        c40.intoArray(out, at + o4 * ldo);
        c41.intoArray(out, at + o4 * ldo + L);
        c50.intoArray(out, at + o5 * ldo);
        c51.intoArray(out, at + o5 * ldo + L);
        c60.intoArray(out, at + o6 * ldo);
        c61.intoArray(out, at + o6 * ldo + L);
        c70.intoArray(out, at + o7 * ldo);
        c71.intoArray(out, at + o7 * ldo + L);
    }

    /**
     * The bias gradient: {@code out[oAt + j] = sum_{r<rows} dz[r*ld + j]} for j &lt; cols (a multiple of L), summed
     * from 0 in row order like the reference's column sums.
     */
    static void columnSums(float[] dz, int ld, int rows, int cols, float[] out, int oAt) {
        for (int j0 = 0; j0 < cols; j0 += L) {
            FloatVector s = FloatVector.zero(S);
            for (int r = 0, at = j0; r < rows; r++, at += ld) s = s.add(FloatVector.fromArray(S, dz, at));
            s.intoArray(out, oAt + j0);
        }
    }

    /**
     * The forward epilogue in place: {@code c[r][j] = act(c[r][j] + bias[j])} for rows &lt; rows. Relu is a compare
     * and blend ({@link Activation#apply}'s {@code z > 0 ? z : 0}, NaN included), linear an add, both over whole
     * padded rows; sigmoid goes through {@link Activation#apply} itself over the {@code width} real columns.
     */
    static void biasActivation(Activation act, float[] c, int ld, int rows, int width, float[] bias, int bAt) {
        if (act == Activation.SIGMOID) {
            for (int r = 0, at = 0; r < rows; r++, at += ld) {
                for (int j = 0; j < width; j++) c[at + j] = act.apply(c[at + j] + bias[bAt + j]);
            }
            return;
        }
        FloatVector zero = FloatVector.zero(S);
        boolean relu = act == Activation.RELU;
        for (int r = 0, at = 0; r < rows; r++, at += ld) {
            for (int j0 = 0; j0 < ld; j0 += L) {
                FloatVector z = FloatVector.fromArray(S, c, at + j0).add(FloatVector.fromArray(S, bias, bAt + j0));
                if (relu) z = zero.blend(z, z.compare(VectorOperators.GT, 0f));
                z.intoArray(c, at + j0);
            }
        }
    }

    /**
     * The backward epilogue in place: {@code d[r][j] *= act'(a[r][j])} for rows &lt; rows over whole padded rows,
     * the derivative taken from the output as {@link Activation#derivativeFromOutput} does (relu: 1 where a &gt; 0,
     * else 0, multiplied, so a NaN stays NaN; sigmoid: a (1 - a)). Linear multiplies by one: nothing to do.
     */
    static void timesDerivative(Activation act, float[] d, float[] a, int ld, int rows) {
        if (act == Activation.LINEAR) return;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        boolean relu = act == Activation.RELU;
        for (int r = 0, at = 0; r < rows; r++, at += ld) {
            for (int j0 = 0; j0 < ld; j0 += L) {
                FloatVector out = FloatVector.fromArray(S, a, at + j0);
                FloatVector f = relu ? zero.blend(one, out.compare(VectorOperators.GT, 0f)) : out.mul(one.sub(out));
                FloatVector.fromArray(S, d, at + j0).mul(f).intoArray(d, at + j0);
            }
        }
    }

    /**
     * Keras's Adam over {@code count} floats (a multiple of L), the reference's float operations in the reference's
     * order per element ({@link CpuBackend#adamOf}): m += (g - m)(1 - beta1); v += (g g - v)(1 - beta2);
     * w -= alpha m / (sqrt(v) + epsilon). No FMA, so the same bits.
     */
    static void adam(float[] w, float[] g, float[] m, float[] v, int count, float alpha, float oneMinusBeta1,
                     float oneMinusBeta2, float epsilon) {
        for (int i = 0; i < count; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i);
            FloatVector vv = FloatVector.fromArray(S, v, i);
            mv = mv.add(gv.sub(mv).mul(oneMinusBeta1));
            vv = vv.add(gv.mul(gv).sub(vv).mul(oneMinusBeta2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector step = mv.mul(alpha).div(vv.lanewise(VectorOperators.SQRT).add(epsilon));
            FloatVector.fromArray(S, w, i).sub(step).intoArray(w, i);
        }
    }
}
