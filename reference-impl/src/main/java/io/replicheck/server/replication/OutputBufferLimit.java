package io.replicheck.server.replication;

/**
 * {@code client-output-buffer-limit replica <hard> <soft> <soft-seconds>}: a replica whose pending
 * output reaches {@code hard} bytes, or stays at or above {@code soft} bytes for {@code
 * softSeconds}, is disconnected (it then resyncs). 0 disables a limit.
 */
public record OutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {
  public OutputBufferLimit {
    if (hardBytes < 0 || softBytes < 0 || softSeconds < 0) {
      throw new IllegalArgumentException("output buffer limits must not be negative");
    }
  }

  /**
   * Whether a buffer of {@code pendingBytes} is over the limit now.
   *
   * @param softSinceMillis when the buffer first went over the soft limit, or -1
   */
  public boolean reached(long pendingBytes, long softSinceMillis, long nowMillis) {
    if (hardBytes > 0 && pendingBytes >= hardBytes) {
      return true;
    }
    return softBytes > 0
        && pendingBytes >= softBytes
        && softSinceMillis >= 0
        && nowMillis - softSinceMillis > softSeconds * 1000;
  }

  /** True when {@code pendingBytes} is at or above the soft limit. */
  public boolean overSoft(long pendingBytes) {
    return softBytes > 0 && pendingBytes >= softBytes;
  }
}
