package io.replicheck.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.replication.PsyncDecision.Outcome;
import io.replicheck.server.replication.PsyncDecision.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The PSYNC decision (IS1, IS2), checked exhaustively over a grid of (replid2,
 * second_replid_offset, backlog window, requested id, requested offset) against an oracle written
 * differently: it enumerates every (id, offset) pair the master can serve and tests membership.
 */
class PsyncDeciderTest {
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(40);
  private static final String C = "c".repeat(40);
  private static final String ZERO = ReplicationIds.ZERO_ID;

  private static final String[] REPLID2 = {ZERO, B};
  private static final long[] SECOND_OFFSETS = {-1, 0, 1, 4, 5, 6, 9, 10, 11, 14, 15, 16, 30};
  private static final long[] FIRSTS = {1, 5, 10};
  private static final long[] HISTLENS = {0, 1, 5, 10};
  private static final String[] REQUESTED_IDS = {A, B, C, ZERO, "?", A.toUpperCase(Locale.ROOT)};

  /** The oracle: all (id, offset) pairs the master can continue, as strings "id@offset". */
  private static Set<String> servable(
      String replid2,
      long secondOffset,
      boolean active,
      long first,
      long histlen,
      boolean offByOne) {
    Set<String> s = new HashSet<>();
    if (!active) {
      return s;
    }
    long last = first + histlen - (offByOne ? 1 : 0);
    for (long o = first; o <= last; o++) {
      s.add(A + "@" + o);
      if (o <= secondOffset) {
        s.add(replid2 + "@" + o);
      }
    }
    return s;
  }

  private static boolean oracleContinues(Set<String> servable, String id, long offset) {
    return !id.equals("?") && servable.contains(id.toLowerCase(Locale.ROOT) + "@" + offset);
  }

  private int runGrid(BugSwitch bugs) {
    int cases = 0;
    List<String> failures = new ArrayList<>();
    boolean offByOne = bugs.isOn(InjectedBug.BACKLOG_OFF_BY_ONE);
    boolean anyId = bugs.isOn(InjectedBug.PSYNC_ANY_REPLID);
    for (String replid2 : REPLID2) {
      for (long second : SECOND_OFFSETS) {
        for (int w = -1; w < FIRSTS.length * HISTLENS.length; w++) {
          boolean active = w >= 0;
          long first = active ? FIRSTS[w / HISTLENS.length] : 0;
          long histlen = active ? HISTLENS[w % HISTLENS.length] : 0;
          Set<String> ok = servable(replid2, second, active, first, histlen, offByOne);
          for (String id : REQUESTED_IDS) {
            for (long off = -2; off <= 32; off++) {
              PsyncDecision d =
                  PsyncDecider.decide(id, off, A, replid2, second, active, first, histlen, bugs);
              boolean expected =
                  anyId
                      ? !id.equals("?") && active && off >= first && off <= first + histlen
                      : oracleContinues(ok, id, off);
              boolean ok1 = d.isContinue() == expected;
              boolean ok2 = (d.outcome() == Outcome.CONTINUE) == (d.reason() == Reason.ACCEPTED);
              boolean ok3 =
                  id.equals("?")
                      ? d.reason() == Reason.FULL_RESYNC_REQUESTED && !d.countsAsPartialError()
                      : d.countsAsPartialError() == !expected;
              if (!(ok1 && ok2 && ok3) && failures.size() < 20) {
                failures.add(
                    String.format(
                        "id=%s off=%d replid2=%s second=%d active=%b first=%d histlen=%d: got %s,"
                            + " expected continue=%b",
                        id.substring(0, 1),
                        off,
                        replid2.substring(0, 1),
                        second,
                        active,
                        first,
                        histlen,
                        d,
                        expected));
              }
              cases++;
            }
          }
        }
      }
    }
    assertThat(failures).as("decisions that differ from the oracle").isEmpty();
    return cases;
  }

  @Test
  void exhaustiveGridMatchesOracle() {
    int cases = runGrid(new BugSwitch());
    assertThat(cases).isGreaterThan(40_000);
  }

  @Test
  void exhaustiveGridWithBacklogOffByOneMatchesItsOracle() {
    runGrid(BugSwitch.of(InjectedBug.BACKLOG_OFF_BY_ONE));
  }

  @Test
  void exhaustiveGridWithPsyncAnyReplidMatchesItsOracle() {
    runGrid(BugSwitch.of(InjectedBug.PSYNC_ANY_REPLID));
  }

  @Test
  void otherBugsDoNotChangeTheDecision() {
    for (InjectedBug b : InjectedBug.values()) {
      if (b != InjectedBug.BACKLOG_OFF_BY_ONE && b != InjectedBug.PSYNC_ANY_REPLID) {
        runGrid(BugSwitch.of(b));
      }
    }
  }

  @Test
  void reasonsNameTheRuleThatRefused() {
    BugSwitch none = new BugSwitch();
    assertThat(PsyncDecider.decide(C, 5, A, B, 10, true, 1, 20, none).reason())
        .isEqualTo(Reason.REPLID_MISMATCH);
    assertThat(PsyncDecider.decide(B, 11, A, B, 10, true, 1, 20, none).reason())
        .isEqualTo(Reason.SECOND_ID_OFFSET_EXCEEDED);
    assertThat(PsyncDecider.decide(A, 5, A, B, 10, false, 0, 0, none).reason())
        .isEqualTo(Reason.NO_BACKLOG);
    assertThat(PsyncDecider.decide(A, 0, A, B, 10, true, 1, 20, none).reason())
        .isEqualTo(Reason.OFFSET_OUTSIDE_BACKLOG);
    assertThat(PsyncDecider.decide(A, 22, A, B, 10, true, 1, 20, none).reason())
        .isEqualTo(Reason.OFFSET_OUTSIDE_BACKLOG);
    assertThat(PsyncDecider.decide("?", -1, A, B, 10, true, 1, 20, none).reason())
        .isEqualTo(Reason.FULL_RESYNC_REQUESTED);
    PsyncDecision ok = PsyncDecider.decide(A, 21, A, B, 10, true, 1, 20, none);
    assertThat(ok.isContinue()).isTrue();
    assertThat(ok.logMessage()).contains("Sending 0 bytes of backlog starting from offset 21");
  }

  @Test
  void decidesFromLiveIdsAndBacklog() {
    ReplicationIds ids = new ReplicationIds(new java.util.Random(1));
    ReplicationBacklog backlog = new ReplicationBacklog(16 * 1024, 0);
    backlog.append(new byte[100]);
    String old = ids.replid();
    ids.shiftReplicationId(100);
    backlog.append(new byte[50]);
    BugSwitch none = new BugSwitch();
    // The old history is valid up to the byte after the shift, the new one over the whole window.
    assertThat(PsyncDecider.decide(old, 101, ids, backlog, none).isContinue()).isTrue();
    assertThat(PsyncDecider.decide(old, 102, ids, backlog, none).isContinue()).isFalse();
    assertThat(PsyncDecider.decide(ids.replid(), 151, ids, backlog, none).isContinue()).isTrue();
    assertThat(PsyncDecider.decide(ids.replid(), 152, ids, backlog, none).isContinue()).isFalse();
    assertThat(PsyncDecider.decide(ids.replid(), 1, ids, null, none).reason())
        .isEqualTo(Reason.NO_BACKLOG);
  }
}
