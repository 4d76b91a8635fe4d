package io.replicheck.invariant;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's process started again during a run (the heal of "kill -9 nK" or "restart nK"), at a
 * history index and time: those of the heal's invoke, since the node is already up and serving
 * before the heal's completion is recorded. Per-process invariants (P2, IS4) start over there: a
 * restarted replica comes back with whatever its last snapshot held, which redis documents.
 */
public record Restart(String node, long index, long time) {

  private static final Pattern STARTED = Pattern.compile("^(?:kill -9|restart) (n\\d+)");

  /** The restarts the history's nemesis events record. */
  public static List<Restart> from(List<Event> events) {
    List<Restart> out = new ArrayList<>();
    for (Event e : events) {
      if (!e.isNemesis() || !"stop".equals(e.f()) || e.type() != EventType.INVOKE) continue;
      Matcher m = STARTED.matcher(String.valueOf(e.value()));
      if (m.find()) out.add(new Restart(m.group(1), e.index(), e.time() == null ? -1 : e.time()));
    }
    return out;
  }

  /** True when {@code node} restarted strictly between the two history indices. */
  public static boolean betweenIndices(List<Restart> restarts, String node, long from, long to) {
    return restarts.stream().anyMatch(r -> r.node.equals(node) && r.index > from && r.index < to);
  }

  /** True when {@code node} restarted strictly between the two times (ns since the run began). */
  public static boolean betweenTimes(List<Restart> restarts, String node, long from, long to) {
    return restarts.stream().anyMatch(r -> r.node.equals(node) && r.time > from && r.time < to);
  }
}
