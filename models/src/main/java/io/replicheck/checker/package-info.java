/**
 * The linearizability checker: Wing and Gong's search with Lowe's memoization of (linearized set,
 * state), as Porcupine's {@code checkSingle}, split per key (P-compositionality), with a time and
 * memory budget that ends in {@code unknown} rather than a crash, and counterexamples for reports.
 */
package io.replicheck.checker;
