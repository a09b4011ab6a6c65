package clnn.backend.opencl;

import clnn.Activation;
import clnn.backend.Epilogue;
import java.util.Locale;

/**
 * The one place where the numbers shared by kernels/*.cl and the host are written: the activation
 * and epilogue codes (passed to every program as -D options, {@link #DEFINES}; the .cl files keep
 * no copy and stop with #error when built without them), and the rule for argument positions
 * ({@link Arg}: each kernel's parameters, in order, as one enum per kernel).
 */
final class KernelContract {
    private KernelContract() {
    }

    /**
     * One kernel's parameters, in the order the .cl file declares them: an enum whose constants are
     * the parameter names in upper case ({@code a_off} is {@code A_OFF}). The position of an
     * argument is its constant's ordinal, so nothing is counted by hand; KernelContractTest reads
     * every kernel's parameter list from its source and checks it against the enum.
     */
    interface Arg {
        int ordinal();

        String name();

        /** The parameter's name in the .cl source. */
        default String clName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The epilogue codes of gemm.cl ({@code EPI_<name>}); the code is the ordinal. */
    enum EpilogueCode {
        NONE, BIAS_ACT, ACT_GRAD, BIAS_GRAD;

        static EpilogueCode of(Epilogue e) {
            if (e instanceof Epilogue.BiasActivation) return BIAS_ACT;
            if (e instanceof Epilogue.ActivationGradient) return ACT_GRAD;
            if (e instanceof Epilogue.BiasGradient) return BIAS_GRAD;
            return NONE;
        }

        int code() {
            return ordinal();
        }
    }

    /** The activation code of activations.cl ({@code ACT_<NAME>}): the enum's ordinal. */
    static int code(Activation a) {
        return a.ordinal();
    }

    /** -D options naming every code, generated from the enums: part of every program's build options. */
    static final String DEFINES = defines();

    private static String defines() {
        StringBuilder s = new StringBuilder();
        for (Activation a : Activation.values()) s.append(" -DACT_").append(a.name()).append('=').append(code(a));
        for (EpilogueCode e : EpilogueCode.values()) s.append(" -DEPI_").append(e.name()).append('=').append(e.code());
        return s.toString().trim();
    }
}
