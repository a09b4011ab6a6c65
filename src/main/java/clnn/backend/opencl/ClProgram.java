package clnn.backend.opencl;

import clnn.DeviceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * A program built from kernels/*.cl files (concatenated in order: shared helpers such as
 * activations.cl first) for one device; a failed build reports its log and options.
 */
final class ClProgram extends ClHandle {
    final cl_program program;
    final String file;

    private ClProgram(cl_program program, String file) {
        this.program = program;
        this.file = file;
    }

    @Override
    protected void release() {
        CL.clReleaseProgram(program);
    }

    /** Where kernel sources come from: the classpath normally, anything a test wants instead. */
    interface Sources {
        String read(String file);

        Sources CLASSPATH = file -> {
            String path = "/clnn/kernels/" + file;
            try (InputStream in = ClProgram.class.getResourceAsStream(path)) {
                if (in == null) throw new DeviceException("kernel source " + path + " is missing from the jar; rebuild it");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DeviceException("cannot read kernel source " + path + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * Builds the concatenation of {@code files} with the kernel contract's codes
     * ({@link KernelContract#DEFINES}) and then {@code options}, the program's own tuning parameters.
     */
    static ClProgram build(ClContext ctx, Sources sources, String options, String... files) {
        StringBuilder text = new StringBuilder();
        for (String f : files) text.append("/* ---- kernels/").append(f).append(" ---- */\n").append(sources.read(f)).append('\n');
        String all = options.isEmpty() ? KernelContract.DEFINES : KernelContract.DEFINES + " " + options;
        return compile(ctx, text.toString(), "kernels/" + String.join(" + kernels/", files), all);
    }

    /** Builds {@code source} with exactly {@code options} (tests build without the contract's codes). */
    static ClProgram compile(ClContext ctx, String source, String file, String options) {
        cl_program program;
        try {
            program = CL.clCreateProgramWithSource(ctx.context, 1, new String[] {source}, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap("creating program " + file, ctx.device, e);
        }
        ClProgram p = ctx.own(new ClProgram(program, file));
        CLException failure = null;
        // Two tries: a build can fail for reasons outside the source (PoCL's kernel cache has lost a
        // temporary file to a rename race in our tests: "unable to rename temporary ..."). A source
        // error fails both times, and the second log is the one reported.
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                CL.clBuildProgram(program, 1, new cl_device_id[] {ctx.device.deviceId()}, options, null, null);
                failure = null;
                break;
            } catch (CLException e) {
                failure = e;
            }
        }
        if (failure != null) {
            String log = buildLog(program, ctx.device.deviceId());
            throw new DeviceException("building " + file + " for " + ctx.device.shortName() + " with options '"
                    + options + "' failed (" + ClErrors.name(failure.getStatus()) + "); build log: "
                    + log.replaceAll("\\s*\\n\\s*", " | ").trim(), failure);
        }
        return p;
    }

    ClKernel kernel(ClContext ctx, String name) {
        try {
            cl_kernel k = CL.clCreateKernel(program, name, null);
            return ctx.own(new ClKernel(k, name));
        } catch (CLException e) {
            throw ClErrors.wrap("creating kernel " + name + " of " + file, ctx.device, e);
        }
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            int n = 0;
            while (n < buf.length && buf[n] != 0) n++;
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "(no build log: " + ClErrors.name(e.getStatus()) + ")";
        }
    }
}
