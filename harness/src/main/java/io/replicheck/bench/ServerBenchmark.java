package io.replicheck.bench;

import io.replicheck.bench.BenchNodes.Running;
import io.replicheck.bench.BenchNodes.Server;
import io.replicheck.client.AdminClient;
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
 * {@code -P 16}, and ZADD, XADD, EVALSHA and PUBLISH at {@code -P 1}, both servers in one run,
 * alternating for several rounds, so the machine's load hits both alike.
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

  /**
   * One command of the data model beyond strings at {@code -P 1} (issue 15): the medians over the
   * rounds of each server's requests per second, and every round's figure.
   */
  public record CommandRow(
      String name,
      String commandLine,
      double ours,
      double redis,
      List<Double> oursRounds,
      List<Double> redisRounds) {
    public double ratio() {
      return ours / redis;
    }
  }

  /**
   * The commands measured at {@code -P 1} beside SET and GET: name, then redis-benchmark's command
   * line ({@code __rand_int__} drawn from {@code -r 100000}; {@code SHA} stands for the loaded
   * script's digest). ZADD grows one sorted set (skiplist encoding), XADD one stream, EVALSHA runs
   * a script that SETs a key (propagated as its effect), PUBLISH goes to a channel nobody
   * subscribes.
   */
  static final List<List<String>> COMMANDS =
      List.of(
          List.of("ZADD", "zadd", "bench:zset", "__rand_int__", "member:__rand_int__"),
          List.of("XADD", "xadd", "bench:stream", "*", "field", "value"),
          List.of("EVALSHA", "evalsha", "SHA", "1", "bench:key:__rand_int__", "value"),
          List.of("PUBLISH", "publish", "bench:channel", "message"));

  /** The script EVALSHA runs: one write, so its effect is what a master propagates. */
  static final String SCRIPT = "return redis.call('SET', KEYS[1], ARGV[1])";

  /** What a run measured, as the results file holds it. */
  public record Result(
      String command,
      Instant at,
      double loadAverage,
      String redisServer,
      int requests,
      int clients,
      List<Row> rows,
      int rounds,
      List<CommandRow> commands) {
    /** A run of SET and GET only (the results files before issue 15's commands). */
    public Result(
        String command,
        Instant at,
        double loadAverage,
        String redisServer,
        int requests,
        int clients,
        List<Row> rows) {
      this(command, at, loadAverage, redisServer, requests, clients, rows, 1, List.of());
    }

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
      if (!commands.isEmpty()) {
        b.append(
            String.format(
                Locale.ROOT,
                "%n| `-P 1`, median of %d rounds | command line | ours / redis | ratio | goal |%n",
                rounds));
        b.append("|---|---|---|---|---|\n");
        for (CommandRow c : commands) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "| %s | `%s` | %s / %s | %.2f | %.1f |%n",
                  c.name(),
                  c.commandLine(),
                  k(c.ours()),
                  k(c.redis()),
                  c.ratio(),
                  GOAL_P1));
        }
      }
      return b.toString();
    }

    private static String k(double rps) {
      return String.format(Locale.ROOT, rps >= 100_000 ? "%.0fk" : "%.1fk", rps / 1000);
    }
  }

  /**
   * Runs {@code redis-benchmark -t set,get -n requests -c clients -P p} against one node of each
   * server for p = 1 and 16, then each of {@link #COMMANDS} at {@code -P 1}; every measurement
   * {@code rounds} times, the two servers alternating, and the median kept. Writes {@code out}
   * (JSON) and the table next to it (.md).
   */
  public static Result run(
      Path redisServer,
      Path redisBenchmark,
      int requests,
      int clients,
      int rounds,
      String command,
      Path out,
      PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-server-");
    List<Row> rows = new ArrayList<>();
    List<CommandRow> commands = new ArrayList<>();
    try (Running ours = BenchNodes.start(Server.REFERENCE, redisServer, dir.resolve("reference"));
        Running redis = BenchNodes.start(Server.REDIS, redisServer, dir.resolve("redis"))) {
      String sha = null;
      for (Running r : List.of(ours, redis)) {
        try (AdminClient c = r.admin()) {
          String s = c.callText("SCRIPT", "LOAD", SCRIPT);
          if (sha != null && !sha.equals(s)) {
            throw new IOException("SCRIPT LOAD digests differ: " + sha + " and " + s);
          }
          sha = s;
        }
        // A warm-up for each (the JIT, redis's allocator) before anything is measured.
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
        for (List<String> c : COMMANDS) {
          BenchNodes.redisBenchmark(
              redisBenchmark,
              r.node().port(),
              commandArgs(c, sha, Math.max(1000, requests / 4), clients));
        }
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
        List<Double> setO = new ArrayList<>();
        List<Double> setR = new ArrayList<>();
        List<Double> getO = new ArrayList<>();
        List<Double> getR = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          Map<String, Double> o =
              BenchNodes.redisBenchmark(redisBenchmark, ours.node().port(), args);
          Map<String, Double> r =
              BenchNodes.redisBenchmark(redisBenchmark, redis.node().port(), args);
          setO.add(o.get("SET"));
          setR.add(r.get("SET"));
          getO.add(o.get("GET"));
          getR.add(r.get("GET"));
        }
        Row row = new Row(pipeline, median(setO), median(setR), median(getO), median(getR));
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
      for (List<String> c : COMMANDS) {
        List<String> args = commandArgs(c, sha, requests, clients);
        List<Double> o = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          o.add(only(BenchNodes.redisBenchmark(redisBenchmark, ours.node().port(), args)));
          r.add(only(BenchNodes.redisBenchmark(redisBenchmark, redis.node().port(), args)));
        }
        CommandRow row =
            new CommandRow(
                c.get(0), String.join(" ", c.subList(1, c.size())), median(o), median(r), o, r);
        log.printf(
            Locale.ROOT,
            "-P 1: %s %.0f / %.0f req/s (reference / redis), %.2fx%n",
            row.name(),
            row.ours(),
            row.redis(),
            row.ratio());
        commands.add(row);
      }
    }
    Result result =
        new Result(
            command,
            Instant.now(),
            load,
            redisServer.toString(),
            requests,
            clients,
            rows,
            rounds,
            commands);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("at", result.at().toString());
    json.put("loadAverageAtStart", load);
    json.put("loadAverageAtEnd", BenchNodes.loadAverage());
    json.put("redisServer", redisServer.toString());
    json.put("requests", requests);
    json.put("clients", clients);
    json.put("rounds", rounds);
    json.put("rows", rows);
    json.put("commands", commands);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }

  /** redis-benchmark's arguments for one of {@link #COMMANDS} at {@code -P 1}. */
  static List<String> commandArgs(List<String> c, String sha, int requests, int clients) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-n",
                Integer.toString(requests),
                "-c",
                Integer.toString(clients),
                "-P",
                "1",
                "-r",
                "100000"));
    for (String a : c.subList(1, c.size())) args.add(a.equals("SHA") ? sha : a);
    return args;
  }

  /** A custom command's run reports one test, named after its command line. */
  private static double only(Map<String, Double> rps) {
    return rps.values().iterator().next();
  }

  static double median(List<Double> xs) {
    return BenchNodes.quantile(xs, 0.5);
  }
}
