package io.replicheck.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Sentinel (Debian's {@code redis-sentinel}, or {@code redis-server --sentinel}) as a
 * child process for tests: a generated {@code sentinel.conf} in its own dir (Sentinel rewrites it
 * as it learns), a free 127.0.0.1 port, one monitored master. {@link #start} returns once it
 * answers PING or fails within a bound with the tail of its log; {@link #close} kills it by PID.
 * Sentinel's events ({@code +sdown}, {@code +switch-master}, ...) are in {@link #log()}.
 */
public final class SentinelProcess implements AutoCloseable {
  private static final long READY_SECONDS = 30;

  /** What a sentinel monitors and how fast it decides (milliseconds). */
  public record Monitor(
      String masterName,
      String host,
      int port,
      int quorum,
      long downAfterMillis,
      long failoverTimeoutMillis) {
    /** The directives that set this up in sentinel.conf. */
    List<String> directives() {
      return List.of(
          "sentinel monitor " + masterName + " " + host + " " + port + " " + quorum,
          "sentinel down-after-milliseconds " + masterName + " " + downAfterMillis,
          "sentinel failover-timeout " + masterName + " " + failoverTimeoutMillis,
          "sentinel parallel-syncs " + masterName + " 1");
    }
  }

  public final String name;
  public final int port;
  public final Path dir;
  public final Path configFile;
  public final Path logFile;
  private final Path stdoutFile;
  private final Process process;

  private SentinelProcess(String name, int port, Path dir, Process process) {
    this.name = name;
    this.port = port;
    this.dir = dir;
    this.configFile = dir.resolve("sentinel.conf");
    this.logFile = dir.resolve(name + ".log");
    this.stdoutFile = dir.resolve(name + ".out");
    this.process = process;
  }

  /**
   * Starts a sentinel in {@code dir} monitoring {@code monitor}; {@code extra} lines are appended
   * to its sentinel.conf (for example {@code sentinel announce-ip ...}).
   */
  public static SentinelProcess start(String name, Path dir, Monitor monitor, String... extra)
      throws IOException {
    Files.createDirectories(dir);
    int port = Tools.freePort();
    List<String> conf = new ArrayList<>();
    conf.add("port " + port);
    conf.add("bind 127.0.0.1");
    conf.add("daemonize no");
    conf.add("dir " + dir.toAbsolutePath());
    conf.add("logfile " + dir.resolve(name + ".log").toAbsolutePath());
    conf.addAll(monitor.directives());
    conf.addAll(List.of(extra));
    Path file = dir.resolve("sentinel.conf");
    Files.writeString(file, String.join("\n", conf) + "\n", StandardCharsets.UTF_8);
    SentinelProcess s =
        new SentinelProcess(
            name,
            port,
            dir,
            new ProcessBuilder(command(file))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .start());
    try {
      s.awaitReady();
    } catch (AssertionError | IOException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** {@code redis-sentinel <conf>} when installed (Debian's package), else redis-server's mode. */
  static List<String> command(Path conf) {
    return Tools.onPath("redis-sentinel")
        .map(p -> List.of(p.toString(), conf.toString()))
        .orElseGet(
            () -> List.of(Tools.require("redis-server").toString(), conf.toString(), "--sentinel"));
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    String last = "no answer";
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " at start:\n" + tail());
      }
      try (RespClient c = RespClient.connect(port)) {
        Object pong = c.reply("PING");
        if ("PONG".equals(pong)) {
          return;
        }
        last = String.valueOf(pong);
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name
                + " did not answer PING within "
                + READY_SECONDS
                + " s ("
                + last
                + "):\n"
                + tail());
      }
      RedisServerProcess.sleep(50);
    }
  }

  public RespClient client() throws IOException {
    return RespClient.connect(port);
  }

  /** SENTINEL GET-MASTER-ADDR-BY-NAME: "host:port", or null when it knows no such master. */
  public String masterAddress(String masterName) throws IOException {
    try (RespClient c = client()) {
      Object r = c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
      if (!(r instanceof List<?> l) || l.size() != 2) {
        return null;
      }
      return l.get(0) + ":" + l.get(1);
    }
  }

  /** SENTINEL REPLICAS: one field map per replica it knows. */
  public List<Map<String, String>> replicas(String masterName) throws IOException {
    return instances("REPLICAS", masterName);
  }

  /** SENTINEL SENTINELS: one field map per other sentinel it knows. */
  public List<Map<String, String>> sentinels(String masterName) throws IOException {
    return instances("SENTINELS", masterName);
  }

  /** SENTINEL MASTER: the master's fields (ip, port, flags, num-slaves, ...). */
  public Map<String, String> master(String masterName) throws IOException {
    try (RespClient c = client()) {
      return fields((List<?>) c.call("SENTINEL", "MASTER", masterName));
    }
  }

  private List<Map<String, String>> instances(String what, String masterName) throws IOException {
    try (RespClient c = client()) {
      List<Map<String, String>> out = new ArrayList<>();
      for (Object o : (List<?>) c.call("SENTINEL", what, masterName)) {
        out.add(fields((List<?>) o));
      }
      return out;
    }
  }

  private static Map<String, String> fields(List<?> flat) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      m.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    return m;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The sentinel's log so far ("" before it has one): its events, one a line. */
  public String log() {
    return LogFiles.read(logFile);
  }

  /** The last 3000 characters of the log and stdout, for failure messages. */
  public String tail() {
    return LogFiles.tail(logFile, stdoutFile);
  }

  /** Kills the process by its PID and waits at most 10 s for it. */
  @Override
  public void close() {
    process.toHandle().destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port + " (pid " + process.pid() + ")";
  }
}
