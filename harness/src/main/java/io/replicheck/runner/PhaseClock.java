package io.replicheck.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's wall-clock time went, phase by phase, and the stop of everything it started (the
 * closer, after the report): written as {@value #FILE} into the run folder and printed as one
 * progress line. The overhead is everything but the drive, the schedule's own time: what a
 * generated schedule costs beyond its length (issue 19's schedules per minute).
 */
final class PhaseClock {
  static final String FILE = "timing.json";

  /** A phase's body. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private final long start = System.nanoTime();
  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private final Map<String, Long> details = new LinkedHashMap<>();
  private long stopStart;
  private Map<String, Object> written;

  void time(String phase, Body body) throws Exception {
    long t0 = System.nanoTime();
    try {
      body.run();
    } finally {
      nanos.merge(phase, System.nanoTime() - t0, Long::sum);
    }
  }

  /**
   * A span inside or beside the phases, written apart ({@code detailsMillis}): the settle window
   * within quiesce, the history checks on their own thread while later phases run.
   */
  void detail(String name, java.time.Duration d) {
    if (d != null) details.put(name, d.toNanos());
  }

  /** The report is written; what follows until {@link #endStop} is stopping everything. */
  void startStop() {
    stopStart = System.nanoTime();
  }

  void endStop() {
    if (stopStart != 0) nanos.put("stop", System.nanoTime() - stopStart);
  }

  /** Milliseconds per phase, in the order they ran. */
  Map<String, Double> millis() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, Math.round(v / 1e5) / 10.0));
    return out;
  }

  /** Writes {@value #FILE} and prints the line; a failure to write only loses the figure. */
  synchronized void write(Path dir, Progress progress) {
    long total = System.nanoTime() - start;
    long drive = nanos.getOrDefault("drive", 0L);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("phasesMillis", millis());
    doc.put("totalMillis", Math.round(total / 1e5) / 10.0);
    doc.put("driveMillis", Math.round(drive / 1e5) / 10.0);
    doc.put("overheadMillis", Math.round((total - drive) / 1e5) / 10.0);
    if (!details.isEmpty()) {
      Map<String, Double> d = new LinkedHashMap<>();
      details.forEach((k, v) -> d.put(k, Math.round(v / 1e5) / 10.0));
      doc.put("detailsMillis", d);
    }
    StringBuilder line = new StringBuilder();
    millis()
        .forEach(
            (k, v) ->
                line.append(line.length() == 0 ? "" : ", ")
                    .append(k)
                    .append(' ')
                    .append(String.format("%.1f s", v / 1000)));
    line.append(String.format("; overhead beyond the drive %.1f s", (total - drive) / 1e9));
    try {
      progress.phase("timing", line.toString());
    } catch (RuntimeException e) {
      // progress output is best effort
    }
    written = doc;
    save(dir, doc);
  }

  /**
   * Adds a span that ended after {@link #write} (the report drawn behind the next run) to {@code
   * detailsMillis} and writes {@value #FILE} again; the phases and totals stay as written.
   */
  @SuppressWarnings("unchecked")
  synchronized void addDetail(Path dir, String name, java.time.Duration d) {
    if (written == null) return;
    ((Map<String, Double>) written.computeIfAbsent("detailsMillis", k -> new LinkedHashMap<>()))
        .put(name, Math.round(d.toNanos() / 1e5) / 10.0);
    save(dir, written);
  }

  private static void save(Path dir, Map<String, Object> doc) {
    try {
      if (Files.isDirectory(dir)) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(dir.resolve(FILE).toFile(), doc);
      }
    } catch (IOException e) {
      // the run's verdict does not depend on its timing
    }
  }
}
