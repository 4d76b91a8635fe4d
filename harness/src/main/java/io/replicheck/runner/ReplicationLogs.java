package io.replicheck.runner;

import io.replicheck.cluster.Cluster;
import io.replicheck.cluster.Node;
import io.replicheck.invariant.FullSyncOffsets;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.PsyncDecisions;
import io.replicheck.invariant.ReplicationLog;
import io.replicheck.invariant.ReplicationSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every node's log after a run (the I/O edge) and checks IS1, IS2 and FS4 from it. */
final class ReplicationLogs {
  private ReplicationLogs() {}

  /** Every node's parsed log events (an unreadable log gives none). */
  static List<ReplicationLog.Event> events(Cluster cluster) {
    List<ReplicationLog.Event> events = new ArrayList<>();
    for (Node n : cluster.nodes()) {
      if (!Files.isReadable(n.logFile())) continue;
      try {
        // redis writes Latin-1 safe ASCII; a torn last line is skipped by the parser
        List<String> lines = Files.readAllLines(n.logFile(), StandardCharsets.ISO_8859_1);
        events.addAll(ReplicationLog.parse(n.name(), lines, cluster.logZone()));
      } catch (IOException e) {
        // an unreadable log leaves its decisions unjudged; the count in the reason shows it
      }
    }
    return events;
  }

  /** How many nodes have a log to read. */
  static int readable(Cluster cluster) {
    return (int) cluster.nodes().stream().filter(n -> Files.isReadable(n.logFile())).count();
  }

  /** Node names by the port each listens on (how an upstream's log names a replica). */
  static Map<Integer, String> nodeByPort(Cluster cluster) {
    Map<Integer, String> nodeByPort = new LinkedHashMap<>();
    for (Node n : cluster.nodes()) nodeByPort.put(n.port(), n.name());
    return nodeByPort;
  }

  static List<InvariantResult> check(
      List<ReplicationLog.Event> events,
      Map<Integer, String> nodeByPort,
      List<ReplicationSample> samples,
      List<ReplicationSample> finals) {
    Map<String, List<ReplicationSample.Backlog>> backlogs = new LinkedHashMap<>();
    for (ReplicationSample s : samples) {
      if (s.backlog() != null)
        backlogs.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(s.backlog());
    }
    long served =
        finals.stream()
            .mapToLong(s -> Math.max(0, s.syncFull()) + Math.max(0, s.syncPartialOk()))
            .sum();
    List<InvariantResult> results =
        new ArrayList<>(PsyncDecisions.check(events, nodeByPort, backlogs, served));
    results.add(FullSyncOffsets.check(events, samples));
    return results;
  }
}
