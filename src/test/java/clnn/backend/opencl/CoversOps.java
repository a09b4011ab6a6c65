package clnn.backend.opencl;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the Backend methods a parity test compares against the reference; see ParityCompletenessTest. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface CoversOps {
    String[] value();
}
