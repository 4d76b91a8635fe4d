package io.replicheck.invariant;

import io.replicheck.checker.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * What a failover saw of one promotion: the replica's replid and offset just before REPLICAOF NO
 * ONE, and the replid2 and second_repl_offset it reported just after. PSYNC2 needs the new master
 * to keep the old history as its second id ({@code replid2 = old replid}, {@code second_repl_offset
 * = offset + 1}); otherwise every replica repointed to it must full sync.
 *
 * <p>And what followed: {@code mustContinue} are the repointed replicas whose link was up and whose
 * next byte the new master's backlog held, so each must get CONTINUE; {@code continued} and {@code
 * fullSynced} are the partial and full resyncs (sync_partial_ok, sync_full) the new master served
 * them within the bound. Only a full sync where a CONTINUE was due is a violation: a replica slow
 * to reconnect proves nothing.
 */
public record Promotion(
    String node,
    String previousReplid,
    long offset,
    String replid2,
    long secondReplOffset,
    List<String> mustContinue,
    long continued,
    long fullSynced) {

  public Promotion {
    mustContinue = List.copyOf(mustContinue);
  }

  /** A promotion nobody was repointed after. */
  public Promotion(
      String node, String previousReplid, long offset, String replid2, long secondReplOffset) {
    this(node, previousReplid, offset, replid2, secondReplOffset, List.of(), 0, 0);
  }

  public boolean keepsHistory() {
    return previousReplid.equalsIgnoreCase(replid2) && secondReplOffset == offset + 1;
  }

  /**
   * IS1 with promotions folded in: a promotion that drops the old history makes the PSYNCs that IS1
   * promises CONTINUE impossible, even though each FULLRESYNC then agrees with the new master's own
   * (wrong) readings.
   */
  public static InvariantResult foldInto(InvariantResult is1, List<Promotion> promotions) {
    if (promotions.isEmpty()) return is1;
    List<String> bad = new ArrayList<>();
    for (Promotion p : promotions) {
      if (!p.keepsHistory()) {
        bad.add(
            p.node()
                + " was promoted at offset "
                + p.offset()
                + " of "
                + p.previousReplid()
                + " but reported replid2 "
                + p.replid2()
                + " and second_repl_offset "
                + p.secondReplOffset()
                + " (PSYNC2 needs "
                + p.previousReplid()
                + " and "
                + (p.offset() + 1)
                + "): replicas repointed to it cannot continue");
      }
      if (p.continued() < p.mustContinue().size() && p.fullSynced() > 0) {
        bad.add(
            "after "
                + p.node()
                + " was promoted, "
                + p.mustContinue()
                + " could continue (no byte past the promotion point, the next one inside its backlog"
                + ", at most its offset "
                + p.offset()
                + "), but it served "
                + p.continued()
                + " partial and "
                + p.fullSynced()
                + " full resync(s) (sync_partial_ok, sync_full): a replica that could continue was made to full sync");
      }
    }
    if (bad.isEmpty()) {
      // A promotion that kept the old history is evidence for IS1 even when no PSYNC was judged.
      Verdict verdict = is1.verdict() == Verdict.NOT_EXERCISED ? Verdict.VALID : is1.verdict();
      return new InvariantResult(
          is1.id(),
          is1.name(),
          verdict,
          is1.reason()
              + "; "
              + promotions.size()
              + " promotion(s) kept replid2 and "
              + promotions.stream().mapToInt(p -> p.mustContinue().size()).sum()
              + " repointed replica(s) continued",
          is1.evidence(),
          is1.details());
    }
    List<String> evidence = new ArrayList<>(bad);
    if (is1.verdict() == Verdict.INVALID) evidence.addAll(is1.evidence());
    return InvariantResult.invalid(is1.id(), is1.name(), bad.get(0), evidence);
  }
}
