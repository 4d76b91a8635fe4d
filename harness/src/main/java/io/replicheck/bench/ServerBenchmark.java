package io.replicheck.bench;

import io.replicheck.bench.BenchNodes.Running;
import io.replicheck.bench.BenchNodes.Server;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference server against redis-server under redis-benchmark: SET and GET at {@code -P 1} and
 * {@code -P 16}, both servers in one run, alternating, so the machine's load hits both alike.
 */
public final class ServerBenchmark {
  /** Goals (issue 3): ours at least this fraction of redis-server's requests per second. */
  static final double GOAL_P1 = 0.8;

  static final double GOAL_P16 = 0.5;

  private ServerBenchmark() {}

  /** One pipeline depth: requests per second of each server for SET and GET. */
  public record Row(
      int pipeline, double setOurs, double setRedis, double getOurs, double getRedis) {
    double setRatio() {
      return setOurs / setRedis;
    }

    double getRatio() {
      return getOurs / getRedis;
    }

    double goal() {
      return pipeline == 1 ? GOAL_P1 : GOAL_P16;
    }
  }

  /** What a run measured, as the results file holds it. */
  public record Result(
      String command,
      Instant at,
      double loadAverage,
      String redisServer,
      int requests,
      int clients,
      List<Row> rows) {
    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              "| pipeline | SET ours / redis | ratio | GET ours / redis | ratio | goal |\n");
      b.append("|---|---|---|---|---|---|\n");
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| `-P %d` | %s / %s | %.2f | %s / %s | %.2f | %.1f |%n",
                r.pipeline(),
                k(r.setOurs()),
                k(r.setRedis()),
                r.setRatio(),
                k(r.getOurs()),
                k(r.getRedis()),
                r.getRatio(),
                r.goal()));
      }
      return b.toString();
    }

    private static String k(double rps) {
      return String.format(Locale.ROOT, rps >= 100_000 ? "%.0fk" : "%.1fk", rps / 1000);
    }
  }

  /**
   * Runs {@code redis-benchmark -t set,get -n requests -c clients -P p} against one node of each
   * server for p = 1 and 16; writes {@code out} (JSON) and the table next to it (.md).
   */
  public static Result run(
      Path redisServer,
      Path redisBenchmark,
      int requests,
      int clients,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-server-");
    List<Row> rows = new ArrayList<>();
    try (Running ours = BenchNodes.start(Server.REFERENCE, redisServer, dir.resolve("reference"));
        Running redis = BenchNodes.start(Server.REDIS, redisServer, dir.resolve("redis"))) {
      // A warm-up for each (the JIT, redis's allocator) before anything is measured.
      for (Running r : List.of(ours, redis)) {
        BenchNodes.redisBenchmark(
            redisBenchmark,
            r.node().port(),
            List.of(
                "-t",
                "set,get",
                "-n",
                Integer.toString(Math.max(1000, requests / 4)),
                "-c",
                Integer.toString(clients),
                "-P",
                "16"));
      }
      for (int pipeline : new int[] {1, 16}) {
        List<String> args =
            List.of(
                "-t",
                "set,get",
                "-n",
                Integer.toString(requests),
                "-c",
                Integer.toString(clients),
                "-P",
                Integer.toString(pipeline));
        Map<String, Double> o = BenchNodes.redisBenchmark(redisBenchmark, ours.node().port(), args);
        Map<String, Double> r =
            BenchNodes.redisBenchmark(redisBenchmark, redis.node().port(), args);
        Row row = new Row(pipeline, o.get("SET"), r.get("SET"), o.get("GET"), r.get("GET"));
        log.printf(
            Locale.ROOT,
            "-P %d: SET %.0f / %.0f, GET %.0f / %.0f req/s (reference / redis)%n",
            pipeline,
            row.setOurs(),
            row.setRedis(),
            row.getOurs(),
            row.getRedis());
        rows.add(row);
      }
    }
    Result result =
        new Result(command, Instant.now(), load, redisServer.toString(), requests, clients, rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("at", result.at().toString());
    json.put("loadAverageAtStart", load);
    json.put("redisServer", redisServer.toString());
    json.put("requests", requests);
    json.put("clients", clients);
    json.put("rows", rows);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }
}
