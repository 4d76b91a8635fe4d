package io.replicheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicheck.client.AdminClient;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.ServerBinary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the server, full-sync and lag benchmarks share: single nodes of either server started as
 * processes (stopped by their PID, and by the reaper if the JVM dies), redis-benchmark runs, key
 * loading, polling with a bound, and writing results.
 */
final class BenchNodes {
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private BenchNodes() {}

  /** The two servers a benchmark compares. */
  enum Server {
    REFERENCE("reference"),
    REDIS("redis");

    final String label;

    Server(String label) {
      this.label = label;
    }
  }

  /** One running node with its own cluster (so master and replica may be different servers). */
  record Running(ProcessCluster cluster, Node node) implements AutoCloseable {
    AdminClient admin() throws IOException {
      return AdminClient.connect(node.host(), node.port(), ADMIN_TIMEOUT);
    }

    @Override
    public void close() {
      cluster.close();
    }
  }

  /** Starts one node of {@code server}; its files go under {@code dir}. */
  static Running start(Server server, Path redisServer, Path dir) throws IOException {
    ServerBinary binary =
        server == Server.REFERENCE ? ServerBinary.reference() : ServerBinary.external(redisServer);
    Files.createDirectories(dir);
    // A full sync starts at once (redis waits 5 s by default for more replicas to share it).
    ProcessCluster cluster =
        new ProcessCluster(binary, dir, 1, List.of("--repl-diskless-sync-delay", "0"));
    try {
      Node n = cluster.nodes().get(0);
      cluster.start(n);
      return new Running(cluster, n);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Writes {@code n} keys {@code prefix:i} of {@code size} bytes with MSET batches of 100. */
  static void load(AdminClient c, String prefix, int n, int size) throws IOException {
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) 'v');
    for (int i = 0; i < n; i += 100) {
      List<Object> args = new ArrayList<>();
      args.add("MSET");
      for (int k = i; k < Math.min(n, i + 100); k++) {
        args.add(prefix + ":" + k);
        args.add(value);
      }
      c.callText(args.toArray());
    }
  }

  /**
   * Runs redis-benchmark with {@code args} against {@code port}; test name -> requests per second.
   */
  static Map<String, Double> redisBenchmark(Path tool, int port, List<String> args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                tool.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-q", "--csv"));
    // Options first: after a command line (ZADD ...) every word is one of its arguments.
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ClusterException("redis-benchmark did not finish within 600 s");
      }
      Map<String, Double> rps = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        String[] f = line.replace("\"", "").split(",");
        if (f.length > 1 && f[1].matches("[0-9.]+")) rps.put(f[0], Double.parseDouble(f[1]));
      }
      if (rps.isEmpty() || p.exitValue() != 0) {
        throw new ClusterException(
            "redis-benchmark " + String.join(" ", args) + " failed: " + text.strip());
      }
      return rps;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      if (p.isAlive()) p.destroyForcibly();
    }
  }

  /**
   * Polls every 10 ms until {@code done} or the bound passes (then throws, naming {@code what}).
   */
  static void await(String what, Duration bound, Check done) throws IOException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!done.ok()) {
      if (System.nanoTime() > deadline)
        throw new ClusterException(what + " did not happen within " + bound.toSeconds() + " s");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** A condition polled by {@link #await}. */
  interface Check {
    boolean ok() throws IOException;
  }

  /**
   * The machine's one-minute load average at the start of a benchmark: the figures depend on it.
   */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Writes {@code json} to {@code out} and {@code markdown} next to it (same name, .md). */
  static Path write(Path out, Object json, String markdown) throws IOException {
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    String name = out.getFileName().toString();
    Path md =
        out.resolveSibling(
            (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".md");
    Files.writeString(md, markdown);
    return md;
  }

  /** The {@code q} quantile (0..1) by nearest rank; NaN when empty. */
  static double quantile(List<Double> xs, double q) {
    if (xs.isEmpty()) return Double.NaN;
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int rank = (int) Math.ceil(q * s.size());
    return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
  }
}
