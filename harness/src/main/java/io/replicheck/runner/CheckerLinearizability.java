package io.replicheck.runner;

import io.replicheck.checker.CheckResult;
import io.replicheck.checker.Counterexample;
import io.replicheck.checker.KeySpill;
import io.replicheck.checker.SearchBudget;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.model.Model;
import io.replicheck.model.Models;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * P3 with the project's own checker: the run's history file, the master's client processes only
 * (replica readers are P1/P2's business), split by key on disk ({@link KeySpill}, a binary key file
 * per key or group of keys) and checked file by file against the workload's model within one time
 * limit, on as many threads as cores (at most 4): memory follows the largest key files' history,
 * not the run's (a model that does not split by key, multi-register, holds the whole). The
 * counterexample goes into results.json for the report to draw.
 */
public final class CheckerLinearizability implements LinearizabilityCheck {
  private final Duration timeLimit;
  private final int threads;

  public CheckerLinearizability(Duration timeLimit) {
    this(timeLimit, KeySpill.defaultThreads());
  }

  /** With {@code threads} threads checking key files (each holds one file's ops). */
  public CheckerLinearizability(Duration timeLimit, int threads) {
    this.timeLimit = timeLimit;
    this.threads = threads;
  }

  @Override
  public InvariantResult check(
      Path historyFile, List<Integer> clientProcesses, String model, Path runDir) {
    return checkTimed(historyFile, clientProcesses, model).result();
  }

  /**
   * P3's result and where its time went, for {@code bench checker --p3}.
   *
   * @param splitNanos the split pass
   * @param checkNanos reading the key files back and checking them
   * @param parts key files
   * @param threads threads that checked them
   */
  public record Timed(
      InvariantResult result, long splitNanos, long checkNanos, int parts, int threads) {}

  /** {@link #check}, timed. */
  public Timed checkTimed(Path historyFile, List<Integer> clientProcesses, String model) {
    Set<Long> clients = new HashSet<>();
    for (Integer p : clientProcesses) clients.add(p.longValue());
    Model m = Models.byName(model);
    CheckResult r;
    long t0 = System.nanoTime();
    long split = 0;
    int parts = 0;
    try (KeySpill spill = KeySpill.split(historyFile, clients, m.partitionsByKey())) {
      split = System.nanoTime() - t0;
      parts = spill.parts();
      if (spill.events() == 0) {
        return new Timed(
            InvariantResult.notExercised(
                ID, NAME, "the master's clients recorded no op (" + model + " model)"),
            split,
            0,
            0,
            0);
      }
      r = spill.check(m, SearchBudget.defaults().withTimeLimit(timeLimit), threads);
    } catch (HistoryFormatException e) {
      return new Timed(
          InvariantResult.unknown(
              ID, NAME, "the run's history breaks Jepsen's rules: " + e.getMessage()),
          split,
          0,
          parts,
          0);
    } catch (IOException | UncheckedIOException e) {
      return new Timed(
          InvariantResult.unknown(
              ID, NAME, "cannot read back the run's history: " + e.getMessage()),
          split,
          0,
          parts,
          0);
    }
    return new Timed(
        result(r, model), split, System.nanoTime() - t0 - split, parts, Math.min(threads, parts));
  }

  private static InvariantResult result(CheckResult r, String model) {
    String stats = stats(r, model);
    InvariantResult result =
        switch (r.verdict()) {
          case VALID -> InvariantResult.valid(ID, NAME, stats);
          case UNKNOWN -> InvariantResult.unknown(ID, NAME, r.reason() + "; " + stats);
          case NOT_EXERCISED ->
              InvariantResult.notExercised(ID, NAME, "nothing to check; " + stats);
          case INVALID -> {
            Counterexample c = r.counterexample();
            String why = c == null ? "not linearizable" : "key " + c.key() + ": " + c.explanation();
            yield InvariantResult.invalid(
                ID,
                NAME,
                why,
                c == null
                    ? List.of(stats)
                    : List.of(
                        "op " + Counterexample.OpRef.of(c.op()).toJson(),
                        "possible states before it: " + c.states(),
                        stats));
          }
        };
    return r.counterexample() == null
        ? result
        : result.withDetails(Map.of("counterexample", r.counterexample().toJson()));
  }

  /**
   * What the check counted: the search's memoized states, or, for keys the list-append checker
   * decided without a search, the pairs of ops it compared.
   */
  static String stats(CheckResult r, String model) {
    String counted = io.replicheck.checker.CheckTool.counted(r);
    return r.stats().ops()
        + " ops on "
        + r.partitions().size()
        + " keys, "
        + counted
        + ", "
        + r.stats().nanos() / 1_000_000
        + " ms ("
        + model
        + " model)";
  }
}
