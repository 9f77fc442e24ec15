/**
 * The run-wide view of a matrix spread over several devices: per device, how many rollouts ran, how busy it was, the
 * frame rates, and whether two rollouts ever overlapped on one device.
 */
package io.playbench.reports.devices;
