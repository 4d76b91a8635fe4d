package io.replicheck.explore.coverage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.report.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The features an exploration of one server has seen and the schedules that showed one first, kept
 * under {@code store/corpus/<server version>/} so a later exploration resumes from them:
 *
 * <pre>
 * features.txt                   "# replicheck corpus v1", then "hits TAB feature" per line
 * entries/000001/schedule.json   the schedule as given (replay.json-like), verbatim
 * entries/000001/entry.json      {"version":1,"id":1,"novel":[...],"runDir":"...","addedAtMs":...}
 * </pre>
 *
 * Hits count the runs that showed a feature, so a feature seen once is rare. Every file is written
 * through a temporary file and a move. An entry counts once its entry.json exists (written after
 * its schedule), and the features of every entry count as seen even when features.txt was not
 * rewritten after it, so a crash between two writes loses at most hit counts. A file that cannot be
 * read is an error naming it ({@link CorpusException}): the corpus is not silently started afresh,
 * since that would throw away what a long exploration found; moving the folder away starts afresh.
 * Methods are synchronized, for schedules that finish on several threads.
 */
public final class Corpus {
  public static final String HEADER = "# replicheck corpus v1";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * A schedule that showed features no earlier one had.
   *
   * @param id its number in the corpus, from 1
   * @param scheduleJson the schedule file's text
   * @param novel the features it showed first
   * @param runDir the run's store folder, as given
   * @param addedAtMs wall clock when it joined
   * @param runMillis how long its run took end to end (0: not known, an entry of an older corpus)
   */
  public record Entry(
      int id,
      String scheduleJson,
      Set<String> novel,
      String runDir,
      long addedAtMs,
      long runMillis) {
    public Entry {
      novel = Collections.unmodifiableSet(new TreeSet<>(novel));
    }

    /** An entry whose run time is not known (0). */
    public Entry(int id, String scheduleJson, Set<String> novel, String runDir, long addedAtMs) {
      this(id, scheduleJson, novel, runDir, addedAtMs, 0);
    }
  }

  /** What {@link #observe} made of one run: its new features and the entry they made, if any. */
  public record Observation(Set<String> novel, Entry entry, int seenCount) {}

  private final Path dir;
  private final Map<String, Long> hits = new TreeMap<>();
  private final List<Entry> entries = new ArrayList<>();
  // this exploration's runs with a known time, and their total: the mean run the speed compares to
  private long runs;
  private long runMillisTotal;

  private Corpus(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens (or creates) the corpus of {@code serverVersion} under {@code storeRoot/corpus/}.
   *
   * @throws CorpusException when a corpus file cannot be read; the message names it
   */
  public static Corpus open(Path storeRoot, String serverVersion) {
    Corpus c = new Corpus(storeRoot.resolve("corpus").resolve(dirName(serverVersion)));
    try {
      Files.createDirectories(c.dir.resolve("entries"));
    } catch (IOException e) {
      throw new CorpusException(
          "cannot create the corpus folder " + c.dir + ": " + e.getMessage(), e);
    }
    c.load();
    return c;
  }

  /** A server version as a folder name: letters, digits, dot, dash and underscore. */
  public static String dirName(String serverVersion) {
    String s = serverVersion == null ? "" : serverVersion.strip();
    s =
        s.replaceAll("[^A-Za-z0-9._-]+", "-")
            .replaceAll("-{2,}", "-")
            .replaceAll("^[-.]+|[-.]+$", "");
    if (s.length() > 100) s = s.substring(0, 100);
    return s.isEmpty() ? "unknown" : s;
  }

  public Path dir() {
    return dir;
  }

  /** The features of a run not seen before. */
  public synchronized Set<String> novel(Set<String> runFeatures) {
    Set<String> out = new TreeSet<>();
    for (String f : runFeatures) {
      String g = clean(f);
      if (!hits.containsKey(g)) out.add(g);
    }
    return out;
  }

  /** Counts one run's features (every one, new or not) and writes features.txt. */
  public synchronized void record(Set<String> runFeatures) {
    for (String f : runFeatures) hits.merge(clean(f), 1L, Long::sum);
    writeFeatures();
  }

  /**
   * Adds a schedule that showed {@code novel} features first; its features count as seen.
   *
   * @throws IllegalArgumentException when the schedule is not JSON or nothing is novel
   */
  public synchronized Entry add(String scheduleJson, Set<String> novel, Path runDir) {
    return add(scheduleJson, novel, runDir, 0);
  }

  /** As {@link #add(String, Set, Path)}, with the run's time end to end (0: not known). */
  public synchronized Entry add(
      String scheduleJson, Set<String> novel, Path runDir, long runMillis) {
    if (novel.isEmpty()) throw new IllegalArgumentException("a corpus entry needs a novel feature");
    try {
      JSON.readTree(scheduleJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the schedule is not JSON: " + e.getOriginalMessage(), e);
    }
    Set<String> clean = new TreeSet<>();
    for (String f : novel) clean.add(clean(f));
    int id = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).id() + 1;
    Entry e =
        new Entry(
            id,
            scheduleJson,
            clean,
            runDir == null ? "" : runDir.toString(),
            System.currentTimeMillis(),
            Math.max(0, runMillis));
    Path d = dir.resolve("entries").resolve(String.format(Locale.ROOT, "%06d", id));
    try {
      Files.createDirectories(d);
      AtomicFiles.write(d.resolve("schedule.json"), w -> w.write(scheduleJson));
      ObjectNode j = JSON.createObjectNode();
      j.put("version", 1);
      j.put("id", id);
      ArrayNode a = j.putArray("novel");
      clean.forEach(a::add);
      j.put("runDir", e.runDir());
      j.put("addedAtMs", e.addedAtMs());
      if (e.runMillis() > 0) j.put("runMillis", e.runMillis());
      AtomicFiles.write(d.resolve("entry.json"), w -> w.write(JSON.writeValueAsString(j) + "\n"));
    } catch (IOException x) {
      throw new CorpusException("cannot write the corpus entry " + d + ": " + x.getMessage(), x);
    }
    entries.add(e);
    for (String f : clean) hits.putIfAbsent(f, 0L);
    return e;
  }

  /**
   * One finished run: its new features, an entry when there are any, and its features counted. This
   * is what explore calls once per schedule.
   */
  public synchronized Observation observe(
      String scheduleJson, Set<String> runFeatures, Path runDir) {
    return observe(scheduleJson, runFeatures, runDir, 0);
  }

  /**
   * As {@link #observe(String, Set, Path)}, with how long the run took end to end (0: not known),
   * which the power schedule weighs ({@link #energy}).
   */
  public synchronized Observation observe(
      String scheduleJson, Set<String> runFeatures, Path runDir, long runMillis) {
    Set<String> novel = novel(runFeatures);
    Entry e = novel.isEmpty() ? null : add(scheduleJson, novel, runDir, runMillis);
    record(runFeatures);
    if (runMillis > 0) {
      runs++;
      runMillisTotal += runMillis;
    }
    return new Observation(novel, e, seenCount());
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized int seenCount() {
    return hits.size();
  }

  /** How many recorded runs showed a feature (0 when never recorded). */
  public synchronized long hits(String feature) {
    return hits.getOrDefault(feature, 0L);
  }

  /**
   * How rare the features an entry added are: the sum of {@link #weight}/hits over them, so an
   * entry whose features few runs showed weighs more (what {@link CoveragePolicy} favours), and one
   * whose novelty is only in the kinds of feature that re-runs of the same schedule show or not by
   * chance weighs less.
   */
  public synchronized double rarity(Entry e) {
    double w = 0;
    for (String f : e.novel()) w += weight(f) / Math.max(1, hits.getOrDefault(f, 0L));
    return w;
  }

  /**
   * What a feature first shown by an entry counts for in its {@link #rarity}: {@link #NOISY_WEIGHT}
   * for the kinds that differ most between re-runs of one schedule, measured on redis-server
   * (docs/explore.md, "How much of a run's features is noise?": of the features not in every one of
   * three re-runs, edges were 35-44 % of their kind, state orders 50-60 %, PSYNC hit-count buckets
   * about 55 %, log templates 12-20 %): edges between log templates ({@code edge:}), the order of
   * state changes ({@code order:}) and hit-count buckets ({@code ...#4-7}); 1 for the rest
   * (templates, PSYNC outcomes, INFO transitions, counters, verdicts). Such a feature is often
   * timing, not the schedule, so mutating the entry that showed it rarely shows it again; it still
   * counts as a feature and still makes an entry.
   */
  public static double weight(String feature) {
    if (feature.startsWith("edge:") || feature.startsWith("order:")) return NOISY_WEIGHT;
    if (feature.startsWith("psync:") && feature.indexOf('#') >= 0) return NOISY_WEIGHT;
    return 1.0;
  }

  /** The sum of {@link #weight} over {@code features}. */
  public static double weighted(Set<String> features) {
    double w = 0;
    for (String f : features) w += weight(f);
    return w;
  }

  /** {@link #weight} of the kinds of feature that re-runs of a schedule show or not by chance. */
  public static final double NOISY_WEIGHT = 0.25;

  /** {@link #rarity} of every entry, in the order of {@link #entries()}. */
  public synchronized List<Double> rarities() {
    List<Double> out = new ArrayList<>(entries.size());
    for (Entry e : entries) out.add(rarity(e));
    return out;
  }

  // the parts and pairs of parts of this exploration's schedules, for coverage-aware fresh draws
  private final PartCoverage partsRun = new PartCoverage();

  /**
   * The parts of schedules this exploration ran ({@link PartCoverage}; not kept on disk, like the
   * feedback below): {@link CoveragePolicy} draws fresh schedules that add to it.
   */
  public PartCoverage partsRun() {
    return partsRun;
  }

  // this exploration's mutations of each entry (by id) and how many showed a new feature; not
  // kept on disk: a resumed corpus starts every entry afresh
  private final Map<Integer, int[]> mutations = new java.util.HashMap<>();

  /** Notes that a mutation of {@code parent} ran, and whether it showed a feature first. */
  public synchronized void noteMutation(Entry parent, boolean found) {
    int[] c = mutations.computeIfAbsent(parent.id(), k -> new int[2]);
    c[0]++;
    if (found) c[1]++;
  }

  // this exploration's schedules by origin, discounted by DECAY per schedule of the same origin:
  // fresh runs, fresh new features, mutation runs, mutation new features
  private final double[] yields = new double[4];

  /**
   * How much a schedule's yield counts less with each later schedule of its origin: the yield that
   * matters is the recent one (fresh draws find dozens of features per run at first and a few
   * later), so about the last five runs of each origin decide.
   */
  static final double DECAY = 0.8;

  /**
   * Notes that a schedule ran, a mutation or a fresh draw, and how many features it showed first.
   */
  public synchronized void noteOrigin(boolean mutation, int newFeatures) {
    noteOrigin(mutation, (double) newFeatures);
  }

  /**
   * As {@link #noteOrigin(boolean, int)} with the new features counted by their {@link #weight}
   * ({@link #weighted}), so features that come and go by chance count less toward either kind.
   */
  public synchronized void noteOrigin(boolean mutation, double newFeatures) {
    int at = mutation ? 2 : 0;
    yields[at] = yields[at] * DECAY + 1;
    yields[at + 1] = yields[at + 1] * DECAY + Math.max(0, newFeatures);
  }

  /** As {@link #noteOrigin(boolean, int)} with one new feature when {@code found}. */
  public synchronized void noteOrigin(boolean mutation, boolean found) {
    noteOrigin(mutation, found ? 1 : 0);
  }

  /**
   * The share of mutations to draw, from {@code base} (the policy's, when nothing is known yet):
   * {@code base} scaled by how many new features a mutation showed per run, lately, against a fresh
   * draw (each a discounted mean with one feature per run as its prior), kept within [0.2, 0.8] so
   * neither kind is ever starved. The currency is new features, not runs that found any: measured
   * on redis-server (docs/explore.md), the first fresh draws showed 20 to 90 new features each
   * while mutations of the first entries showed 0 to 10, yet both counted as "found something", so
   * half of the early runs went to mutations that found a tenth as much. Never above 0 when {@code
   * base} is 0.
   */
  public synchronized double mutationShare(double base) {
    if (base <= 0) return 0;
    double fresh = (yields[1] + 1.0) / (yields[0] + 1.0);
    double mutated = (yields[3] + 1.0) / (yields[2] + 1.0);
    double share = base * 2 * mutated / (mutated + fresh);
    return Math.max(MIN_SHARE, Math.min(MAX_SHARE, share));
  }

  /** Bounds of {@link #mutationShare}. */
  public static final double MIN_SHARE = 0.2, MAX_SHARE = 0.8;

  /**
   * The energy of an entry, after AFLFast's power schedules: its {@link #rarity} (features few runs
   * showed, AFLFast's 1/f), times {@code (1 + finds) / sqrt(1 + mutations)} over this exploration's
   * mutations of it, so an entry whose mutations keep showing nothing new fades and one whose
   * mutations find things keeps its share, times its {@link #speed}: a schedule that runs in half
   * the mean time gives twice the runs for the same minutes (AFL's performance score).
   */
  public synchronized double energy(Entry e) {
    int[] c = mutations.getOrDefault(e.id(), new int[2]);
    return rarity(e) * (1 + c[1]) / Math.sqrt(1 + c[0]) * speed(e);
  }

  /**
   * How much faster than this exploration's mean run the entry's run was: mean / its time, within
   * [{@link #MIN_SPEED}, {@link #MAX_SPEED}] (AFL scales by 0.1..3 for execution time); 1 when
   * either is not known (an entry of an older corpus, no run timed yet).
   */
  public synchronized double speed(Entry e) {
    if (e.runMillis() <= 0 || runs == 0) return 1;
    double mean = (double) runMillisTotal / runs;
    return Math.max(MIN_SPEED, Math.min(MAX_SPEED, mean / e.runMillis()));
  }

  /** Bounds of {@link #speed}. */
  public static final double MIN_SPEED = 0.25, MAX_SPEED = 3;

  /** {@link #energy} of every entry, in the order of {@link #entries()}. */
  public synchronized List<Double> energies() {
    List<Double> out = new ArrayList<>(entries.size());
    for (Entry e : entries) out.add(energy(e));
    return out;
  }

  // Features are one line each in features.txt.
  private static String clean(String f) {
    return f.replace('\n', ' ').replace('\r', ' ');
  }

  private void writeFeatures() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, Long> e : hits.entrySet())
      b.append(e.getValue()).append('\t').append(e.getKey()).append('\n');
    Path f = dir.resolve("features.txt");
    try {
      AtomicFiles.write(f, w -> w.write(b.toString()));
    } catch (IOException x) {
      throw new CorpusException("cannot write " + f + ": " + x.getMessage(), x);
    }
  }

  private void load() {
    Path f = dir.resolve("features.txt");
    if (Files.exists(f)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw corrupt(f, e.getMessage(), e);
      }
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        throw corrupt(f, "it does not start with '" + HEADER + "'", null);
      }
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isEmpty()) continue;
        int tab = line.indexOf('\t');
        long n;
        try {
          n = tab > 0 ? Long.parseLong(line.substring(0, tab)) : -1;
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (n < 0) throw corrupt(f, "line " + (i + 1) + " is not 'hits TAB feature'", null);
        hits.put(line.substring(tab + 1), n);
      }
    }
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("entries"))) {
      for (Path d : s) if (Files.isDirectory(d)) dirs.add(d);
    } catch (IOException e) {
      throw corrupt(dir.resolve("entries"), e.getMessage(), e);
    }
    Collections.sort(dirs);
    for (Path d : dirs) {
      Path ej = d.resolve("entry.json");
      if (!Files.exists(ej)) continue; // its writing was cut short before it counted
      Entry e = readEntry(ej, d.resolve("schedule.json"));
      entries.add(e);
      for (String n : e.novel()) hits.putIfAbsent(n, 0L);
    }
    entries.sort((a, b) -> Integer.compare(a.id(), b.id()));
  }

  private static Entry readEntry(Path ej, Path schedule) {
    JsonNode j;
    String scheduleJson;
    try {
      j = JSON.readTree(ej.toFile());
    } catch (IOException e) {
      throw corrupt(
          ej, e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage(), e);
    }
    if (j == null
        || j.path("version").asInt() != 1
        || !j.path("id").canConvertToInt()
        || !j.path("novel").isArray()) {
      throw corrupt(ej, "expected {\"version\":1,\"id\":N,\"novel\":[...],...}", null);
    }
    try {
      scheduleJson = Files.readString(schedule, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw corrupt(schedule, "cannot read it: " + e.getMessage(), e);
    }
    Set<String> novel = new LinkedHashSet<>();
    for (JsonNode n : j.path("novel")) novel.add(n.asText());
    return new Entry(
        j.path("id").asInt(),
        scheduleJson,
        novel,
        j.path("runDir").asText(""),
        j.path("addedAtMs").asLong(),
        Math.max(0, j.path("runMillis").asLong(0)));
  }

  private static CorpusException corrupt(Path file, String why, Throwable cause) {
    return new CorpusException(
        "corpus file "
            + file
            + " is unreadable: "
            + why
            + " (move the corpus folder away to start a fresh corpus)",
        cause);
  }

  /** For tests and the page: the hit counts, feature to runs. */
  public synchronized Map<String, Long> hitCounts() {
    return Collections.unmodifiableMap(new TreeMap<>(hits));
  }
}
