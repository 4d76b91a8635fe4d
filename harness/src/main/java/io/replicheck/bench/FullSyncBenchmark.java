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

/**
 * How long a replica's full sync takes: a master holding {@code keys} keys of {@code size} bytes, a
 * fresh replica told REPLICAOF, timed until its link is up and it holds every key (diskless, {@code
 * repl-diskless-sync-delay 0}); then DEBUG DIGEST is compared; for each of the four pairs of the
 * reference server and redis-server.
 */
public final class FullSyncBenchmark {
  private static final Duration BOUND = Duration.ofMinutes(10);

  private FullSyncBenchmark() {}

  /** One master -> replica pair and the seconds its full sync took. */
  public record Row(String master, String replica, double seconds, boolean digestsEqual) {}

  /** What a run measured, as the results file holds it. */
  public record Result(
      String command, Instant at, double loadAverage, int keys, int valueSize, List<Row> rows) {
    public String markdown() {
      StringBuilder b =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| full sync of %,d keys of %d bytes, until the replica has every key | seconds | DEBUG DIGEST |%n"
                      + "|---|---|---|%n",
                  keys,
                  valueSize));
      for (Row r : rows) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %s -> %s | %.2f | %s |%n",
                r.master(),
                r.replica(),
                r.seconds(),
                r.digestsEqual() ? "equal" : "**differs**"));
      }
      return b.toString();
    }
  }

  public static Result run(
      Path redisServer, int keys, int valueSize, String command, Path out, PrintStream log)
      throws IOException {
    double load = BenchNodes.loadAverage();
    Path dir = Files.createTempDirectory("replicheck-bench-fullsync-");
    List<Row> rows = new ArrayList<>();
    for (Server master : Server.values()) {
      for (Server replica : Server.values()) {
        String pair = master.label + "-" + replica.label;
        try (Running m = BenchNodes.start(master, redisServer, dir.resolve(pair + "-master"));
            Running r = BenchNodes.start(replica, redisServer, dir.resolve(pair + "-replica"));
            AdminClient mc = m.admin();
            AdminClient rc = r.admin()) {
          BenchNodes.load(mc, "k", keys, valueSize);
          long start = System.nanoTime();
          rc.callText("REPLICAOF", m.node().host(), m.node().port());
          BenchNodes.await(
              pair + " full sync",
              BOUND,
              () ->
                  "up".equals(rc.info("replication").get("master_link_status"))
                      && Long.parseLong(rc.callText("DBSIZE")) >= keys);
          double seconds = (System.nanoTime() - start) / 1e9;
          boolean equal = mc.callText("DEBUG", "DIGEST").equals(rc.callText("DEBUG", "DIGEST"));
          log.printf(
              Locale.ROOT,
              "%s -> %s: %.2f s, digests %s%n",
              master.label,
              replica.label,
              seconds,
              equal ? "equal" : "differ");
          rows.add(new Row(master.label, replica.label, seconds, equal));
        }
      }
    }
    Result result = new Result(command, Instant.now(), load, keys, valueSize, rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("at", result.at().toString());
    json.put("loadAverageAtStart", load);
    json.put("redisServer", redisServer.toString());
    json.put("keys", keys);
    json.put("valueSize", valueSize);
    json.put("rows", rows);
    BenchNodes.write(out, json, result.markdown());
    return result;
  }
}
