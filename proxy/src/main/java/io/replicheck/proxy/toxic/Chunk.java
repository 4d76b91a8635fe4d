package io.replicheck.proxy.toxic;

import io.netty.buffer.ByteBuf;

/**
 * Bytes read in one go from a stream's source, with when they arrived (as Toxiproxy's StreamChunk).
 */
public final class Chunk {
  final ByteBuf data;
  long timestamp;

  public Chunk(ByteBuf data, long timestamp) {
    this.data = data;
    this.timestamp = timestamp;
  }

  public ByteBuf data() {
    return data;
  }

  public int size() {
    return data.readableBytes();
  }
}
