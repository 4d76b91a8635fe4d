package io.replicheck.explore.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.report.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code store/explore-<stamp>/summary.json}, what one exploration did, for machines (CI, {@code
 * replicheck merge}):
 *
 * <pre>
 * {"version":1, "servers":["reference"], "firstSeed":42, "shard":"0/1", "parallel":2,
 *  "runs":20, "timeBudgetSeconds":600, "elapsedSeconds":95.2, "schedulesRun":20,
 *  "verdicts":{"valid":19,"invalid":1},
 *  "schedules":[{"index":0,"seed":42,"server":"reference","verdict":"valid","failed":[],
 *                "runDir":"20261206-130102-register-42","description":"...","elapsedMs":5012}, ...],
 *  "failing":[{"seed":..,"server":..,"failed":["P5"],"runDir":"..","report":"../<runDir>/report.html"}],
 *  "replay":"store/.../replay.json", "corpus":{"<version>":{"features":312,"entries":17}}}
 * </pre>
 *
 * Run folders are named relative to the store; {@code report} relative to the summary's folder.
 */
public final class ExploreSummary {
  public static final String FILE = "summary.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /**
   * What the exploration was asked to do.
   *
   * @param servers the servers, "reference" or a binary path
   * @param firstSeed the seed of schedule 0
   * @param shard which part of the exploration this was
   * @param parallel lanes on this machine
   * @param runs the cap on schedules
   * @param timeBudgetSeconds the time budget
   */
  public record Plan(
      List<String> servers,
      long firstSeed,
      Shard shard,
      int parallel,
      long runs,
      long timeBudgetSeconds) {}

  private ExploreSummary() {}

  /**
   * A new folder {@code store/explore-<stamp>[-tag]} (with -2, -3 ... when the name is taken, so
   * explorations started in the same second never share one).
   */
  public static Path createDir(Path store, String tag) {
    String name = "explore-" + LocalDateTime.now().format(STAMP) + (tag == null ? "" : "-" + tag);
    try {
      Files.createDirectories(store);
      Path dir = store.resolve(name);
      for (int i = 2; ; i++) {
        try {
          return Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
          dir = store.resolve(name + "-" + i);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an explore folder in " + store, e);
    }
  }

  /** The summary of an exploration that ran {@code executed}. */
  public static ObjectNode of(
      Plan plan,
      List<Executed> executed,
      double elapsedSeconds,
      Path replay,
      Path store,
      Path exploreDir) {
    ObjectNode j = JSON.createObjectNode();
    j.put("version", 1);
    ArrayNode servers = j.putArray("servers");
    plan.servers().forEach(servers::add);
    j.put("firstSeed", plan.firstSeed());
    j.put("shard", plan.shard().toString());
    j.put("parallel", plan.parallel());
    j.put("runs", plan.runs());
    j.put("timeBudgetSeconds", plan.timeBudgetSeconds());
    j.put("elapsedSeconds", Math.round(elapsedSeconds * 10) / 10.0);
    j.put("schedulesRun", executed.size());
    Map<String, Integer> verdicts = new TreeMap<>();
    for (Executed x : executed) verdicts.merge(x.outcome().verdict(), 1, Integer::sum);
    ObjectNode v = j.putObject("verdicts");
    verdicts.forEach(v::put);
    ArrayNode schedules = j.putArray("schedules");
    ArrayNode failing = j.putArray("failing");
    for (Executed x : executed) {
      ObjectNode s = schedules.addObject();
      s.put("index", x.index());
      s.put("seed", x.seed());
      s.put("server", x.server());
      s.put("verdict", x.outcome().verdict());
      ArrayNode f = s.putArray("failed");
      new TreeSet<>(x.outcome().failed()).forEach(f::add);
      String runDir = runDir(store, x.outcome().dir());
      s.put("runDir", runDir);
      s.put("description", x.schedule().describe());
      s.put("elapsedMs", x.elapsedMs());
      if (x.outcome().invalid()) {
        ObjectNode o = failing.addObject();
        o.put("seed", x.seed());
        o.put("server", x.server());
        o.set("failed", f.deepCopy());
        o.put("runDir", runDir);
        o.put("report", report(store, exploreDir, runDir));
      }
    }
    if (replay == null) j.putNull("replay");
    else j.put("replay", replay.toString());
    j.set("corpus", corpus(store));
    return j;
  }

  /** A run folder relative to the store (its name), or null. */
  static String runDir(Path store, Path dir) {
    if (dir == null) return null;
    Path s = store.toAbsolutePath().normalize();
    Path d = dir.toAbsolutePath().normalize();
    return d.startsWith(s) ? s.relativize(d).toString() : d.toString();
  }

  /** A run's report.html as a link from the explore folder, or null. */
  static String report(Path store, Path exploreDir, String runDir) {
    if (runDir == null) return null;
    Path target = store.toAbsolutePath().normalize().resolve(runDir).resolve("report.html");
    return exploreDir.toAbsolutePath().normalize().relativize(target).toString();
  }

  /** Per corpus under {@code store/corpus/}: features seen and entries kept. */
  static ObjectNode corpus(Path store) {
    ObjectNode c = JSON.createObjectNode();
    Path root = store.resolve("corpus");
    if (!Files.isDirectory(root)) return c;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        Path features = d.resolve("features.txt");
        if (!Files.isRegularFile(features)) continue;
        long seen;
        try (Stream<String> lines = Files.lines(features)) {
          seen = lines.skip(1).filter(l -> !l.isEmpty()).count();
        }
        long entries = 0;
        if (Files.isDirectory(d.resolve("entries")))
          try (Stream<Path> es = Files.list(d.resolve("entries"))) {
            entries = es.filter(e -> Files.isRegularFile(e.resolve("entry.json"))).count();
          }
        ObjectNode o = c.putObject(d.getFileName().toString());
        o.put("features", seen);
        o.put("entries", entries);
      }
    } catch (IOException e) {
      // the summary says what it can; the corpus itself reports its own errors
    }
    return c;
  }

  public static void write(Path exploreDir, JsonNode summary) {
    Path f = exploreDir.resolve(FILE);
    try {
      AtomicFiles.write(f, w -> w.write(JSON.writeValueAsString(summary) + "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }

  /**
   * Reads a summary.
   *
   * @throws IllegalArgumentException when it is not a summary of version 1; the message names it
   */
  public static JsonNode read(Path file) {
    JsonNode j;
    try {
      j = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the summary " + file + ": " + e.getMessage());
    }
    if (j == null || j.path("version").asInt() != 1 || !j.path("schedules").isArray())
      throw new IllegalArgumentException(file + " is not an explore summary (version 1)");
    return j;
  }
}
