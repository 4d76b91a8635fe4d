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
  // run time by part, of the runs whose time is known: part -> {runs, total millis}
  private final Map<String, long[]> millis = new HashMap<>();
  private long timedRuns;
  private long timedTotal;

  /** Notes that a schedule with these parts ran. */
  public synchronized void ran(Collection<String> scheduleParts) {
    ran(scheduleParts, 0);
  }

  /**
   * Notes that a schedule with these parts ran, taking {@code runMillis} end to end (0: not known),
   * for {@link #speed}.
   */
  public synchronized void ran(Collection<String> scheduleParts, long runMillis) {
    List<String> p = distinct(scheduleParts);
    if (runMillis > 0) {
      timedRuns++;
      timedTotal += runMillis;
      for (String x : p) {
        long[] m = millis.computeIfAbsent(x, k -> new long[2]);
        m[0]++;
        m[1] += runMillis;
      }
    }
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

  /**
   * How much of a mean run's time a schedule with these parts is expected to take, as a factor in
   * [{@link #MIN_SPEED}, 1]: the mean run time over the costliest of its parts' mean run times
   * (each drawn toward the mean of all runs by {@link #PRIOR_RUNS} runs, so one slow run on a
   * loaded machine does not brand a part). Parts that cost setup time (a Sentinel topology, a large
   * preload, a slow snapshot) make a schedule slow whatever else it has, hence the costliest part,
   * not a sum that would count correlated parts twice. 1 while no run was timed. A covering fresh
   * draw weighs the parts and pairs it adds by it (AFL favours fast inputs the same way).
   */
  public synchronized double speed(Collection<String> scheduleParts) {
    if (timedRuns == 0) return 1;
    double mean = (double) timedTotal / timedRuns;
    double costliest = mean;
    for (String x : distinct(scheduleParts)) {
      long[] m = millis.get(x);
      if (m == null) continue;
      double shrunk = (m[1] + PRIOR_RUNS * mean) / (m[0] + PRIOR_RUNS);
      costliest = Math.max(costliest, shrunk);
    }
    return Math.max(MIN_SPEED, Math.min(1, mean / costliest));
  }

  /** Lower bound of {@link #speed}: a slow schedule's new parts still count half. */
  public static final double MIN_SPEED = 0.5;

  /** Runs of mean time a part's mean is drawn toward, in {@link #speed}. */
  static final double PRIOR_RUNS = 2;

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
