/**
 * Clusters of nodes under test: starting, stopping, killing, pausing and restarting servers, as
 * child processes ({@link io.replicheck.cluster.ProcessCluster}) or containers, with a reaper that
 * removes whatever a killed harness JVM leaves behind.
 */
package io.replicheck.cluster;
