package io.replicheck.workload;

import java.util.List;
import java.util.Random;

/** What clients do during a run, and which model judges it. */
public interface Workload {

  /** The name used on the command line and in reports. */
  String name();

  /** The model of {@code io.replicheck.model} the master's history is checked against. */
  String model();

  /** The keys this workload touches (final reads read all of them on every node). */
  List<String> keys();

  /**
   * The keys ops go to now (readers pick from these); all of {@link #keys()} unless keys rotate.
   */
  default List<String> activeKeys() {
    return keys();
  }

  /**
   * The longest time to live this workload gives a key (0: none): the settle window lasts until
   * that long, and 1 s more, after the drive ends, so every such key has expired on the master and
   * its DEL reached the replicas before the final reads (FS1 compares digests).
   */
  default java.time.Duration longestTtl() {
    return java.time.Duration.ZERO;
  }

  /** Replicas each write waits for ({@code WAIT n}) before it counts as acknowledged; 0: none. */
  default int waitReplicas() {
    return 0;
  }

  /** The next op for a client; {@code process} is the Jepsen process id. */
  OpSpec next(Random random, int process);

  /** A key's value as final reads report it: a number here; bulk values are summarized. */
  default Object finalValue(String raw) {
    return Long.parseLong(raw);
  }

  /**
   * By name ({@link Workloads}), with the number of keys and the value size for workloads that take
   * them.
   */
  static Workload named(String name, int keys, int valueSize) {
    return Workloads.kind(name).make().make(keys, valueSize);
  }

  /** Keys k0..k(n-1). */
  static List<String> keyNames(String prefix, int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }
}
