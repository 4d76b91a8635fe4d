package io.replicheck.invariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P7: acknowledged writes survive. Every append a client saw acknowledged is in its list on the
 * final master, and appends acknowledged one after the other (the first acknowledged before the
 * second was sent) are there in that order. The verdict lists each lost write: key, value, client,
 * acknowledgement time and the node that acknowledged it.
 *
 * <p>It also measures split brain: after each failover Sentinel finished ({@code +switch-master}),
 * how long the old master went on acknowledging writes, and how many.
 */
public final class AcknowledgedWritesSurvive {
  public static final String ID = "P7";
  public static final String NAME = "acknowledged writes survive";

  /** Lost writes listed in the evidence lines; details carry them all. */
  static final int EVIDENCE_LINES = 100;

  /**
   * Lost writes results.json lists (a partition of seconds at full speed loses tens of thousands).
   */
  static final int DETAILS_LOST = 10_000;

  private AcknowledgedWritesSurvive() {}

  /**
   * One acknowledged append.
   *
   * @param key the list
   * @param value the unique value appended
   * @param client the Jepsen process that wrote it
   * @param group the client's group under Sentinel, or null
   * @param invokeMs when it was sent, ms since the run began
   * @param ackMs when it was acknowledged, ms since the run began
   * @param node the node that acknowledged it (the one the client was connected to)
   */
  public record Write(
      String key,
      long value,
      long client,
      String group,
      double invokeMs,
      double ackMs,
      String node) {

    String describe() {
      return String.format(
          Locale.ROOT,
          "key %s value %d by client %d%s, acknowledged at %.3f s by %s",
          key,
          value,
          client,
          group == null ? "" : " (group " + group + ")",
          ackMs / 1000,
          node);
    }
  }

  /**
   * A failover Sentinel finished: the old master {@code from} was replaced by {@code to}; or, with
   * {@code from} null, the moment {@code to} was promoted (which ends its old split brain).
   */
  public record Failover(double atMs, String from, String to) {}

  /**
   * @param acknowledged every acknowledged append, in history order
   * @param finalValues the final master's lists
   * @param finalMaster its name
   * @param failovers the failovers Sentinel finished, in order (empty without Sentinel)
   */
  public static InvariantResult check(
      List<Write> acknowledged,
      Map<String, Object> finalValues,
      String finalMaster,
      List<Failover> failovers) {
    List<String> splitBrain = splitBrain(acknowledged, failovers);
    if (acknowledged.isEmpty()) {
      return InvariantResult.notExercised(ID, NAME, "no append was acknowledged");
    }
    Map<String, Map<Long, Integer>> positions = new HashMap<>();
    for (Map.Entry<String, Object> e : finalValues.entrySet()) {
      Map<Long, Integer> pos = new HashMap<>();
      if (e.getValue() instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++)
          if (l.get(i) instanceof Number n) pos.putIfAbsent(n.longValue(), i);
      }
      positions.put(e.getKey(), pos);
    }
    List<Write> lost = new ArrayList<>();
    Map<String, Integer> lostByNode = new LinkedHashMap<>();
    for (Write w : acknowledged) {
      if (!positions.getOrDefault(w.key(), Map.of()).containsKey(w.value())) {
        lost.add(w);
        lostByNode.merge(w.node(), 1, Integer::sum);
      }
    }
    List<String> reordered = reordered(acknowledged, positions);
    List<String> evidence = new ArrayList<>();
    for (int i = 0; i < Math.min(lost.size(), EVIDENCE_LINES); i++)
      evidence.add("lost: " + lost.get(i).describe());
    if (lost.size() > EVIDENCE_LINES)
      evidence.add("... and " + (lost.size() - EVIDENCE_LINES) + " more lost (results.json)");
    for (int i = 0; i < Math.min(reordered.size(), 20); i++) evidence.add(reordered.get(i));
    evidence.addAll(splitBrain);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("acknowledged", acknowledged.size());
    details.put("finalMaster", finalMaster);
    details.put("lostTotal", lost.size());
    details.put(
        "lost",
        lost.stream()
            .limit(DETAILS_LOST)
            .map(
                w -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("key", w.key());
                  m.put("value", w.value());
                  m.put("client", w.client());
                  if (w.group() != null) m.put("group", w.group());
                  m.put("ackMs", Math.round(w.ackMs()));
                  m.put("node", w.node());
                  return (Object) m;
                })
            .toList());
    details.put("outOfOrder", reordered.size());
    details.put("splitBrain", splitBrain);
    if (lost.isEmpty() && reordered.isEmpty()) {
      return new InvariantResult(
              ID,
              NAME,
              io.replicheck.checker.Verdict.VALID,
              "all "
                  + acknowledged.size()
                  + " acknowledged appends are on the final master "
                  + finalMaster
                  + ", in acknowledgement order"
                  + (splitBrain.isEmpty() ? "" : "; " + splitBrain.get(0)),
              List.copyOf(splitBrain))
          .withDetails(details);
    }
    StringBuilder reason = new StringBuilder();
    reason
        .append(lost.size())
        .append(" of ")
        .append(acknowledged.size())
        .append(" acknowledged appends lost on the final master ")
        .append(finalMaster);
    if (!lostByNode.isEmpty()) reason.append(" (acknowledged by ").append(lostByNode).append(")");
    if (!reordered.isEmpty())
      reason.append("; ").append(reordered.size()).append(" pairs out of acknowledgement order");
    if (!splitBrain.isEmpty()) reason.append("; ").append(splitBrain.get(0));
    return InvariantResult.invalid(ID, NAME, reason.toString(), evidence).withDetails(details);
  }

  /**
   * Pairs of surviving appends to one key where the first was acknowledged before the second was
   * sent, yet the second comes first in the list.
   */
  private static List<String> reordered(
      List<Write> acknowledged, Map<String, Map<Long, Integer>> positions) {
    Map<String, List<Write>> byKey = new LinkedHashMap<>();
    for (Write w : acknowledged)
      if (positions.getOrDefault(w.key(), Map.of()).containsKey(w.value()))
        byKey.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
    List<String> out = new ArrayList<>();
    for (List<Write> ws : byKey.values()) {
      Map<Long, Integer> pos = positions.get(ws.get(0).key());
      // sorted by acknowledgement; the latest acknowledged before each write's invoke must precede
      ws.sort((a, b) -> Double.compare(a.ackMs(), b.ackMs()));
      for (int j = 0; j < ws.size(); j++) {
        Write b = ws.get(j);
        for (int i = 0; i < j; i++) {
          Write a = ws.get(i);
          if (a.ackMs() < b.invokeMs() && pos.get(a.value()) > pos.get(b.value())) {
            out.add(
                "out of order: " + a.describe() + " is after " + b.describe() + " in " + a.key());
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * For each finished failover, the writes its old master acknowledged after it: how many, and for
   * how long (ms from the switch to the last such acknowledgement).
   */
  static List<String> splitBrain(List<Write> acknowledged, List<Failover> failovers) {
    List<String> out = new ArrayList<>();
    for (Failover f : failovers) {
      if (f.from() == null) continue;
      int count = 0;
      double last = -1;
      for (Write w : acknowledged) {
        if (w.node().equals(f.from()) && w.ackMs() > f.atMs()) {
          // until the old master itself switched (a later failover back to it does not count)
          if (laterSwitchTo(failovers, f, w.ackMs())) continue;
          count++;
          last = Math.max(last, w.ackMs());
        }
      }
      if (count > 0) {
        out.add(
            String.format(
                Locale.ROOT,
                "split brain: %s acknowledged %d writes for %.3f s after Sentinel switched to %s"
                    + " at %.3f s",
                f.from(),
                count,
                (last - f.atMs()) / 1000,
                f.to(),
                f.atMs() / 1000));
      }
    }
    return out;
  }

  private static boolean laterSwitchTo(List<Failover> failovers, Failover f, double at) {
    for (Failover g : failovers)
      if (g.atMs() > f.atMs() && g.atMs() < at && g.to().equals(f.from())) return true;
    return false;
  }
}
