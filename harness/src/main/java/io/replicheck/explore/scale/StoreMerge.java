package io.replicheck.explore.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.explore.coverage.Corpus;
import io.replicheck.explore.coverage.CoverageLog;
import io.replicheck.explore.coverage.ExplorePage;
import io.replicheck.report.AtomicFiles;
import io.replicheck.report.StoreIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code replicheck merge}: joins the stores of several shards (or machines) into one new store.
 * Run and explore folders are copied (a name taken by an earlier store gets -2, -3 ...); each
 * corpus {@code corpus/<version>/} is joined, hit counts added and entries copied with new numbers
 * after those of earlier stores; the summaries of the explorations are joined into {@code
 * explore-<stamp>-merged/summary.json} with its explore.html (and matrix when several servers ran).
 */
public final class StoreMerge {

  /**
   * What a merge made.
   *
   * @param out the merged store
   * @param runs folders copied
   * @param renamed those that got a new name
   * @param corpora per corpus version: features and entries after the merge
   * @param summary the merged summary, or null when no store had one
   * @param warnings what looked wrong (missing or repeated shards, repeated seeds)
   */
  public record Result(
      Path out,
      int runs,
      int renamed,
      Map<String, int[]> corpora,
      Path summary,
      List<String> warnings) {}

  private StoreMerge() {}

  /**
   * Merges {@code stores} into {@code out}, which must not exist or be empty.
   *
   * @throws IllegalArgumentException when an input is not a folder or {@code out} is not new
   */
  public static Result merge(List<Path> stores, Path out, PrintStream log) {
    if (stores.isEmpty()) throw new IllegalArgumentException("merge needs at least one store");
    Path o = out.toAbsolutePath().normalize();
    for (Path s : stores) {
      if (!Files.isDirectory(s)) throw new IllegalArgumentException("no store folder at " + s);
      if (s.toAbsolutePath().normalize().equals(o))
        throw new IllegalArgumentException("--into " + out + " is one of the stores merged");
    }
    try {
      if (Files.exists(out)) {
        try (Stream<Path> l = Files.list(out)) {
          if (l.findAny().isPresent())
            throw new IllegalArgumentException("--into " + out + " exists and is not empty");
        }
      }
      Files.createDirectories(out);
      List<String> warnings = new ArrayList<>();
      int runs = 0;
      int renamed = 0;
      // per store: old folder name -> new one
      List<Map<String, String>> names = new ArrayList<>();
      for (Path s : stores) {
        Map<String, String> map = new HashMap<>();
        try (Stream<Path> l = Files.list(s)) {
          for (Path d : l.sorted().toList()) {
            String name = d.getFileName().toString();
            if (name.startsWith(".") || name.equals("corpus") || name.equals("latest")) continue;
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) continue;
            String target = name;
            for (int i = 2; Files.exists(out.resolve(target)); i++) target = name + "-" + i;
            copyTree(d, out.resolve(target));
            map.put(name, target);
            runs++;
            if (!target.equals(name)) renamed++;
          }
        }
        names.add(map);
      }
      Map<String, int[]> corpora = mergeCorpora(stores, names, out);
      Path summary = mergeSummaries(stores, names, out, warnings);
      try {
        StoreIndex.render(out);
      } catch (RuntimeException e) {
        warnings.add("the store's index.html could not be drawn: " + e.getMessage());
      }
      warnings.forEach(w -> log.println("warning: " + w));
      return new Result(out, runs, renamed, corpora, summary, warnings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot merge into " + out + ": " + e.getMessage(), e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** A run folder as a store named it, in the merged store (same text when not one of ours). */
  private static String renamed(String runDir, Map<String, String> names, Path out) {
    if (runDir == null || runDir.isEmpty()) return runDir;
    Path p = Path.of(runDir);
    String n = names.get(p.getFileName().toString());
    if (n == null) return runDir;
    return p.getNameCount() == 1 ? n : out.resolve(n).toString();
  }

  private static Map<String, int[]> mergeCorpora(
      List<Path> stores, List<Map<String, String>> names, Path out) throws IOException {
    Map<String, int[]> done = new TreeMap<>();
    // version -> summed hits; version -> next entry number
    Map<String, Map<String, Long>> hits = new TreeMap<>();
    Map<String, Integer> next = new HashMap<>();
    for (int i = 0; i < stores.size(); i++) {
      Path root = stores.get(i).resolve("corpus");
      if (!Files.isDirectory(root)) continue;
      List<Path> versions;
      try (Stream<Path> l = Files.list(root)) {
        versions = l.filter(Files::isDirectory).sorted().toList();
      }
      for (Path v : versions) {
        String version = v.getFileName().toString();
        Corpus c = Corpus.open(stores.get(i), version); // reads and checks every file
        Map<String, Long> sum = hits.computeIfAbsent(version, k -> new TreeMap<>());
        c.hitCounts().forEach((f, n) -> sum.merge(f, n, Long::sum));
        Path dir = out.resolve("corpus").resolve(version);
        for (Corpus.Entry e : c.entries()) {
          int id = next.merge(version, 1, Integer::sum);
          Path d = dir.resolve("entries").resolve(String.format(Locale.ROOT, "%06d", id));
          Files.createDirectories(d);
          AtomicFiles.write(d.resolve("schedule.json"), w -> w.write(e.scheduleJson()));
          ObjectNode j = ExploreSummary.JSON.createObjectNode();
          j.put("version", 1);
          j.put("id", id);
          ArrayNode a = j.putArray("novel");
          e.novel().forEach(a::add);
          j.put("runDir", renamed(e.runDir(), names.get(i), out));
          j.put("addedAtMs", e.addedAtMs());
          AtomicFiles.write(
              d.resolve("entry.json"),
              w -> w.write(ExploreSummary.JSON.writeValueAsString(j) + "\n"));
        }
      }
    }
    for (Map.Entry<String, Map<String, Long>> v : hits.entrySet()) {
      Path dir = out.resolve("corpus").resolve(v.getKey());
      Files.createDirectories(dir.resolve("entries"));
      StringBuilder b = new StringBuilder(Corpus.HEADER).append('\n');
      v.getValue().forEach((f, n) -> b.append(n).append('\t').append(f).append('\n'));
      AtomicFiles.write(dir.resolve("features.txt"), w -> w.write(b.toString()));
      done.put(v.getKey(), new int[] {v.getValue().size(), next.getOrDefault(v.getKey(), 0)});
    }
    return done;
  }

  private static Path mergeSummaries(
      List<Path> stores, List<Map<String, String>> names, Path out, List<String> warnings)
      throws IOException {
    List<JsonNode> summaries = new ArrayList<>();
    List<Integer> of = new ArrayList<>();
    for (int i = 0; i < stores.size(); i++) {
      try (Stream<Path> l = Files.list(stores.get(i))) {
        for (Path d : l.sorted().toList()) {
          Path f = d.resolve(ExploreSummary.FILE);
          if (d.getFileName().toString().startsWith("explore-") && Files.isRegularFile(f)) {
            summaries.add(ExploreSummary.read(f));
            of.add(i);
          }
        }
      }
    }
    if (summaries.isEmpty()) return null;
    Path dir = ExploreSummary.createDir(out, "merged");
    ObjectNode m = ExploreSummary.JSON.createObjectNode();
    m.put("version", 1);
    Set<String> servers = new LinkedHashSet<>();
    Set<Long> firstSeeds = new TreeSet<>();
    Map<String, Integer> verdicts = new TreeMap<>();
    List<ObjectNode> schedules = new ArrayList<>();
    ArrayNode sources = m.putArray("merged");
    Map<Integer, Set<Integer>> shardsByCount = new TreeMap<>();
    Set<String> seen = new TreeSet<>();
    double elapsed = 0;
    for (int k = 0; k < summaries.size(); k++) {
      JsonNode s = summaries.get(k);
      s.path("servers").forEach(x -> servers.add(x.asText()));
      firstSeeds.add(s.path("firstSeed").asLong());
      elapsed = Math.max(elapsed, s.path("elapsedSeconds").asDouble());
      String shard = s.path("shard").asText("0/1");
      ObjectNode src = sources.addObject();
      src.put("store", stores.get(of.get(k)).toString());
      src.put("shard", shard);
      src.put("schedulesRun", s.path("schedulesRun").asInt());
      try {
        Shard sh = Shard.parse(shard);
        if (!shardsByCount.computeIfAbsent(sh.count(), c -> new TreeSet<>()).add(sh.index()))
          warnings.add("shard " + shard + " appears more than once");
      } catch (IllegalArgumentException e) {
        warnings.add(e.getMessage());
      }
      for (JsonNode x : s.path("schedules")) {
        ObjectNode c = x.deepCopy();
        c.put("runDir", renamed(x.path("runDir").asText(null), names.get(of.get(k)), out));
        c.put("shard", shard);
        if (!seen.add(x.path("seed").asLong() + " " + x.path("server").asText()))
          warnings.add("seed " + x.path("seed").asLong() + " ran more than once");
        verdicts.merge(x.path("verdict").asText("unknown"), 1, Integer::sum);
        schedules.add(c);
      }
    }
    if (firstSeeds.size() > 1)
      warnings.add("the stores explored from different first seeds " + firstSeeds);
    shardsByCount.forEach(
        (n, got) -> {
          if (got.size() < n)
            for (int i = 0; i < n; i++)
              if (!got.contains(i)) warnings.add("shard " + i + "/" + n + " is missing");
        });
    schedules.sort(
        Comparator.comparingLong((ObjectNode x) -> x.path("seed").asLong())
            .thenComparing(x -> x.path("server").asText()));
    ArrayNode sv = m.putArray("servers");
    servers.forEach(sv::add);
    m.put("firstSeed", firstSeeds.iterator().next());
    m.put("elapsedSeconds", elapsed);
    m.put("schedulesRun", schedules.size());
    ObjectNode v = m.putObject("verdicts");
    verdicts.forEach(v::put);
    ArrayNode all = m.putArray("schedules");
    ArrayNode failing = m.putArray("failing");
    for (ObjectNode x : schedules) {
      all.add(x);
      if (x.path("verdict").asText().equals("invalid")) {
        ObjectNode f = failing.addObject();
        f.put("seed", x.path("seed").asLong());
        f.put("server", x.path("server").asText());
        f.set("failed", x.path("failed").deepCopy());
        String run = x.path("runDir").asText(null);
        f.put("runDir", run);
        f.put("report", ExploreSummary.report(out, dir, run));
      }
    }
    m.set("corpus", ExploreSummary.corpus(out));
    ExploreSummary.write(dir, m);
    page(out, dir, schedules, List.copyOf(servers));
    return dir.resolve(ExploreSummary.FILE);
  }

  /**
   * explore.html of the merged schedules, in the order they finished; the matrix if servers > 1.
   */
  private static void page(Path out, Path dir, List<ObjectNode> schedules, List<String> servers)
      throws IOException {
    Map<String, Set<String>> novelByRun = new HashMap<>();
    List<Corpus.Entry> entries = new ArrayList<>();
    Path root = out.resolve("corpus");
    if (Files.isDirectory(root))
      try (Stream<Path> l = Files.list(root)) {
        for (Path v : l.filter(Files::isDirectory).sorted().toList()) {
          for (Corpus.Entry e : Corpus.open(out, v.getFileName().toString()).entries()) {
            entries.add(e);
            if (!e.runDir().isEmpty())
              novelByRun.put(Path.of(e.runDir()).getFileName().toString(), e.novel());
          }
        }
      }
    List<ObjectNode> byTime = new ArrayList<>(schedules);
    byTime.sort(Comparator.comparingLong(x -> x.path("elapsedMs").asLong()));
    long[] now = {0};
    CoverageLog log = new CoverageLog(() -> now[0]);
    Set<String> seenSoFar = new TreeSet<>();
    int n = 0;
    List<ServerMatrix.RunVerdicts> verdicts = new ArrayList<>();
    for (ObjectNode x : byTime) {
      String run = x.path("runDir").asText(null);
      Set<String> novel =
          run == null
              ? Set.of()
              : novelByRun.getOrDefault(Path.of(run).getFileName().toString(), Set.of());
      seenSoFar.addAll(novel);
      now[0] = x.path("elapsedMs").asLong();
      log.record(
          ++n,
          x.path("verdict").asText(),
          x.path("description").asText(""),
          "shard " + x.path("shard").asText(),
          x.path("runFeatures").asInt(novel.size()),
          novel,
          seenSoFar.size(),
          run == null ? null : out.resolve(run));
      if (servers.size() > 1)
        verdicts.add(
            ServerMatrix.read(
                x.path("server").asText(),
                x.path("seed").asLong(),
                out,
                run == null ? null : out.resolve(run)));
    }
    ExplorePage.write(dir.resolve("explore.html"), "explore, merged from " + out, log, entries);
    if (servers.size() > 1) ServerMatrix.build(servers, verdicts).write(dir, out);
  }
}
