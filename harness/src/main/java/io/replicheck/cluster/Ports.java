package io.replicheck.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free loopback ports for nodes and proxies, never the same one twice in this JVM. */
public final class Ports {
  private static final Set<Integer> handedOut = new HashSet<>();

  private Ports() {}

  public static synchronized int freePort() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        int port = s.getLocalPort();
        // 6379 is left alone: a redis-server service may want it.
        if (port != 6379 && handedOut.add(port)) return port;
      } catch (IOException e) {
        throw new ClusterException("cannot find a free port: " + e.getMessage(), e);
      }
    }
    throw new ClusterException("cannot find a free port after 100 attempts");
  }
}
