/**
 * Histories as Jepsen records them: {@link io.replicheck.history.Event}s (invoke, then ok, fail or
 * info), paired into {@link io.replicheck.history.Op}s, with readers and writers for JSON Lines,
 * Knossos EDN and Porcupine's two log formats.
 *
 * <p>Pure Java: parsing and validation only, no network I/O.
 */
package io.replicheck.history;
