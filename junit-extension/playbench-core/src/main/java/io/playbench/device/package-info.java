/** Devices: where a benchmark runs ({@link io.playbench.device.Device}), parsed in one place. */
package io.playbench.device;
