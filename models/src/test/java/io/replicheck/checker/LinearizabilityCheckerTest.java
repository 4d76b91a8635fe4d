package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.model.Models;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  private static final SearchBudget BUDGET =
      SearchBudget.defaults().withTimeLimit(Duration.ofSeconds(30));

  /** Builds a history from compact lines: "process type f value [key]". */
  static History h(String... lines) throws Exception {
    List<Event> events = new ArrayList<>();
    for (String l : lines) {
      String[] p = l.split(" ");
      Object v =
          p[3].equals("nil")
              ? null
              : p[3].startsWith("[")
                  ? List.of(
                      Long.parseLong(p[3].substring(1, p[3].indexOf(','))),
                      Long.parseLong(p[3].substring(p[3].indexOf(',') + 1, p[3].length() - 1)))
                  : Long.parseLong(p[3]);
      events.add(
          new Event(
              events.size(),
              Long.parseLong(p[0]),
              EventType.fromWire(p[1]),
              p[2],
              p.length > 4 ? p[4] : null,
              v,
              null,
              null,
              null,
              0));
    }
    return History.of("test", events);
  }

  static CheckResult check(String model, History h) {
    return LinearizabilityChecker.check(Models.byName(model), h, BUDGET);
  }

  @Test
  void concurrentWriteMayBeSeenOrNot() throws Exception {
    History h =
        h(
            "0 invoke write 1",
            "1 invoke read nil",
            "1 ok read 0",
            "2 invoke read nil",
            "2 ok read 1",
            "0 ok write 1");
    assertThat(check("cas-register", h).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aStaleReadAfterAWriteCompletedIsInvalid() throws Exception {
    History h = h("0 invoke write 1", "0 ok write 1", "1 invoke read nil", "1 ok read 0");
    CheckResult r = check("cas-register", h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    Counterexample c = r.counterexample();
    assertThat(c.op().process()).isEqualTo(1L);
    assertThat(c.op().value()).isEqualTo(0L);
    assertThat(c.linearized()).extracting(o -> o.f()).containsExactly("write");
    assertThat(c.states()).containsExactly("1");
    assertThat(c.explanation()).isEqualTo("read 0 but the register held 1");
  }

  @Test
  void anInfoWriteMayTakeEffectLaterOrNever() throws Exception {
    // the info write of 2 is seen long after it timed out...
    History later =
        h(
            "0 invoke write 2",
            "0 info write nil",
            "1 invoke read nil",
            "1 ok read 0",
            "2 invoke read nil",
            "2 ok read 2");
    assertThat(check("cas-register", later).verdict()).isEqualTo(Verdict.VALID);
    // ...or never
    History never = h("0 invoke write 2", "0 info write nil", "1 invoke read nil", "1 ok read 0");
    assertThat(check("cas-register", never).verdict()).isEqualTo(Verdict.VALID);
    // but not before it was invoked
    History before = h("1 invoke read nil", "1 ok read 2", "0 invoke write 2", "0 info write nil");
    assertThat(check("cas-register", before).verdict()).isEqualTo(Verdict.INVALID);
    // and a value once overwritten cannot come back unless something wrote it again
    History back =
        h(
            "0 invoke write 2",
            "0 info write nil",
            "1 invoke read nil",
            "1 ok read 2",
            "3 invoke write 3",
            "3 ok write 3",
            "2 invoke read nil",
            "2 ok read 2");
    assertThat(check("cas-register", back).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void anUnknownAcquireNeedNotHappen() throws Exception {
    History h =
        h("0 invoke acquire nil", "0 info acquire nil", "1 invoke acquire nil", "1 ok acquire nil");
    assertThat(check("mutex", h).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void failedOpsHadNoEffect() throws Exception {
    History h = h("0 invoke write 3", "0 fail write 3", "1 invoke read nil", "1 ok read 3");
    assertThat(check("cas-register", h).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void keysAreCheckedIndependently() throws Exception {
    History h =
        h(
            "0 invoke write 1 a",
            "0 ok write 1 a",
            "1 invoke write 2 b",
            "1 ok write 2 b",
            "2 invoke read nil a",
            "2 ok read 1 a",
            "3 invoke read nil b",
            "3 ok read 1 b");
    CheckResult r = check("register", h);
    assertThat(r.partitions()).extracting(PartitionResult::key).containsExactly("a", "b");
    assertThat(r.partitions())
        .extracting(PartitionResult::verdict)
        .containsExactly(Verdict.VALID, Verdict.INVALID);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.counterexample().key()).isEqualTo("b");
  }

  @Test
  void porcupineEtcdSemanticsFailedCasSawAnotherValue() throws Exception {
    String log =
        String.join(
            "\n",
            "INFO  jepsen.util - 0\t:invoke\t:write\t1",
            "INFO  jepsen.util - 0\t:ok\t:write\t1",
            "INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2]",
            "INFO  jepsen.util - 1\t:fail\t:cas\t[1 2]",
            "");
    History h = HistoryFormat.PORCUPINE_ETCD.read("e.log", new StringReader(log));
    assertThat(check("register", h).verdict())
        .as("the register held 1, so the compare could not fail")
        .isEqualTo(Verdict.INVALID);
    assertThat(check("cas-register", h).verdict())
        .as("Knossos drops failed ops")
        .isEqualTo(Verdict.VALID);
    String ok = log.replace(":write\t1", ":write\t3");
    assertThat(
            check("register", HistoryFormat.PORCUPINE_ETCD.read("e.log", new StringReader(ok)))
                .verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void porcupineKvLogsCheckPerKey() throws Exception {
    String ok =
        String.join(
            "\n",
            "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}",
            "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}",
            "{:process 1, :type :ok, :f :get, :key \"0\", :value \"\"}",
            "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}",
            "{:process 1, :type :invoke, :f :get, :key \"1\", :value nil}",
            "{:process 1, :type :ok, :f :get, :key \"1\", :value \"\"}",
            "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}",
            "{:process 1, :type :ok, :f :get, :key \"0\", :value \"x 0 0 y\"}",
            "");
    assertThat(
            check("key-value", HistoryFormat.PORCUPINE_KV.read("c.txt", new StringReader(ok)))
                .verdict())
        .isEqualTo(Verdict.VALID);
    String bad =
        ok.replace(
                ":value \"x 0 0 y\"}\n{:process 1, :type :invoke, :f :get, :key \"1\"",
                ":value \"x 0 0 y\"}\n{:process 1, :type :invoke, :f :get, :key \"1\"")
            + "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}\n{:process 1, :type :ok, :f :get, :key \"0\", :value \"\"}\n";
    CheckResult r =
        check("key-value", HistoryFormat.PORCUPINE_KV.read("c.txt", new StringReader(bad)));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.counterexample().key()).isEqualTo("0");
  }

  /**
   * n writes and n reads all concurrent, then a read of a value nobody wrote: an exponential search
   * (every subset of the 2n ops is a distinct configuration) before the verdict.
   */
  static History hard(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(i + " invoke write " + (i + 1));
      lines.add((100 + i) + " invoke read nil");
    }
    lines.add("999 invoke read nil");
    for (int i = 0; i < n; i++) {
      lines.add((100 + i) + " ok read " + (n - i));
      lines.add(i + " ok write " + (i + 1));
    }
    lines.add("999 ok read 77");
    return h(lines.toArray(new String[0]));
  }

  @Test
  void aStepBudgetEndsInUnknownWithTheReason() throws Exception {
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName("cas-register"), hard(14), SearchBudget.defaults().withMaxSteps(10_000));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("step budget of 10000 reached");
    assertThat(r.counterexample()).isNull();
  }

  @Test
  void aMemoryBudgetEndsInUnknownWithTheReason() throws Exception {
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName("cas-register"),
            hard(14),
            SearchBudget.defaults().withMaxCacheBytes(64 * 1024));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("memory budget reached");
  }

  @Test
  void aTimeLimitEndsInUnknownWithTheReason() throws Exception {
    CheckResult r =
        LinearizabilityChecker.check(
            Models.byName("cas-register"),
            hard(14),
            SearchBudget.defaults().withTimeLimit(Duration.ofMillis(1)));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time limit reached");
  }

  @Test
  void anInterruptedCheckEndsInUnknownAndKeepsTheFlag() throws Exception {
    History hard = hard(14);
    Thread.currentThread().interrupt();
    try {
      CheckResult r = check("cas-register", hard);
      assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(r.reason()).contains("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theHardHistoryIsDecidedGivenEnoughBudget() throws Exception {
    CheckResult r = check("cas-register", hard(7));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.counterexample().op().process()).isEqualTo(999L);
    assertThat(r.stats().statesExplored()).isGreaterThan(1_000);
  }
}
