package io.replicheck.cluster;

import java.nio.file.Path;

/**
 * One server of a cluster: a fixed name, address and data folder for its whole life (restarts keep
 * them), and the master it follows, if any, which the harness changes on failover.
 */
public final class Node {
  private final String name;
  private final String host;
  private final int port;
  private final Path dir;
  private volatile String replicaOfHost;
  private volatile int replicaOfPort;

  public Node(String name, String host, int port, Path dir) {
    this.name = name;
    this.host = host;
    this.port = port;
    // absolute: servers run with their node folder as working directory, so a relative
    // --store would otherwise name a folder that does not exist from there
    this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The node's working folder: its data files and its log. */
  public Path dir() {
    return dir;
  }

  public Path logFile() {
    return dir.resolve("server.log");
  }

  /** Makes the node follow the given address on its next start ({@code null} host: a master). */
  public void replicaOf(String host, int port) {
    this.replicaOfHost = host;
    this.replicaOfPort = port;
  }

  public String replicaOfHost() {
    return replicaOfHost;
  }

  public int replicaOfPort() {
    return replicaOfPort;
  }

  @Override
  public String toString() {
    return name + "@" + host + ":" + port;
  }
}
