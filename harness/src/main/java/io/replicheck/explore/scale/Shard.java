package io.replicheck.explore.scale;

import java.util.Map;

/**
 * One of {@code count} disjoint parts of an exploration: schedule {@code k} (seed {@code seed+k})
 * belongs to shard {@code k mod count}. Every shard draws from the same seeds, so the shards of one
 * exploration together run exactly the schedules one machine would have run.
 *
 * @param index this shard, 0 .. count-1
 * @param count how many shards the exploration is split into
 */
public record Shard(int index, int count) {
  /** Environment variable naming the shard as {@code i/n}. */
  public static final String ENV = "REPLICHECK_SHARD";

  /** The index Kubernetes gives each pod of an Indexed Job (with {@code --shards n}). */
  public static final String K8S_INDEX = "JOB_COMPLETION_INDEX";

  /** The whole exploration, not split. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count)
      throw new IllegalArgumentException(
          "shard " + index + "/" + count + ": need 0 <= i < n and n >= 1");
  }

  /** Parses {@code i/n}, e.g. {@code 2/8}. */
  public static Shard parse(String text) {
    String t = text == null ? "" : text.strip();
    int slash = t.indexOf('/');
    try {
      if (slash > 0)
        return new Shard(
            Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
    } catch (NumberFormatException e) {
      // fall through to the one message
    }
    throw new IllegalArgumentException("shard '" + text + "' is not i/n, e.g. 0/4");
  }

  /**
   * The shard of this process: {@code --shard i/n} if given, else {@code REPLICHECK_SHARD=i/n},
   * else with {@code --shards n} the index in {@code JOB_COMPLETION_INDEX}; {@link #ALL} when none
   * of these is set.
   *
   * @throws IllegalArgumentException when they are malformed, or {@code --shards} has no index
   */
  public static Shard resolve(String option, Integer shards, Map<String, String> env) {
    if (option != null) return parse(option);
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Shard s = parse(fromEnv);
      if (shards != null && shards != s.count())
        throw new IllegalArgumentException(
            ENV + "=" + fromEnv + " disagrees with --shards " + shards);
      return s;
    }
    if (shards == null) return ALL;
    String index = env.get(K8S_INDEX);
    if (index == null || index.isBlank())
      throw new IllegalArgumentException(
          "--shards " + shards + " needs " + K8S_INDEX + " (or --shard i/n, or " + ENV + ")");
    try {
      return new Shard(Integer.parseInt(index.strip()), shards);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(K8S_INDEX + "=" + index + " is not a number");
    }
  }

  /** Whether schedule {@code k} of the exploration is this shard's. */
  public boolean selects(long k) {
    return Math.floorMod(k, count) == index;
  }

  /**
   * Lane {@code lane} of {@code lanes} running this shard on one machine: the schedules {@code k}
   * with {@code k mod (count*lanes) == index + count*lane}.
   */
  public Lane lane(int lane, int lanes) {
    return new Lane(index + (long) count * lane, (long) count * lanes);
  }

  /** Schedules {@code k} with {@code k mod step == offset}. */
  public record Lane(long offset, long step) {
    /** How many of the schedules {@code 0 .. runs-1} are this lane's. */
    public long runsOf(long runs) {
      return runs <= offset ? 0 : (runs - 1 - offset) / step + 1;
    }
  }

  public boolean split() {
    return count > 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
