/**
 * The differential fuzzer: seeded random command sequences over command families (plain-data files
 * under {@code resources/io/replicheck/fuzz/families}, one command shape a line), sent to two
 * servers side by side; replies, error texts and the final DEBUG DIGEST compared, except the
 * differences {@link io.replicheck.fuzz.KnownDifferences} lists with their reason. Pure but for the
 * two connections it is handed.
 */
package io.replicheck.fuzz;
