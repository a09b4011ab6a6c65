package clnn.backend.cpu;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the {@link clnn.backend.Backend} methods a test method compares, on every CPU twin, against
 * the reference; see CpuTwinCompletenessTest. (The OpenCL side has its own, class-level CoversOps.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ComparesOps {
    String[] value();
}
