package io.replicheck.server.replication;

import java.util.ArrayList;
import java.util.List;

/** Keeps log lines for assertions. */
final class RecordingLog implements ReplicationLogSink {
  final List<String> lines = new ArrayList<>();

  @Override
  public void log(Level level, String message) {
    lines.add(level + " " + message);
  }

  boolean contains(String fragment) {
    return lines.stream().anyMatch(l -> l.contains(fragment));
  }
}
