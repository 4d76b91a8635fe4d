package io.replicheck.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicheck.history.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Everything a report shows about one run. {@code results} is results.json as parsed (a missing
 * file gives an empty object); {@code counterexamples} are the checker's, {@code counterexample}
 * the history indices of the ops they say cannot be linearized and {@code linearized} the invoke
 * indices of their longest linearizable prefixes; {@code replicaReads} are the list reads replicas
 * served, with how stale each was. {@code allOps} counts the history's client ops; a long history
 * is drawn thinned, one op in {@code oneIn} (see {@link RunReader#MAX_DRAWN_OPS}).
 */
public record RunData(
    Path dir,
    List<Event> events,
    List<DrawnOp> ops,
    List<NemesisBand> bands,
    List<Sample> samples,
    JsonNode results,
    List<InvariantCounterexample> counterexamples,
    Set<Long> counterexample,
    Set<Long> linearized,
    List<Staleness.ReplicaRead> replicaReads,
    long allOps,
    long oneIn) {

  /**
   * A run's data; {@code counterexample} and {@code linearized} are the unions over {@code
   * counterexamples}.
   */
  public static RunData of(
      Path dir,
      List<Event> events,
      List<DrawnOp> ops,
      List<NemesisBand> bands,
      List<Sample> samples,
      JsonNode results,
      List<InvariantCounterexample> counterexamples,
      List<Staleness.ReplicaRead> replicaReads,
      long allOps,
      long oneIn) {
    Set<Long> failing = new java.util.TreeSet<>();
    Set<Long> prefix = new java.util.TreeSet<>();
    for (InvariantCounterexample c : counterexamples) {
      failing.addAll(c.ops());
      prefix.addAll(c.linearized());
    }
    return new RunData(
        dir,
        events,
        ops,
        bands,
        samples,
        results,
        counterexamples,
        Set.copyOf(failing),
        Set.copyOf(prefix),
        replicaReads,
        allOps,
        oneIn);
  }

  /**
   * An event's place on the time axis: its time, or for a history recorded without times (some of
   * Jepsen's) one millisecond per event.
   */
  public static long time(Event e) {
    return e.time() != null ? e.time() : e.index() * 1_000_000L;
  }

  /**
   * The first time anything was recorded (events or samples; the sampler may start first), 0 for
   * nothing.
   */
  public long startTime() {
    long start =
        Math.min(
            events.stream().mapToLong(RunData::time).min().orElse(Long.MAX_VALUE),
            samples.stream().mapToLong(Sample::time).min().orElse(Long.MAX_VALUE));
    return start == Long.MAX_VALUE ? 0 : start;
  }

  /** The last time anything happened (events or samples). */
  public long endTime() {
    long end = events.stream().mapToLong(RunData::time).max().orElse(0);
    end = Math.max(end, samples.stream().mapToLong(Sample::time).max().orElse(0));
    return Math.max(end, startTime() + 1);
  }

  public String verdict() {
    return results.path("verdict").asText("unknown");
  }
}
