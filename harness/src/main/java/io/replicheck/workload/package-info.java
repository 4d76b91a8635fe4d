/**
 * Workloads: what clients do. A workload draws ops (f, key, value) from a seeded random source and
 * names the model its history is checked against; {@link io.replicheck.workload.WorkloadClient}
 * runs them over Lettuce and turns every outcome into ok, fail or info. {@link
 * io.replicheck.workload.Workloads} is the registry of them all.
 */
package io.replicheck.workload;
