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
 * A master's write throughput and its replicas' lag: {@code redis-benchmark -t set -r 100000}
 * against a master with one (or more) replicas attached while, every 100 ms, each replica's {@code
 * master_repl_offset} and then the master's are read; a sample's lag is the largest difference in
 * bytes (over-stated by what the master wrote between the reads; the master's view of the replica's
 * offset is not used, since replicas acknowledge only once a second). After the load, the offsets
 * must meet. For redis -> redis and reference -> reference, each with every replica count asked
 * for; the reference master's throughput is also given as a ratio to redis's with as many replicas.
 */
public final class LagBenchmark {
  private LagBenchmark() {}

  /** One pair: the master's throughput and the lag seen. */
  public record Row(
      String master,
      String replica,
      int replicas,
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
                  "| lag under `redis-benchmark -t set -n %d -c %d -r 100000 -d %d` | master throughput"
                      + " | vs redis | median lag | p99 / max lag | samples | offsets after the load"
                      + " |%n|---|---|---|---|---|---|---|%n",
                  requests,
                  clients,
                  valueSize));
      for (Row r : rows) {
        double redis = Double.NaN;
        for (Row o : rows) {
          if (o.master().equals("redis") && o.replicas() == r.replicas()) redis = o.setsPerSecond();
        }
        b.append(
            String.format(
                Locale.ROOT,
                "| %s -> %s%s | %,.0f req/s | %s | %s | %s / %s | %d | %s |%n",
                r.master(),
                r.replicas() == 1 ? "" : r.replicas() + " x ",
                r.replica(),
                r.setsPerSecond(),
                Double.isNaN(redis)
                    ? "-"
                    : String.format(Locale.ROOT, "%.2fx", r.setsPerSecond() / redis),
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
      List<Integer> replicaCounts,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-lag-");
    List<Row> rows = new ArrayList<>();
    for (int count : replicaCounts) {
      for (Server server : Server.values()) {
        rows.add(
            measure(
                server,
                count,
                redisServer,
                redisBenchmark,
                requests,
                clients,
                valueSize,
                dir,
                log));
      }
    }
    Result result = new Result(command, Instant.now(), load, requests, clients, valueSize, rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("at", result.at().toString());
    json.put("loadAverageAtStart", load);
    json.put("loadAverageAtEnd", BenchNodes.loadAverage());
    json.put("redisServer", redisServer.toString());
    json.put("requests", requests);
    json.put("clients", clients);
    json.put("valueSize", valueSize);
    json.put("rows", rows);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }

  private static Row measure(
      Server server,
      int count,
      Path redisServer,
      Path redisBenchmark,
      int requests,
      int clients,
      int valueSize,
      Path dir,
      PrintStream log)
      throws IOException {
    String pair = server.label + "-" + count + "x" + server.label;
    List<Running> nodes = new ArrayList<>();
    List<AdminClient> admins = new ArrayList<>();
    try {
      Running m = BenchNodes.start(server, redisServer, dir.resolve(pair + "-master"));
      nodes.add(m);
      AdminClient mc = m.admin();
      admins.add(mc);
      List<AdminClient> rcs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Running r = BenchNodes.start(server, redisServer, dir.resolve(pair + "-replica" + i));
        nodes.add(r);
        AdminClient rc = r.admin();
        admins.add(rc);
        rcs.add(rc);
        rc.callText("REPLICAOF", m.node().host(), m.node().port());
      }
      for (AdminClient rc : rcs) {
        BenchNodes.await(
            pair + " replica link up",
            Duration.ofMinutes(2),
            () -> "up".equals(rc.info("replication").get("master_link_status")));
      }
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
        long replica = Long.MAX_VALUE;
        for (AdminClient rc : rcs) replica = Math.min(replica, offset(rc));
        long lag = Math.max(0, offset(mc) - replica);
        lags.add((double) lag);
        max = Math.max(max, lag);
        sleep(100);
      }
      double sets = join(writes).getOrDefault("SET", Double.NaN);
      boolean caughtUp = true;
      try {
        BenchNodes.await(
            pair + " offsets meeting",
            Duration.ofSeconds(60),
            () -> {
              long master = offset(mc);
              for (AdminClient rc : rcs) if (offset(rc) != master) return false;
              return true;
            });
      } catch (io.replicheck.cluster.ClusterException e) {
        caughtUp = false;
      }
      Row row =
          new Row(
              server.label,
              server.label,
              count,
              sets,
              lags.size(),
              BenchNodes.quantile(lags, 0.5),
              BenchNodes.quantile(lags, 0.99),
              max,
              caughtUp);
      log.printf(
          Locale.ROOT,
          "%s -> %d x %s: %.0f SET/s, lag median %.0f B, p99 %.0f B, max %d B over %d samples%s%n",
          server.label,
          count,
          server.label,
          sets,
          row.medianLagBytes(),
          row.p99LagBytes(),
          max,
          lags.size(),
          caughtUp ? "" : "; offsets did not meet within 60 s");
      return row;
    } finally {
      for (AdminClient a : admins) {
        try {
          a.close();
        } catch (Exception ignored) {
          // the node goes next
        }
      }
      for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    }
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
