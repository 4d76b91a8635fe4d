/**
 * Nemeses: the faults of a run. A {@link io.replicheck.nemesis.Nemesis} starts one {@link
 * io.replicheck.nemesis.ActiveFault} on a deployment (a partition, a kill, a pause, ...); the fault
 * knows how to heal itself. Network faults go through the chaos proxy's Toxiproxy API, so they hit
 * one link at a time. {@link io.replicheck.nemesis.Nemeses} is the registry of them all.
 */
package io.replicheck.nemesis;
