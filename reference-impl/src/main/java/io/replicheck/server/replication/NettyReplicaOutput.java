package io.replicheck.server.replication;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.replicheck.server.net.ClientHandler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replica's connection on the master: the network edge of {@link ReplicaOutput} over the client's
 * Netty channel. Snapshot bytes in flight are tracked so that only the stream counts against
 * client-output-buffer-limit.
 */
final class NettyReplicaOutput implements ReplicaOutput {
  private final ClientHandler handler;
  private final AtomicLong snapshotInFlight = new AtomicLong();

  NettyReplicaOutput(ClientHandler handler) {
    this.handler = handler;
  }

  Channel channel() {
    return handler.channel();
  }

  @Override
  public void write(byte[] bytes) {
    if (channel().isActive()) {
      handler.writeRaw(Unpooled.wrappedBuffer(bytes), true);
    }
  }

  @Override
  public void writeSnapshot(byte[] bytes) {
    if (!channel().isActive()) {
      return;
    }
    long n = bytes.length;
    snapshotInFlight.addAndGet(n);
    handler.writeRaw(Unpooled.wrappedBuffer(bytes), false);
    // An empty write after it completes once the chunk before it has gone out.
    channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> snapshotInFlight.addAndGet(-n));
  }

  @Override
  public long pendingBytes() {
    return Math.max(0, handler.pendingOutputBytes() - snapshotInFlight.get());
  }

  @Override
  public void closeAfterWrites(String reason) {
    channel()
        .writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
  }

  @Override
  public void close(String reason) {
    handler.close();
  }
}
