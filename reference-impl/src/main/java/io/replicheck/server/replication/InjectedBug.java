package io.replicheck.server.replication;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The catalogue of realistic replication bugs the reference server can switch on ({@code
 * --inject-bug NAME}, {@code CONFIG SET inject-bug NAME}), so the harness can prove that its
 * invariants catch them. Each bug is consulted at exactly the line where it bites; with none active
 * the server behaves as redis-server. docs/bug-catalogue.md describes each one.
 */
public enum InjectedBug {
  BACKLOG_OFF_BY_ONE(
      "backlog-off-by-one",
      "PSYNC window check uses < instead of <= at the top: a replica that already has every byte"
          + " is refused and full-syncs",
      "IS1",
      "P6"),
  DROP_WRITES_DURING_SNAPSHOT(
      "drop-writes-during-snapshot",
      "writes made while the snapshot is produced are not buffered for the syncing replica",
      "FS3",
      "FS1",
      "P6"),
  NO_FLUSH_BEFORE_LOAD(
      "no-flush-before-load",
      "the replica loads the master's snapshot on top of its old dataset instead of flushing it",
      "FS2",
      "FS1"),
  PSYNC_ANY_REPLID(
      "psync-any-replid",
      "the master accepts PSYNC with any replication id when the offset is inside its backlog",
      "IS2",
      "FS1",
      "P5"),
  WAIT_COUNTS_SENT(
      "wait-counts-sent",
      "WAIT counts a replica as soon as the bytes are written to its socket, not when it ACKs",
      "P4"),
  PROMOTE_WITHOUT_REPLID2(
      "promote-without-replid2",
      "REPLICAOF NO ONE draws a new replid without keeping the old one as replid2: repointed"
          + " replicas need a full sync",
      "IS1",
      "P6"),
  WRONG_RESUME_OFFSET(
      "wrong-resume-offset",
      "the replica asks PSYNC for its last applied byte instead of the next one: one byte is"
          + " received twice and its offset runs one ahead of the master's",
      "IS3",
      "P6"),
  REPLICA_EXPIRES_KEYS(
      "replica-expires-keys",
      "the replica expires keys on its own clock instead of waiting for the master's DEL",
      "FS1",
      "P5"),
  LOSE_SELECT_AFTER_RECONNECT(
      "lose-select-after-reconnect",
      "after a partial resync the replica forgets the db the master had SELECTed and applies"
          + " the stream to db 0",
      "IS3",
      "FS1"),
  FULLSYNC_OFFSET_ZERO(
      "fullsync-offset-zero",
      "after a full sync the replica counts its offset from 0 instead of the offset in"
          + " +FULLRESYNC",
      "FS4",
      "IS4",
      "P6"),
  SCRIPT_PROPAGATED_VERBATIM(
      "script-propagated-verbatim",
      "EVAL, EVALSHA and FCALL are propagated as the script itself instead of its effects:"
          + " replicas re-run it (its random numbers, clock and SPOPs differ) or lack it"
          + " (NOSCRIPT)",
      "FS1",
      "P5"),
  CONTINUE_WITHOUT_HISTORY(
      "continue-without-history",
      "the master reads PSYNC ? -1 (a replica with no history) as a request for its current offset"
          + " and answers +CONTINUE instead of +FULLRESYNC: the replica never gets the dataset",
      "IS2",
      "FS1"),
  RESTART_FORGETS_HISTORY(
      "restart-forgets-history",
      "a master restarted from its RDB ignores the repl-id and repl-offset it saved: its replicas"
          + " cannot continue and full-sync after every persisting restart",
      "IS1"),
  EXPIRE_PROPAGATED_RELATIVE(
      "expire-propagated-relative",
      "EXPIRE and PEXPIRE are propagated as sent (relative) instead of as PEXPIREAT (or DEL for a"
          + " time in the past): a replica counts the TTL from when it applies it, and keeps a key"
          + " the master deleted at once",
      "FS5",
      "FS1"),
  SPOP_PROPAGATED_VERBATIM(
      "spop-propagated-verbatim",
      "SPOP is propagated as SPOP instead of SREM of the members it popped: each replica pops"
          + " members of its own choosing",
      "FS5",
      "FS1"),
  INCRBYFLOAT_DROPS_TTL(
      "incrbyfloat-drops-ttl",
      "INCRBYFLOAT is propagated as SET without KEEPTTL: replicas drop the key's time to live",
      "FS5",
      "FS1"),
  SERVED_POP_NOT_PROPAGATED(
      "served-pop-not-propagated",
      "a blocking pop (BLPOP, BLMOVE, BZPOPMIN ...) served by another client's push is not"
          + " propagated: replicas keep the element the master handed out",
      "FS5",
      "FS1"),
  FUNCTION_LOAD_NOT_PROPAGATED(
      "function-load-not-propagated",
      "FUNCTION LOAD is not propagated: replicas lack the library until their next full sync"
          + " (FCALL's effects still reach them)",
      "FS5"),
  GETEX_PERSIST_NOT_PROPAGATED(
      "getex-persist-not-propagated",
      "GETEX ... PERSIST is taken for a read and not propagated: replicas keep the time to live"
          + " the master removed",
      "FS5",
      "FS1"),
  COUNT_QUEUED_TRANSACTION(
      "count-queued-transaction",
      "the replica counts each command of an open MULTI in its offset (and forwards it) as it is"
          + " queued: a link cut inside a transaction loses the commands queued before the cut",
      "FS1",
      "FS5"),
  EXPIRE_AT_REPLICA_LOAD(
      "expire-at-replica-load",
      "a node started with replicaof loads its RDB as a master would: keys whose time to live"
          + " ended while it was down are dropped, though its master may have PERSISTed them after"
          + " the snapshot and the partial resync that follows does not bring them back",
      "FS1"),
  PROPAGATE_SAVE(
      "propagate-save",
      "a command that resets the count of changes (SAVE, SHUTDOWN SAVE) is taken for one that"
          + " made changes and propagated, and a server that shuts down still serves connections"
          + " until its process ends: a replica that continues from its master during the"
          + " master's persisting restart reads SHUTDOWN SAVE and shuts down too",
      "P9");

  private final String configName;
  private final String summary;
  private final List<String> invariants;

  InjectedBug(String configName, String summary, String... invariants) {
    this.configName = configName;
    this.summary = summary;
    this.invariants = List.of(invariants);
  }

  /** The name used by --inject-bug and CONFIG SET inject-bug. */
  public String configName() {
    return configName;
  }

  /** What the bug does, in one sentence. */
  public String summary() {
    return summary;
  }

  /** Ids of the invariants (shared/DESIGN.md) that should catch it. */
  public List<String> invariants() {
    return invariants;
  }

  /**
   * The bug named {@code name} (case-insensitive); empty for {@code none}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Optional<InjectedBug> parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("none")) {
      return Optional.empty();
    }
    for (InjectedBug b : values()) {
      if (b.configName.equals(n)) {
        return Optional.of(b);
      }
    }
    throw new IllegalArgumentException(
        "unknown bug '" + name + "', expected none or one of: " + names());
  }

  /** All names, comma separated, in catalogue order. */
  public static String names() {
    return Arrays.stream(values()).map(InjectedBug::configName).collect(Collectors.joining(", "));
  }
}
