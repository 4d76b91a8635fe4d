package io.replicheck.explore;

import io.replicheck.checker.Verdict;
import io.replicheck.invariant.InvariantResult;
import io.replicheck.invariant.SentinelConvergence;
import io.replicheck.runner.RunResult;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How explore reads a run in which Sentinel failed over. With asynchronous replication a failover
 * drops the writes the old master acknowledged that the promoted replica had not received:
 * Sentinel's documented property (docs/sentinel.md), which every isolate-master schedule shows, not
 * a replication bug. Explore hunts replication bugs and a false alarm is worse than a miss, so on
 * such a run the invariants that see those writes' values (P7 the lost writes, P3 reads of values
 * that vanished, P1 and P2 replicas that served them) are reported as a known finding, not as
 * failures; every other invariant still counts, and a run without a failover counts them all.
 */
final class SentinelKnownLoss {
  /** The invariants a failover's lost writes make invalid by design. */
  static final Set<String> SEEN_THROUGH_LOST_WRITES = Set.of("P1", "P2", "P3", "P7");

  private SentinelKnownLoss() {}

  /** The run's outcome for explore: with a failover, the known loss moved out of the failures. */
  static Outcome outcome(RunResult r) {
    Set<String> failed =
        r.invariants().stream()
            .filter(i -> i.verdict() == Verdict.INVALID)
            .map(InvariantResult::id)
            .collect(Collectors.toCollection(TreeSet::new));
    int failovers =
        SentinelConvergence.failovers(
            r.invariants().stream()
                .filter(i -> i.id().equals(SentinelConvergence.ID))
                .findFirst()
                .orElse(null));
    Set<String> known = new TreeSet<>(failed);
    known.retainAll(SEEN_THROUGH_LOST_WRITES);
    if (failovers == 0 || known.isEmpty())
      return new Outcome(r.verdict().json(), failed, r.dir(), r.summary());
    failed.removeAll(known);
    String verdict = failed.isEmpty() ? "valid" : r.verdict().json();
    return new Outcome(
        verdict, failed, r.dir(), note(known, failovers, r.invariants()) + r.summary());
  }

  /** One line for the explore log: what is known and how many writes were lost. */
  static String note(Set<String> known, int failovers, List<InvariantResult> results) {
    Object lost =
        results.stream()
            .filter(i -> i.id().equals("P7"))
            .map(i -> i.details().get("lostTotal"))
            .findFirst()
            .orElse(null);
    return "known: Sentinel failed over "
        + failovers
        + (failovers == 1 ? " time" : " times")
        + (lost instanceof Number n && n.longValue() > 0
            ? " and " + n + " acknowledged writes were lost"
            : "")
        + " (Sentinel's loss by design, "
        + String.join(", ", known)
        + " not counted); ";
  }
}
