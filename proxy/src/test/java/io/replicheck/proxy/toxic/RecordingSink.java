package io.replicheck.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records what a link delivers and when (virtual ms). */
final class RecordingSink implements Sink {
  final VirtualScheduler clock;
  final List<Long> writeTimes = new ArrayList<>();
  final List<Integer> writeSizes = new ArrayList<>();
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  long endedAt = -1;
  long resetAt = -1;

  RecordingSink(VirtualScheduler clock) {
    this.clock = clock;
  }

  @Override
  public void write(ByteBuf data) {
    writeTimes.add(clock.nanoTime());
    writeSizes.add(data.readableBytes());
    byte[] b = new byte[data.readableBytes()];
    data.readBytes(b);
    bytes.writeBytes(b);
    data.release();
  }

  @Override
  public void end() {
    endedAt = clock.nanoTime();
  }

  @Override
  public void reset() {
    resetAt = clock.nanoTime();
  }

  String text() {
    return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
