package io.replicheck.server.replication;

/** Where the replication core writes its log lines (redis's wording, so tools that grep work). */
@FunctionalInterface
public interface ReplicationLogSink {
  /** redis's log levels that replication uses. */
  enum Level {
    VERBOSE,
    NOTICE,
    WARNING
  }

  void log(Level level, String message);

  /** Discards everything. */
  ReplicationLogSink NONE = (level, message) -> {};
}
