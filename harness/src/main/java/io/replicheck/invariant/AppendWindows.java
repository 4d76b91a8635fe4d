package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence FS3 and IS3 share: list-append values the master acknowledged inside a window of one
 * replica's replication (a snapshot being produced, a link down then continued) must be in that
 * replica's final list exactly once, and in the master's order. Only replicas that converged (final
 * offset equal to the master's) are judged: a lagging one may lack values legitimately.
 */
public final class AppendWindows {
  private AppendWindows() {}

  /**
   * A stretch of wall-clock time on one replica's link.
   *
   * @param what how the evidence names it, e.g. "full sync from n1 at 12:00:01.250"
   */
  public record Window(String replica, long fromMs, long toMs, String what) {}

  /** One append the master acknowledged, with the wall time of its acknowledgement. */
  public record Append(String key, long value, long okMs) {}

  /** What a set of windows showed: violations, windows judged, values looked at. */
  public record Outcome(List<String> violations, int windows, int values, int unjudged) {}

  public static Outcome judge(
      List<Window> windows,
      List<Append> appends,
      Map<String, Object> masterFinal,
      Map<String, NodeState> finals,
      Set<String> converged) {
    List<String> violations = new ArrayList<>();
    int judged = 0;
    int values = 0;
    int unjudged = 0;
    for (Window w : windows) {
      NodeState replica = finals.get(w.replica());
      if (replica == null) {
        unjudged++;
        continue;
      }
      boolean level = converged.contains(w.replica());
      Map<String, Set<Long>> inWindow = new LinkedHashMap<>();
      for (Append a : appends) {
        if (a.okMs() >= w.fromMs() && a.okMs() <= w.toMs()) {
          inWindow.computeIfAbsent(a.key(), k -> new HashSet<>()).add(a.value());
        }
      }
      int before = values;
      for (Map.Entry<String, Set<Long>> e : inWindow.entrySet()) {
        String key = e.getKey();
        List<?> master = masterFinal.get(key) instanceof List<?> l ? l : List.of();
        List<?> mine = replica.values().get(key) instanceof List<?> l ? l : List.of();
        Map<Long, Integer> onMaster = counts(master);
        Map<Long, Integer> onReplica = counts(mine);
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < master.size(); i++) position.putIfAbsent(toLong(master.get(i)), i);
        // the stream is ordered: a replica holding a later value of the key has had every earlier
        // one, converged or not
        int reached = -1;
        for (Object v : mine) reached = Math.max(reached, position.getOrDefault(toLong(v), -1));
        List<Long> expected = new ArrayList<>();
        for (Object v : master) {
          // values the master itself lost or doubled are P3's to judge, not this window's
          long x = toLong(v);
          if (e.getValue().contains(x) && onMaster.get(x) == 1) expected.add(x);
        }
        List<Long> holes = new ArrayList<>();
        List<Long> doubled = new ArrayList<>();
        List<Long> present = new ArrayList<>();
        for (long v : expected) {
          int n = onReplica.getOrDefault(v, 0);
          if (n > 0) present.add(v);
          if (n > 1) doubled.add(v);
          if (n == 0 && (level || position.get(v) < reached)) holes.add(v);
          if (n > 0 || level || position.get(v) < reached) values++;
        }
        Set<Long> presentSet = new HashSet<>(present);
        List<Long> seen = new ArrayList<>();
        for (Object v : mine) if (presentSet.contains(toLong(v))) seen.add(toLong(v));
        String where = w.replica() + " " + key + " (" + w.what() + ")";
        if (!holes.isEmpty()) {
          violations.add(where + ": acknowledged " + abbreviate(holes) + " missing on the replica");
        }
        if (!doubled.isEmpty()) {
          violations.add(where + ": " + abbreviate(doubled) + " applied more than once");
        }
        if (holes.isEmpty() && doubled.isEmpty() && !seen.equals(present)) {
          violations.add(
              where
                  + ": replica holds "
                  + abbreviate(seen)
                  + " in another order than the master's "
                  + abbreviate(present));
        }
      }
      if (values > before) {
        judged++;
      } else if (!inWindow.isEmpty() && !level) {
        unjudged++;
      }
    }
    return new Outcome(violations, judged, values, unjudged);
  }

  /** The result for one invariant from its windows' outcome. */
  static InvariantResult result(String id, String name, Outcome o, String kind, String none) {
    if (!o.violations().isEmpty()) {
      return InvariantResult.invalid(
          id,
          name,
          o.violations().get(0),
          o.violations().subList(0, Math.min(10, o.violations().size())));
    }
    if (o.windows() == 0) {
      return InvariantResult.notExercised(
          id,
          name,
          none
              + (o.unjudged() > 0
                  ? " (" + o.unjudged() + " " + kind + " on replicas that did not converge)"
                  : ""));
    }
    return InvariantResult.valid(
        id,
        name,
        o.windows()
            + " "
            + kind
            + " with acknowledged appends; all "
            + o.values()
            + " of their values reached the replica once, in order");
  }

  private static long toLong(Object v) {
    return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
  }

  private static Map<Long, Integer> counts(List<?> list) {
    Map<Long, Integer> n = new HashMap<>();
    for (Object o : list) n.merge(toLong(o), 1, Integer::sum);
    return n;
  }

  private static String abbreviate(List<Long> values) {
    return values.size() <= 8
        ? values.toString()
        : values.subList(0, 8) + " and " + (values.size() - 8) + " more";
  }
}
