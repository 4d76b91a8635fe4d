package io.replicheck.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.replicheck.server.ServerLog;
import io.replicheck.server.core.ServerCore;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Listens on the bind addresses and runs the core on one event loop thread: connection I/O, command
 * execution and the core's timers (cron every 100 ms, blocked-client timeouts every 10 ms) all
 * happen there, so the core needs no locks. {@link #group()} is that event loop; other packages use
 * it for their own connections (the replica's link to its master).
 */
public final class NettyServer implements AutoCloseable {
  private final ServerCore core;
  private final EventLoopGroup group;
  private final List<Channel> listeners = new ArrayList<>();
  private final QueryBufferLimits limits;

  public NettyServer(ServerCore core, ServerLog log) {
    this.core = core;
    this.limits = new QueryBufferLimits(core, log);
    this.group =
        Epoll.isAvailable()
            ? new EpollEventLoopGroup(1, new DefaultThreadFactory("replicheck-core"))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("replicheck-core"));
    core.setExecutor(group.next());
  }

  public EventLoopGroup group() {
    return group;
  }

  /** Binds every address on the port (0 = any free port); returns the port bound. */
  public int bind(List<String> addresses, int port) throws Exception {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(
                Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 511)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 8 << 20))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new ClientHandler(core, limits));
                  }
                });
    int bound = port;
    for (String a : addresses) {
      // "-addr" is optional as in redis: skipped when it cannot be bound (e.g. no IPv6).
      boolean optional = a.startsWith("-");
      String host = optional ? a.substring(1) : a;
      if (host.equals("*")) {
        host = "0.0.0.0";
      } else if (host.equals("::*")) {
        host = "::";
      }
      try {
        Channel ch = b.bind(new InetSocketAddress(host, bound)).sync().channel();
        bound = ((InetSocketAddress) ch.localAddress()).getPort();
        listeners.add(ch);
      } catch (Exception e) {
        if (!optional) {
          throw e;
        }
      }
    }
    if (listeners.isEmpty()) {
      throw new java.io.IOException("no address could be bound");
    }
    return bound;
  }

  /** Starts the core's timers on the event loop. */
  public void startTimers() {
    group.next().scheduleAtFixedRate(core::cron, 100, 100, TimeUnit.MILLISECONDS);
    group.next().scheduleAtFixedRate(core::fastCron, 10, 10, TimeUnit.MILLISECONDS);
  }

  /**
   * Stops accepting connections, at once: called on the event loop by SHUTDOWN, whose process exits
   * right after (redis closes its listening sockets as it prepares to exit), so that no client, and
   * no replica asking to continue, is served by a server that is going away.
   */
  public void stopListening() {
    for (Channel c : listeners) c.close();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
