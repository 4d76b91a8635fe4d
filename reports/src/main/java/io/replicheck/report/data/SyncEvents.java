package io.replicheck.report.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resynchronisations and role changes, read off consecutive INFO samples of each node: a rise of
 * {@code sync_full} (a full sync served), {@code sync_partial_ok} (a PSYNC answered CONTINUE) or
 * {@code sync_partial_err} (a PSYNC refused), and a change of role (promotion or demotion). Redis
 * counts the syncs on the node that serves them, so they show on the master. Pure: no I/O.
 */
public final class SyncEvents {

  /** What changed between two samples of a node, seen at the later one's {@code time}. */
  public record SyncEvent(long time, String node, Kind kind, long count, String detail) {}

  public enum Kind {
    FULL("F", "full sync served"),
    PARTIAL("P", "partial resync accepted (CONTINUE)"),
    REFUSED("E", "partial resync refused"),
    ROLE("R", "role changed");

    public final String letter;
    public final String meaning;

    Kind(String letter, String meaning) {
      this.letter = letter;
      this.meaning = meaning;
    }
  }

  private SyncEvents() {}

  public static List<SyncEvent> of(List<Sample> samples) {
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
    Map<String, Sample> last = new HashMap<>();
    List<SyncEvent> out = new ArrayList<>();
    for (Sample s : sorted) {
      Sample prev = last.put(s.node(), s);
      if (prev == null) continue;
      rise(prev.syncFull(), s.syncFull(), s, Kind.FULL, out);
      rise(prev.syncPartialOk(), s.syncPartialOk(), s, Kind.PARTIAL, out);
      rise(prev.syncPartialErr(), s.syncPartialErr(), s, Kind.REFUSED, out);
      if (!prev.role().equals(s.role()) && !s.role().isEmpty() && !prev.role().isEmpty()) {
        out.add(new SyncEvent(s.time(), s.node(), Kind.ROLE, 1, prev.role() + " → " + s.role()));
      }
    }
    return out;
  }

  private static void rise(long before, long after, Sample s, Kind kind, List<SyncEvent> out) {
    // A counter that went down was reset (a restarted node): nothing happened that we can count.
    if (before >= 0 && after > before)
      out.add(new SyncEvent(s.time(), s.node(), kind, after - before, ""));
  }
}
