package io.replicheck.explore.coverage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which parts of a schedule (its workload, topology, each fault on its role, each drawn
 * configuration value, its data shape's buckets, two faults in a row: strings the caller makes),
 * and which pairs of them, this exploration has run, for coverage-aware fresh draws: of several
 * candidate draws, the one with the most parts and pairs not run before runs (AETG's greedy
 * pairwise covering, Cohen et al. 1997; adaptive random testing). A server's behaviour comes
 * largely from such conjunctions (a fault on a role under one configuration value, under a large
 * preload), and a draw that repeats pairs already run repeats their behaviour. Learned from what
 * ran, never from features or verdicts; kept in memory for one exploration. Thread-safe.
 */
public final class PartCoverage {
  private final Map<String, Integer> parts = new HashMap<>();
  private final Map<String, Integer> pairs = new HashMap<>();
  private int runs;

  /** Notes that a schedule with these parts ran. */
  public synchronized void ran(Collection<String> scheduleParts) {
    List<String> p = distinct(scheduleParts);
    for (String x : p) parts.merge(x, 1, Integer::sum);
    for (int i = 0; i < p.size(); i++)
      for (int j = i + 1; j < p.size(); j++) pairs.merge(pair(p.get(i), p.get(j)), 1, Integer::sum);
    runs++;
  }

  /** How many parts, and pairs of them, of a candidate no schedule that ran had. */
  public synchronized int unseen(Collection<String> scheduleParts) {
    List<String> p = distinct(scheduleParts);
    int n = 0;
    for (String x : p) if (!parts.containsKey(x)) n++;
    for (int i = 0; i < p.size(); i++)
      for (int j = i + 1; j < p.size(); j++) if (!pairs.containsKey(pair(p.get(i), p.get(j)))) n++;
    return n;
  }

  /** Schedules noted as run. */
  public synchronized int runs() {
    return runs;
  }

  /** Distinct parts and pairs of parts run so far. */
  public synchronized int seen() {
    return parts.size() + pairs.size();
  }

  private static List<String> distinct(Collection<String> p) {
    return new ArrayList<>(new TreeSet<>(p)); // sorted, so a pair has one spelling
  }

  private static String pair(String a, String b) {
    return a + '\u0000' + b;
  }
}
