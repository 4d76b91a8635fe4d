package io.replicheck.runner;

import io.replicheck.client.AdminClient;
import io.replicheck.cluster.Deployment;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.WaitAcknowledged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P4's probe before every fault, whatever its kind: a marker on the master, {@code WAIT n} for the
 * direct replicas (briefly), the master's own view of which replicas acknowledged it (INFO
 * replication's per-replica offsets), then each counted replica read directly: it must hold the
 * marker. The marker is deleted afterwards, so the datasets stay comparable; the probe touches no
 * link and no process, so the fault that follows runs as it would have.
 */
final class WaitProbe {
  /** WAIT's timeout: short, since the fault waits for it. */
  static final long WAIT_MS = 200;

  private static final Pattern SLAVE =
      Pattern.compile("(?:^|,)port=(\\d+),.*(?:^|,)offset=(-?\\d+)");

  private WaitProbe() {}

  /** Runs one probe; a probe that cannot run (master down, paused, refusing) records nothing. */
  static void run(Deployment d, long number) {
    Node master = d.master();
    List<Node> direct = d.replicas().stream().filter(r -> d.upstreamOf(r) == master).toList();
    if (direct.isEmpty()) return;
    String marker = "replicheck:p4-fault:" + number;
    try (AdminClient m = Deployment.admin(master)) {
      long acked;
      Map<String, Long> ackOffsets = new LinkedHashMap<>();
      long markerOffset;
      try {
        m.callText("SET", marker, "acknowledged");
        markerOffset =
            Long.parseLong(m.info("replication").getOrDefault("master_repl_offset", "-1"));
        Object w = m.call("WAIT", Integer.toString(direct.size()), Long.toString(WAIT_MS));
        if (!(w instanceof Number n) || markerOffset < 0) return;
        acked = n.longValue();
        // under Sentinel the master lists its replicas by their announced (proxied) ports
        java.util.function.ToIntFunction<Node> port =
            d.sentinels() == null ? Node::port : x -> d.sentinels().nodeAddress(x).port();
        ackOffsets = ackOffsets(m.info("replication"), direct, port);
        for (String replica :
            WaitAcknowledged.countedBy(acked, direct.size(), ackOffsets, markerOffset)) {
          Node r = direct.stream().filter(x -> x.name().equals(replica)).findFirst().orElseThrow();
          Object got;
          try (AdminClient c = Deployment.admin(r)) {
            got = c.call("GET", marker);
          }
          if (got instanceof AdminClient.RespError) continue; // loading: not read, not judged
          d.recordWaitProbe(
              WaitAcknowledged.counted(
                  marker,
                  acked,
                  direct.size(),
                  replica,
                  "acknowledged".equals(AdminClient.text(got))));
        }
      } finally {
        m.call("DEL", marker);
      }
    } catch (Exception e) {
      // a probe that could not run promises nothing; P4 counts only those that did
    }
  }

  /** Each direct replica's acknowledged offset, from the master's INFO replication. */
  static Map<String, Long> ackOffsets(Map<String, String> info, List<Node> direct) {
    return ackOffsets(info, direct, Node::port);
  }

  /** As above, with the port each replica is listed under. */
  static Map<String, Long> ackOffsets(
      Map<String, String> info, List<Node> direct, java.util.function.ToIntFunction<Node> portOf) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : info.entrySet()) {
      if (!e.getKey().matches("slave\\d+")) continue;
      Matcher m = SLAVE.matcher(e.getValue());
      if (!m.find()) continue;
      int port = Integer.parseInt(m.group(1));
      for (Node n : direct) {
        if (portOf.applyAsInt(n) == port) out.put(n.name(), Long.parseLong(m.group(2)));
      }
    }
    return out;
  }
}
