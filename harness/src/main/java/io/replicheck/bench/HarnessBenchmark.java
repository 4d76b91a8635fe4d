package io.replicheck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replicheck.cluster.ClusterException;
import io.replicheck.cluster.Node;
import io.replicheck.cluster.ProcessCluster;
import io.replicheck.cluster.ServerBinary;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.runner.ChaosProxy;
import io.replicheck.runner.LinearizabilityCheck;
import io.replicheck.runner.Progress;
import io.replicheck.runner.RunResult;
import io.replicheck.runner.RunSpec;
import io.replicheck.runner.Runner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The harness's scale figure: for each client count, a run with no faults (clients through the
 * chaos proxy, replicas, sampling, history on disk, every check), reporting recorded ops/s and how
 * long P3 took; and plain redis-benchmark SET on one node of the same server with the same number
 * of connections, for what the server alone does.
 */
public final class HarnessBenchmark {

  /** One client count's figures. */
  public record Row(
      int clients,
      double seconds,
      long okOps,
      double opsPerSecond,
      String verdict,
      String p3,
      double baselineSetPerSecond,
      double recorderOpsPerSecond,
      double cpuMicrosPerOp,
      String loadAverage) {}

  /** All rows, with what ran. */
  public record Result(String server, String workload, List<Row> rows) {
    public void write(Path out) throws IOException {
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", "harness");
      json.put("server", server);
      json.put("workload", workload);
      json.put("cores", Runtime.getRuntime().availableProcessors());
      json.put("rows", rows);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    }

    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              "| clients | run | ok ops | recorded ops/s | verdict | P3 | redis-benchmark SET/s (same server, same connections) | harness / redis-benchmark | recorder alone, ops/s (same threads) | harness CPU µs per op | load average |\n");
      b.append("|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|\n");
      for (Row r : rows) {
        b.append(
            String.format(
                "| %d | %.0f s | %d | %.0f | %s | %s | %.0f | %.2f | %.0f | %.1f | %s |%n",
                r.clients,
                r.seconds,
                r.okOps,
                r.opsPerSecond,
                r.verdict,
                r.p3,
                r.baselineSetPerSecond,
                r.opsPerSecond / r.baselineSetPerSecond,
                r.recorderOpsPerSecond,
                r.cpuMicrosPerOp,
                r.loadAverage));
      }
      return b.toString();
    }
  }

  private HarnessBenchmark() {}

  public static Result run(
      Path server,
      String workload,
      Duration time,
      List<Integer> clientCounts,
      LongFunction<ChaosProxy> proxy,
      LinearizabilityCheck checker,
      PrintStream out)
      throws IOException {
    Path store = Files.createTempDirectory("replicheck-bench-");
    List<Row> rows = new ArrayList<>();
    for (int clients : clientCounts) {
      RunSpec spec =
          RunSpec.builder()
              .workload(workload)
              .nemeses("none")
              .time(time)
              .seed(1)
              .clients(clients)
              .server(server)
              .keys(Math.max(5, clients / 4))
              .store(store)
              .build();
      long t0 = System.nanoTime();
      String load = loadAverage();
      DriveCpu cpu = new DriveCpu(Progress.to(out));
      RunResult r = new Runner(proxy, checker, cpu).run(spec);
      double seconds = time.toMillis() / 1000.0;
      long ok = countOk(io.replicheck.history.JsonlFormat.runHistory(r.dir()));
      String p3 =
          r.invariants().stream()
              .filter(i -> i.id().equals("P3"))
              .map(InvariantResult::reason)
              .findFirst()
              .orElse("-");
      double baseline = redisBenchmark(server, clients);
      double recorder;
      try {
        recorder = RecorderBenchmark.opsPerSecond(clients, Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      rows.add(
          new Row(
              clients,
              seconds,
              ok,
              ok / seconds,
              r.verdict().json(),
              p3,
              baseline,
              recorder,
              cpu.microsPerOp(),
              load));
      out.printf(
          "clients %d: %d ok ops in %.0f s (%.0f/s, %.1f µs of this JVM's CPU per op), run took %.0f"
              + " s%n",
          clients, ok, seconds, ok / seconds, cpu.microsPerOp(), (System.nanoTime() - t0) / 1e9);
    }
    ServerBinary binary = server == null ? ServerBinary.reference() : ServerBinary.external(server);
    return new Result(binary.describe(), workload, rows);
  }

  /** The 1, 5 and 15 minute load averages, or "?": how busy the machine was. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /**
   * This JVM's CPU time per op while the clients run (the clients, Lettuce, the embedded chaos
   * proxy, the history writer and the sampler), from the run's progress ticks: from the first tick
   * past a third of the drive (class loading, JIT and connecting are behind by then) to the last
   * tick, CPU time over the ops between them. Unlike ops/s it hardly depends on what else the
   * machine runs.
   */
  private static final class DriveCpu implements Progress {
    private final Progress out;
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private long cpuFrom = -1;
    private long opsFrom;
    private long cpu;
    private long ops;

    DriveCpu(Progress out) {
      this.out = out;
    }

    @Override
    public void phase(String phase, String detail) {
      out.phase(phase, detail);
    }

    @Override
    public void tick(
        long elapsedMs,
        long remainingMs,
        long ops,
        double opsPerSecond,
        int faults,
        String activeFault) {
      long now = os.getProcessCpuTime();
      if (cpuFrom < 0 && elapsedMs * 3 >= elapsedMs + remainingMs) {
        cpuFrom = now;
        opsFrom = ops;
      } else if (cpuFrom >= 0) {
        this.cpu = now - cpuFrom;
        this.ops = ops - opsFrom;
      }
      out.tick(elapsedMs, remainingMs, ops, opsPerSecond, faults, activeFault);
    }

    /** CPU µs per op past the drive's first third, or -1 when no op completed there. */
    double microsPerOp() {
      return ops <= 0 ? -1 : cpu / 1000.0 / ops;
    }
  }

  /** ok completions of workload clients (replica readers included: they are recorded ops too). */
  private static long countOk(Path history) throws IOException {
    long ok = 0;
    try (io.replicheck.history.JsonlReader in = io.replicheck.history.JsonlReader.open(history)) {
      for (io.replicheck.history.Event e; (e = in.next()) != null; ) {
        if (e.type() == io.replicheck.history.EventType.OK) ok++;
      }
    } catch (io.replicheck.history.HistoryFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
    return ok;
  }

  /**
   * redis-benchmark SET with {@code connections} clients on one node of the server; -1 when
   * unavailable.
   */
  private static double redisBenchmark(Path server, int connections) throws IOException {
    Path tool = Path.of("/usr/bin/redis-benchmark");
    if (!Files.isExecutable(tool)) return -1;
    Path dir = Files.createTempDirectory("replicheck-bench-node-");
    ServerBinary binary = server == null ? ServerBinary.reference() : ServerBinary.external(server);
    try (ProcessCluster cluster = new ProcessCluster(binary, dir, 1, List.of())) {
      Node n = cluster.nodes().get(0);
      cluster.start(n);
      Process p =
          new ProcessBuilder(
                  tool.toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(n.port()),
                  "-t",
                  "set",
                  "-n",
                  "200000",
                  "-c",
                  Integer.toString(connections),
                  "-q",
                  "--csv")
              .redirectErrorStream(true)
              .start();
      String text;
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ClusterException("redis-benchmark did not finish in 120 s");
      }
      text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String[] f = line.replace("\"", "").split(",");
        if (f.length > 1 && f[0].equals("SET")) return Double.parseDouble(f[1]);
      }
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
