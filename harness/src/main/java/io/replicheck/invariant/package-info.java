/**
 * Replication invariant checkers (FS1.., IS1.., P1.. of shared/DESIGN.md): pure functions from what
 * a run observed (history, sampled offsets, final state of every node) to a verdict with evidence.
 * No I/O: they are tested on hand-made observations.
 */
package io.replicheck.invariant;
