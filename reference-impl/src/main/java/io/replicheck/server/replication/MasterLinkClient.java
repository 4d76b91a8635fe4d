package io.replicheck.server.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The replica's TCP connection to its master: the network edge of {@link ReplicaLink}. It runs on
 * the core's event loop, so its events reach the link on the command thread, tagged with the link
 * id they belong to.
 */
final class MasterLinkClient {
  /** What the connection reports. */
  interface Events {
    void connected(long linkId);

    void connectFailed(long linkId, String reason);

    void received(long linkId, byte[] bytes);

    void disconnected(long linkId);
  }

  private final EventLoopGroup group;
  private final Events events;
  private Channel channel;

  MasterLinkClient(EventLoopGroup group, Events events) {
    this.group = group;
    this.events = events;
  }

  /** Connects, closing any previous connection first (its events are no longer reported). */
  void connect(String host, int port, long linkId, int timeoutMillis) {
    close();
    Bootstrap b =
        new Bootstrap()
            .group(group)
            // The socket type must match the core's event loop (epoll on Linux, else NIO).
            .channel(
                group instanceof EpollEventLoopGroup
                    ? EpollSocketChannel.class
                    : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new Handler(linkId));
                  }
                });
    ChannelFuture f = b.connect(host, port);
    channel = f.channel();
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            Throwable c = done.cause();
            events.connectFailed(linkId, c == null ? "connect failed" : rootMessage(c));
          }
        });
  }

  private static String rootMessage(Throwable t) {
    String m = t.getMessage();
    if (m != null && m.contains("Connection refused")) {
      return "Connection refused";
    }
    return m == null ? t.getClass().getSimpleName() : m;
  }

  void send(byte[] bytes) {
    Channel c = channel;
    if (c != null && c.isActive()) {
      c.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }
  }

  void close() {
    Channel c = channel;
    channel = null;
    if (c != null) {
      c.close();
    }
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    private final long linkId;

    Handler(long linkId) {
      this.linkId = linkId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      events.connected(linkId);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        events.received(linkId, bytes);
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      events.disconnected(linkId);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
