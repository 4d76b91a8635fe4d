package io.replicheck.proxy.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Netty's native epoll transport where it loads (Linux), NIO elsewhere or when {@code
 * -Dreplicheck.proxy.nio=true}: epoll costs less CPU per forwarded byte.
 */
public final class Transport {
  private static final boolean EPOLL =
      !Boolean.getBoolean("replicheck.proxy.nio") && Epoll.isAvailable();

  private Transport() {}

  /** "epoll" or "nio". */
  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
    return EPOLL
        ? new EpollEventLoopGroup(threads, threadFactory)
        : new NioEventLoopGroup(threads, threadFactory);
  }

  static Class<? extends ServerChannel> serverChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
