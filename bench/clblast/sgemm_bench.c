/*
 * sgemm_bench.c -- CLBlast's SGEMM timed the way bench GemmBench times clnn's GEMM: C = A B,
 * row-major, no transposes, one call then clFinish per operation, on OpenCL device N (numbered as
 * 'engine devices' numbers them: platforms in order, then their devices).
 *
 *   cc -O2 -o target/clblast-sgemm bench/clblast/sgemm_bench.c -lclblast -lOpenCL
 *   target/clblast-sgemm [DEVICE] [MxNxK ...]       default: 0 32x25x400 5000x25x400 1024x1024x1024
 *
 * Prints one line per shape: microseconds per call (median of 5 timed batches of about 0.2 s) and
 * GFLOP/s from 2mnk.
 */
#define CL_TARGET_OPENCL_VERSION 120
#include <clblast_c.h>
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return x < y ? -1 : x > y;
}

static cl_device_id pick(int wanted, char* name, size_t len) {
    cl_platform_id platforms[16];
    cl_uint np = 0;
    clGetPlatformIDs(16, platforms, &np);
    int index = 0;
    for (cl_uint p = 0; p < np; p++) {
        cl_device_id devices[16];
        cl_uint nd = 0;
        if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 16, devices, &nd) != CL_SUCCESS) continue;
        for (cl_uint d = 0; d < nd; d++, index++) {
            if (index == wanted) {
                clGetDeviceInfo(devices[d], CL_DEVICE_NAME, len, name, NULL);
                return devices[d];
            }
        }
    }
    return NULL;
}

int main(int argc, char** argv) {
    int wanted = argc > 1 ? atoi(argv[1]) : 0;
    const char* defaults[] = {"32x25x400", "5000x25x400", "1024x1024x1024"};
    int nshapes = argc > 2 ? argc - 2 : 3;
    char name[256] = {0};
    cl_device_id device = pick(wanted, name, sizeof name);
    if (!device) {
        fprintf(stderr, "no OpenCL device %d\n", wanted);
        return 2;
    }
    cl_int err;
    cl_context ctx = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    cl_command_queue q = clCreateCommandQueue(ctx, device, 0, &err);
    printf("CLBlast SGEMM on [%d] %s\n", wanted, name);
    for (int s = 0; s < nshapes; s++) {
        const char* shape = argc > 2 ? argv[s + 2] : defaults[s];
        size_t m, n, k;
        if (sscanf(shape, "%zux%zux%zu", &m, &n, &k) != 3) {
            fprintf(stderr, "bad shape %s (want MxNxK)\n", shape);
            return 2;
        }
        float* h = malloc(sizeof(float) * (m * k > k * n ? m * k : k * n));
        for (size_t i = 0; i < (m * k > k * n ? m * k : k * n); i++) h[i] = (float)rand() / RAND_MAX * 2 - 1;
        cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(float) * m * k, h, &err);
        cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof(float) * k * n, h, &err);
        cl_mem c = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(float) * m * n, NULL, &err);
        free(h);
        double times[5];
        long calls = 0;
        for (int batch = -1; batch < 5; batch++) { /* batch -1 warms up (and tunes the kernel cache) */
            double start = now();
            long count = 0;
            while (now() - start < 0.2 || count < 3) {
                CLBlastStatusCode st = CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                                                    m, n, k, 1.0f, a, 0, k, b, 0, n, 0.0f, c, 0, n, &q, NULL);
                if (st != CLBlastSuccess) {
                    fprintf(stderr, "CLBlastSgemm failed: %d\n", st);
                    return 1;
                }
                clFinish(q);
                count++;
            }
            if (batch >= 0) times[batch] = (now() - start) / count;
            calls += count;
        }
        qsort(times, 5, sizeof(double), cmp);
        double us = times[2] * 1e6;
        printf("%zux%zux%zu  %10.1f us/call  %8.2f GFLOP/s  (%ld calls)\n", m, n, k, us, 2.0 * m * n * k / times[2] * 1e-9,
               calls);
        clReleaseMemObject(a);
        clReleaseMemObject(b);
        clReleaseMemObject(c);
    }
    clReleaseCommandQueue(q);
    clReleaseContext(ctx);
    return 0;
}
