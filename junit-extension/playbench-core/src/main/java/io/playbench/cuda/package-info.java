/**
 * CUDA through Java's foreign function and memory API: the driver API ({@code libcuda.so.1}) and NVRTC, found at run
 * time, with {@code AutoCloseable} contexts, device memory, modules and events. Engine code: no test-framework imports.
 * On hosts without the driver {@link io.playbench.cuda.Cuda#deviceCount()} is 0 and
 * {@link io.playbench.cuda.Cuda#unavailableReason()} says what is missing.
 */
package io.playbench.cuda;
