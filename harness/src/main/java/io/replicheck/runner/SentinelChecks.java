package io.replicheck.runner;

import io.replicheck.cluster.SentinelWiring;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlReader;
import io.replicheck.invariant.AcknowledgedWritesSurvive;
import io.replicheck.invariant.InvariantResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** P7's observations from a run: the acknowledged appends, the failovers, the final master. */
final class SentinelChecks {
  private SentinelChecks() {}

  static InvariantResult acknowledgedWrites(RunContext r) {
    int clients = r.plan.spec().clients();
    int processes = clients + r.readers;
    boolean groups = r.deployment.sentinels() != null;
    Map<Object, Double> invoked = new HashMap<>();
    List<AcknowledgedWritesSurvive.Write> writes = new ArrayList<>();
    // streamed from the history file: the run keeps no events in memory
    try (JsonlReader in = JsonlReader.open(r.history.file())) {
      for (Event e; (e = in.next()) != null; ) {
        if (e.isNemesis() || !"append".equals(e.f()) || e.time() == null) continue;
        if (e.type() == EventType.INVOKE) {
          invoked.put(e.process(), e.time() / 1e6);
        } else if (e.type() == EventType.OK && e.value() instanceof Number v) {
          long p = ((Number) e.process()).longValue();
          writes.add(
              new AcknowledgedWritesSurvive.Write(
                  String.valueOf(e.key()),
                  v.longValue(),
                  p,
                  groups ? SentinelWiring.groupOf((int) (p % processes), clients) : null,
                  invoked.getOrDefault(e.process(), e.time() / 1e6),
                  e.time() / 1e6,
                  String.valueOf(e.node())));
        }
      }
    } catch (HistoryFormatException ex) {
      throw new IllegalStateException("cannot read back the run's history: " + ex.getMessage(), ex);
    }
    return AcknowledgedWritesSurvive.check(
        writes, r.masterState().values(), r.deployment.master().name(), failovers(r));
  }

  /** Each failover once (every sentinel logs it), at its first report, in ms since the start. */
  static List<AcknowledgedWritesSurvive.Failover> failovers(RunContext r) {
    SentinelWiring w = r.deployment.sentinels();
    if (w == null) return List.of();
    long start = r.history.wallMs(0);
    List<AcknowledgedWritesSurvive.Failover> out = new ArrayList<>();
    String lastSwitch = null;
    for (SentinelWiring.Switch s : w.switchesAndPromotions()) {
      double at = s.wallMs() - start;
      if (s.promotion()) {
        out.add(new AcknowledgedWritesSurvive.Failover(at, null, s.to()));
        continue;
      }
      // the same switch, logged by the other sentinels (a promotion may be read in between)
      String k = s.from() + ">" + s.to();
      if (k.equals(lastSwitch)) continue;
      out.add(new AcknowledgedWritesSurvive.Failover(at, s.from(), s.to()));
      lastSwitch = k;
    }
    return out;
  }
}
