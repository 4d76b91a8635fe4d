package io.replicheck.cluster;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exits of processes that ended on their own (P9), for whoever holds them (nodes, sentinels):
 * when each ended (learnt from {@link Process#onExit()}, within milliseconds) and, once the holder
 * finds one dead, its code and what its log says of its end.
 */
final class ExitRecorder {
  private final Map<Long, Instant> endedAt = new ConcurrentHashMap<>();
  private final List<NodeExit> exits = new ArrayList<>();

  /** Notes when {@code p} ends, whoever ends it. */
  void watch(Process p) {
    p.onExit().thenAccept(ended -> endedAt.put(ended.pid(), Instant.now()));
  }

  /**
   * When {@code held}'s process of {@code name} is dead (the holder takes a process out before it
   * kills or stops it, so a dead one still held ended on its own): takes it out, and records it
   * with its code and what {@code log} says of its end.
   */
  synchronized void noteIfDead(Map<String, Process> held, String name, Path log) {
    Process p = held.get(name);
    if (p == null || p.isAlive()) return;
    held.remove(name, p);
    Reaper.get().unregisterPid(p.pid());
    exits.add(
        new NodeExit(
            name,
            p.pid(),
            p.exitValue(),
            endedAt.getOrDefault(p.pid(), Instant.now()),
            ProcessCluster.exitLog(log)));
  }

  synchronized List<NodeExit> all() {
    return List.copyOf(exits);
  }
}
