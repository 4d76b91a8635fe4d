package io.replicheck.server.core;

/**
 * Receives the write commands to replicate, in execution order, as redis propagates them: the
 * arguments actually applied (SET ... EX as SET ... PXAT, EXPIRE as PEXPIREAT, INCRBYFLOAT as SET
 * ... KEEPTTL, SPOP as SREM, a lazily or actively expired key as DEL, blocking pops as their
 * non-blocking form), several commands of one call wrapped in MULTI ... EXEC. It is called on the
 * command thread; {@code db} is the database the command applies to, and the listener inserts a
 * SELECT when it differs from the one its stream last selected (as replicationFeedSlaves does).
 * Commands applied from the master link are not passed here: a replica forwards its master's stream
 * verbatim.
 */
@FunctionalInterface
public interface Propagator {
  void propagate(int db, byte[][] argv);
}
