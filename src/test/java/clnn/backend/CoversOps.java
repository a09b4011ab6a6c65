package clnn.backend;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a parity test class: the ops (by their description's name, see check/Ops) whose whole
 * case list it runs against the reference, and the Backend implementations it runs them on.
 * ParityCompletenessTest finds these by scanning the test classes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CoversOps {
    /** Op names: gemm, softmax_cross_entropy, adam, dense_tail, train_steps. */
    String[] ops();

    /** The implementations the ops are checked on. */
    Class<? extends Backend>[] backends();
}
