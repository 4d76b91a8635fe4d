package io.replicheck.server;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.replicheck.server.core.ServerCore;

/**
 * Entry point of the reference server; starts like redis-server: {@code [redis.conf] [--directive
 * value ...]}. Logs redis-server's startup lines (a banner line with {@code PID: n}, then {@code
 * Ready to accept connections}), serves until SHUTDOWN, SIGTERM or SIGINT, and returns the exit
 * status: 0 after a clean shutdown, 1 for a bad configuration, an unreadable dump file or a port it
 * cannot listen on.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    int code = run(args);
    System.exit(code);
  }

  /** Starts the server with redis-server's arguments; returns an exit code when it stops. */
  public static int run(String[] args) {
    if (args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
      System.out.println(
          "Redis server v="
              + ServerCore.REDIS_VERSION
              + " sha=00000000:0 malloc=jvm bits=64 build=replicheck");
      return 0;
    }
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(
          "Usage: replicheck server [/path/to/redis.conf] [options]\n"
              + "Examples:\n  replicheck server --port 7777\n"
              + "  replicheck server /etc/redis/6379.conf --loglevel verbose --dir /tmp/r1");
      return 0;
    }
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    // Netty samples buffer allocations for leak reports unless told not to: a cost on every
    // command of a server process. Tests (which embed ReferenceServer, not this) keep it.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    ReferenceServer server;
    try {
      server = ReferenceServer.start(args);
    } catch (ReferenceServer.StartupException e) {
      return e.exitCode();
    }
    try {
      server.awaitStop();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
      return 1;
    }
  }
}
