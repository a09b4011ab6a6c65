package clnn.check;

import java.util.List;

/**
 * One op, described once (CLBlast's way): its name, its case list and its tolerance. The same list
 * drives the op's parity tests (OpenCL and the CPU twins against the reference), {@code engine
 * selftest} ({@link ParityCheck}) and the op's JMH benchmark, which names cases by {@link OpCase#name}.
 *
 * @param <C> the op's case type
 */
public interface OpDescription<C extends OpCase> {
    /**
     * The op's one spelling, in reports and benchmark names.
     *
     * @return gemm, softmax_cross_entropy, adam, dense_tail or train_steps
     */
    String name();

    /**
     * Every case, in a fixed order with fixed seeds.
     *
     * @return the same unmodifiable list on every call
     */
    List<C> cases();

    /**
     * How close a backend must come to the reference on a case.
     *
     * @param c one of {@link #cases()}
     * @return the tolerance (most ops have one for every case; softmax's grows with the rows)
     */
    Tolerance tolerance(C c);

    /**
     * The case called {@code caseName}, for a benchmark parameter.
     *
     * @param caseName an {@link OpCase#name}
     * @return the case
     * @throws IllegalArgumentException naming the op and a few valid names when there is no such case
     */
    default C named(String caseName) {
        for (C c : cases()) {
            if (c.name().equals(caseName)) return c;
        }
        List<String> some = cases().stream().map(OpCase::name).limit(5).toList();
        throw new IllegalArgumentException(name() + " has no case named '" + caseName + "' (" + cases().size()
                + " cases, e.g. " + some + ")");
    }
}
