/**
 * The differential fuzzer: seeded random command sequences over command families (plain-data files
 * under {@code resources/io/replicheck/fuzz/families}, one command shape a line), sent to two
 * servers side by side; replies, error texts and the final DEBUG DIGEST compared, except the
 * differences {@link io.replicheck.fuzz.KnownDifferences} lists with their reason. Scripts and
 * function libraries come from a grammar ({@link io.replicheck.fuzz.LuaGenerator}); pub/sub and
 * RESP3 replies go through a second connection to each server, the subscriber. Pure but for the
 * connections it is handed or opens beside them.
 */
package io.replicheck.fuzz;
