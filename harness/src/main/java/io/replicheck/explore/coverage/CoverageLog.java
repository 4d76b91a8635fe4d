package io.replicheck.explore.coverage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * What each schedule of an exploration added to coverage, in the order they finished: the line
 * explore prints per schedule ({@code schedule 7: valid, 312 features (+5 new)}) and the rows
 * explore.html is drawn from.
 */
public final class CoverageLog {
  /**
   * One finished schedule.
   *
   * @param schedule its number in the exploration, from 1
   * @param elapsedMs when it finished, from the start of the exploration
   * @param verdict the run's verdict (valid, invalid, unknown)
   * @param description the schedule in a few words (e.g. "list-append, 2 replicas (star), 3
   *     faults")
   * @param origin "fresh" or what it mutates ({@link CoveragePolicy.Pick#origin()})
   * @param runFeatures how many features the run showed
   * @param novel the features it showed first
   * @param seen distinct features seen so far, this run included
   * @param runDir the run's store folder, or null
   * @param lane the lane of {@code explore --parallel} that ran it, or -1 with one lane
   */
  public record Row(
      int schedule,
      long elapsedMs,
      String verdict,
      String description,
      String origin,
      int runFeatures,
      Set<String> novel,
      int seen,
      Path runDir,
      int lane) {
    public Row {
      novel = Collections.unmodifiableSet(new TreeSet<>(novel));
    }
  }

  private final LongSupplier clockMs;
  private final long startMs;
  private final List<Row> rows = new ArrayList<>();

  /** A log whose elapsed times count from now on {@code clockMs}. */
  public CoverageLog(LongSupplier clockMs) {
    this.clockMs = clockMs;
    this.startMs = clockMs.getAsLong();
  }

  public CoverageLog() {
    this(System::currentTimeMillis);
  }

  /** Records a finished schedule and returns its row; {@link #line(Row)} prints it. */
  public synchronized Row record(
      int schedule,
      String verdict,
      String description,
      String origin,
      int runFeatures,
      Set<String> novel,
      int seen,
      Path runDir) {
    Row r =
        new Row(
            schedule,
            clockMs.getAsLong() - startMs,
            verdict,
            description,
            origin,
            runFeatures,
            novel,
            seen,
            runDir,
            -1);
    rows.add(r);
    return r;
  }

  /**
   * Records a schedule that lane {@code lane} of a parallel exploration finished, numbered after
   * every row so far (lanes share one log and one corpus). {@code seen} never goes down: a lane
   * that read the corpus's count just before another lane added to it records the larger count.
   */
  public synchronized Row recordNext(
      int lane,
      String verdict,
      String description,
      String origin,
      int runFeatures,
      Set<String> novel,
      int seen,
      Path runDir) {
    Row r =
        new Row(
            rows.size() + 1,
            clockMs.getAsLong() - startMs,
            verdict,
            description,
            origin,
            runFeatures,
            novel,
            Math.max(seen, seen()),
            runDir,
            lane);
    rows.add(r);
    return r;
  }

  /**
   * {@code schedule 7: valid, 312 features (+5 new)}: the features seen so far, and what this one
   * added.
   */
  public static String line(Row r) {
    return "schedule "
        + r.schedule()
        + ": "
        + r.verdict()
        + ", "
        + r.seen()
        + " features (+"
        + r.novel().size()
        + " new)";
  }

  public synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Distinct features seen after the last schedule (0 before any). */
  public synchronized int seen() {
    return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).seen();
  }
}
