package io.replicheck.server.replication;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A node's replication ids, as redis keeps them: {@code replid} names the history this node's
 * offsets belong to; {@code replid2} is the history it came from (its former master's id), valid up
 * to {@code second_replid_offset}, so replicas of the old master can still PSYNC after a failover.
 */
public final class ReplicationIds {
  /** Length of a replication id in hex characters (redis's CONFIG_RUN_ID_SIZE). */
  public static final int ID_LENGTH = 40;

  /** What redis shows as master_replid2 when there is no second id. */
  public static final String ZERO_ID = "0".repeat(ID_LENGTH);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final RandomGenerator random;
  private String replid;
  private String replid2 = ZERO_ID;
  private long secondReplidOffset = -1;

  /** Ids drawn from a secure random source, as redis's getRandomHexChars. */
  public ReplicationIds() {
    this(new SecureRandom());
  }

  /** Ids drawn from {@code random}; tests pass a seeded generator. */
  public ReplicationIds(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
    this.replid = randomId(random);
  }

  /** A fresh 40-character lowercase hex id. */
  public static String randomId(RandomGenerator random) {
    char[] c = new char[ID_LENGTH];
    for (int i = 0; i < ID_LENGTH; i++) {
      c[i] = HEX[random.nextInt(16)];
    }
    return new String(c);
  }

  /** True when {@code s} has the form of a replication id (40 hex characters). */
  public static boolean isValidId(String s) {
    if (s == null || s.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < ID_LENGTH; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  public String replid() {
    return replid;
  }

  public String replid2() {
    return replid2;
  }

  public long secondReplidOffset() {
    return secondReplidOffset;
  }

  /** redis's changeReplicationId: a new random primary id (DEBUG CHANGE-REPL-ID, new backlog). */
  public void changeReplicationId() {
    replid = randomId(random);
  }

  /** redis's clearReplicationId2: no second history. */
  public void clearReplicationId2() {
    replid2 = ZERO_ID;
    secondReplidOffset = -1;
  }

  /**
   * redis's shiftReplicationId, done on promotion: the current id becomes replid2, valid up to
   * {@code masterReplOffset + 1} (the next byte a replica of the old master would ask for), and a
   * new random id starts this node's own history.
   */
  public void shiftReplicationId(long masterReplOffset) {
    replid2 = replid;
    secondReplidOffset = masterReplOffset + 1;
    changeReplicationId();
  }

  /**
   * What a replica does when its master answers {@code +CONTINUE <newid>} with an id that differs
   * from the cached one: the old id becomes replid2 up to {@code masterReplOffset + 1}, and the
   * master's new id becomes ours, so sub-replicas can follow with PSYNC.
   */
  public void adoptNewMasterId(String newId, long masterReplOffset) {
    requireId(newId);
    replid2 = replid;
    secondReplidOffset = masterReplOffset + 1;
    replid = newId;
  }

  /** After a full sync the replica takes the master's id and forgets any second history. */
  public void setReplid(String id) {
    replid = requireId(id);
  }

  /** Restores ids, e.g. from an RDB's repl-id aux field. */
  public void restore(String replid, String replid2, long secondReplidOffset) {
    this.replid = requireId(replid);
    this.replid2 = requireId(replid2);
    this.secondReplidOffset = secondReplidOffset;
  }

  private static String requireId(String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("not a replication id (40 hex characters): " + id);
    }
    return id;
  }

  @Override
  public String toString() {
    return "replid="
        + replid
        + " replid2="
        + replid2
        + " second_replid_offset="
        + secondReplidOffset;
  }
}
