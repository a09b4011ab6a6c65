package clnn.check;

import java.util.List;

/**
 * One op, described once (CLBlast's way): its name, its case list and its tolerance. The same list
 * drives the op's parity tests (OpenCL and the CPU twins against the reference), {@code engine
 * selftest} ({@link ParityCheck}) and the op's JMH benchmark, which names cases by {@link OpCase#name}.
 */
public interface OpDescription<C extends OpCase> {
    /** The op's one spelling: gemm, softmax_cross_entropy, adam, dense_tail. */
    String name();

    /** Every case, in a fixed order with fixed seeds. */
    List<C> cases();

    /** How close a backend must come to the reference on this case. */
    Tolerance tolerance(C c);

    /** The case called {@code name}, for a benchmark parameter; fails naming the op and a few valid names. */
    default C named(String caseName) {
        for (C c : cases()) {
            if (c.name().equals(caseName)) return c;
        }
        List<String> some = cases().stream().map(OpCase::name).limit(5).toList();
        throw new IllegalArgumentException(name() + " has no case named '" + caseName + "' (" + cases().size()
                + " cases, e.g. " + some + ")");
    }
}
