/**
 * A stored run as the report reads it: history events paired into ops, nemesis bands, replication
 * samples, the checker's results and counterexamples, and the staleness of replica reads.
 * {@link io.replicheck.report.data.RunReader} is the only class here that touches files; the rest
 * is pure.
 */
package io.replicheck.report.data;
