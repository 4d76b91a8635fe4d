package io.replicheck.report.html;

import io.replicheck.report.data.DrawnOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Timeline lanes: one per client thread rather than per process. As in Jepsen, a process whose op
 * ended in info (unknown outcome) never invokes again and a new process takes its place, so a run
 * with many timeouts has many processes but only as many threads as clients. A new process takes
 * the lane of a retired one (its last op ended in info before the new one's first invoke), the one
 * with the closest lower process id; otherwise it gets a lane of its own. Pure: no I/O.
 */
final class Lanes {
  /** {@code lane}: process to lane; {@code processes}: each lane's processes, in order. */
  record Layout(Map<Integer, Integer> lane, List<List<Integer>> processes) {
    int count() {
      return processes.size();
    }

    /** The lane's label: its first process, with "…" when others followed it. */
    String label(int l) {
      List<Integer> p = processes.get(l);
      return "p" + p.get(0) + (p.size() > 1 ? "…" : "");
    }
  }

  private Lanes() {}

  static Layout of(List<DrawnOp> ops) {
    Map<Integer, long[]> span = new HashMap<>(); // process -> {first invoke, retired at (or MAX)}
    for (DrawnOp op : ops) {
      long[] s =
          span.computeIfAbsent(
              op.process(), k -> new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE});
      s[0] = Math.min(s[0], op.invokeTime());
      // The op invoked last decides: an info there retires the process.
      if (op.invokeTime() >= s[2]) {
        s[2] = op.invokeTime();
        s[1] =
            op.type().equals("info") && op.completeIndex() >= 0
                ? op.completeTime()
                : Long.MAX_VALUE;
      }
    }
    List<Integer> byFirst = new ArrayList<>(span.keySet());
    byFirst.sort(Comparator.<Integer>comparingLong(p -> span.get(p)[0]).thenComparingInt(p -> p));
    List<List<Integer>> lanes = new ArrayList<>();
    for (int p : byFirst) {
      int best = -1;
      for (int l = 0; l < lanes.size(); l++) {
        int current = lanes.get(l).get(lanes.get(l).size() - 1);
        if (span.get(current)[1] > span.get(p)[0] || current >= p) continue;
        if (best < 0 || current > lanes.get(best).get(lanes.get(best).size() - 1)) best = l;
      }
      if (best < 0) {
        lanes.add(new ArrayList<>(List.of(p)));
      } else {
        lanes.get(best).add(p);
      }
    }
    lanes.sort(Comparator.comparingInt(l -> l.get(0)));
    Map<Integer, Integer> lane = new TreeMap<>();
    for (int l = 0; l < lanes.size(); l++) for (int p : lanes.get(l)) lane.put(p, l);
    return new Layout(new LinkedHashMap<>(lane), lanes);
  }
}
