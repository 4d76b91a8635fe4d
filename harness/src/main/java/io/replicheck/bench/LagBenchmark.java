package io.replicheck.bench;

import io.replicheck.bench.BenchNodes.Running;
import io.replicheck.bench.BenchNodes.Server;
import io.replicheck.client.AdminClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A replica's lag under a write load: {@code redis-benchmark -t set -r 100000} against the master
 * while, every 100 ms, the replica's {@code master_repl_offset} and then the master's are read; lag
 * is their difference in bytes (over-stated by what the master wrote between the two reads; the
 * master's view of the replica's offset is not used, since replicas acknowledge only once a
 * second). After the load, the offsets must meet. For redis -> redis and reference -> reference.
 */
public final class LagBenchmark {
  private LagBenchmark() {}

  /** One pair: the master's throughput and the lag seen. */
  public record Row(
      String master,
      String replica,
      double setsPerSecond,
      int samples,
      double medianLagBytes,
      double p99LagBytes,
      long maxLagBytes,
      boolean caughtUp) {}

  /** What a run measured, as the results file holds it. */
  public record Result(
      String command,
      Instant at,
      double loadAverage,
      int requests,
      int clients,
      int valueSize,
      List<Row> rows) {
    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| lag under `redis-benchmark -t set -n %d -c %d -r 100000 -d %d` | master throughput | median lag"
                      + " | p99 / max lag | samples | offsets after the load |%n|---|---|---|---|---|---|%n",
                  requests,
                  clients,
                  valueSize));
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s -> %s | %,.0f req/s | %s | %s / %s | %d | %s |%n",
                r.master(),
                r.replica(),
                r.setsPerSecond(),
                kb(r.medianLagBytes()),
                kb(r.p99LagBytes()),
                kb(r.maxLagBytes()),
                r.samples(),
                r.caughtUp() ? "equal" : "**not equal within 60 s**"));
      }
      return b.toString();
    }

    private static String kb(double bytes) {
      return String.format(Locale.ROOT, "%.0f KB", bytes / 1000);
    }
  }

  public static Result run(
      Path redisServer,
      Path redisBenchmark,
      int requests,
      int clients,
      int valueSize,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-lag-");
    List<Row> rows = new ArrayList<>();
    for (Server server : Server.values()) {
      String pair = server.label + "-" + server.label;
      try (Running m = BenchNodes.start(server, redisServer, dir.resolve(pair + "-master"));
          Running r = BenchNodes.start(server, redisServer, dir.resolve(pair + "-replica"));
          AdminClient mc = m.admin();
          AdminClient rc = r.admin()) {
        rc.callText("REPLICAOF", m.node().host(), m.node().port());
        BenchNodes.await(
            pair + " replica link up",
            Duration.ofMinutes(2),
            () -> "up".equals(rc.info("replication").get("master_link_status")));
        CompletableFuture<Map<String, Double>> writes =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return BenchNodes.redisBenchmark(
                        redisBenchmark,
                        m.node().port(),
                        List.of(
                            "-t",
                            "set",
                            "-n",
                            Integer.toString(requests),
                            "-c",
                            Integer.toString(clients),
                            "-r",
                            "100000",
                            "-d",
                            Integer.toString(valueSize)));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
        List<Double> lags = new ArrayList<>();
        long max = 0;
        while (!writes.isDone()) {
          long replica = offset(rc);
          long lag = Math.max(0, offset(mc) - replica);
          lags.add((double) lag);
          max = Math.max(max, lag);
          sleep(100);
        }
        double sets = join(writes).getOrDefault("SET", Double.NaN);
        boolean caughtUp = true;
        try {
          BenchNodes.await(
              pair + " offsets meeting", Duration.ofSeconds(60), () -> offset(rc) == offset(mc));
        } catch (io.replicheck.cluster.ClusterException e) {
          caughtUp = false;
        }
        Row row =
            new Row(
                server.label,
                server.label,
                sets,
                lags.size(),
                BenchNodes.quantile(lags, 0.5),
                BenchNodes.quantile(lags, 0.99),
                max,
                caughtUp);
        log.printf(
            Locale.ROOT,
            "%s -> %s: %.0f SET/s, lag median %.0f B, p99 %.0f B, max %d B over %d samples%s%n",
            server.label,
            server.label,
            sets,
            row.medianLagBytes(),
            row.p99LagBytes(),
            max,
            lags.size(),
            caughtUp ? "" : "; offsets did not meet within 60 s");
        rows.add(row);
      }
    }
    Result result = new Result(command, Instant.now(), load, requests, clients, valueSize, rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("at", result.at().toString());
    json.put("loadAverageAtStart", load);
    json.put("redisServer", redisServer.toString());
    json.put("requests", requests);
    json.put("clients", clients);
    json.put("valueSize", valueSize);
    json.put("rows", rows);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }

  /** The node's replication offset (a replica's is what it has processed). */
  private static long offset(AdminClient c) throws IOException {
    return Long.parseLong(c.info("replication").get("master_repl_offset"));
  }

  private static Map<String, Double> join(CompletableFuture<Map<String, Double>> f)
      throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c =
          e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof RuntimeException re) throw re;
      throw new IOException(c);
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
