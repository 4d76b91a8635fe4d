package io.replicheck.server.replication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A replica connection that records what the master wrote to it. */
final class RecordingOutput implements ReplicaOutput {
  final ByteArrayOutputStream written = new ByteArrayOutputStream();
  long pending;
  String closedBecause;

  @Override
  public void write(byte[] bytes) {
    written.writeBytes(bytes);
  }

  @Override
  public long pendingBytes() {
    return pending;
  }

  @Override
  public void close(String reason) {
    closedBecause = reason;
  }

  String text() {
    return written.toString(StandardCharsets.ISO_8859_1);
  }

  /** Takes what was written so far. */
  byte[] drain() {
    byte[] b = written.toByteArray();
    written.reset();
    return b;
  }
}
