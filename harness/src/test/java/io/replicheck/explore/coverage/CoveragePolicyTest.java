package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoveragePolicyTest {
  /** A schedule as a list of fault times, enough to see the operators at work. */
  static final class ListMutator implements ScheduleMutator<List<Integer>> {
    @Override
    public Optional<List<Integer>> moveFault(List<Integer> s, SplittableRandom r) {
      if (s.isEmpty()) return Optional.empty();
      List<Integer> out = new ArrayList<>(s);
      int i = r.nextInt(s.size());
      out.set(i, out.get(i) + 100);
      return Optional.of(out);
    }

    @Override
    public Optional<List<Integer>> addFault(List<Integer> s, SplittableRandom r) {
      List<Integer> out = new ArrayList<>(s);
      out.add(r.nextInt(1000));
      return Optional.of(out);
    }

    @Override
    public Optional<List<Integer>> dropFault(List<Integer> s, SplittableRandom r) {
      if (s.isEmpty()) return Optional.empty();
      List<Integer> out = new ArrayList<>(s);
      out.remove(r.nextInt(s.size()));
      return Optional.of(out);
    }

    @Override
    public Optional<List<Integer>> retarget(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }

    @Override
    public Optional<List<Integer>> reconfigure(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }

    @Override
    public Optional<List<Integer>> resizeValues(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }
  }

  @Test
  void anEmptyCorpusGivesFreshDrawsOnly() {
    CoveragePolicy p = CoveragePolicy.guided(7);
    for (int i = 0; i < 100; i++)
      assertThat(p.decide(i, List.of())).isInstanceOf(CoveragePolicy.Decision.Fresh.class);
  }

  @Test
  void aboutHalfAreMutationsAndRarerEntriesArePickedMoreOften() {
    CoveragePolicy p = CoveragePolicy.guided(7);
    int mutations = 0;
    int[] picks = new int[2];
    for (int i = 0; i < 4000; i++) {
      if (p.decide(i, List.of(1.0, 3.0)) instanceof CoveragePolicy.Decision.Mutate m) {
        mutations++;
        picks[m.entry()]++;
      }
    }
    assertThat(mutations).isBetween(1800, 2200);
    assertThat((double) picks[1] / picks[0]).isBetween(2.5, 3.5);
  }

  @Test
  void theSameSeedAndIndexGiveTheSameDecisionInAnyOrder() {
    CoveragePolicy a = CoveragePolicy.guided(42);
    CoveragePolicy b = CoveragePolicy.guided(42);
    List<Double> w = List.of(1.0, 0.5, 2.0);
    List<CoveragePolicy.Decision> forward = new ArrayList<>();
    for (int i = 0; i < 50; i++) forward.add(a.decide(i, w));
    for (int i = 49; i >= 0; i--) assertThat(b.decide(i, w)).isEqualTo(forward.get(i));
    assertThat(forward)
        .isNotEqualTo(
            java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> CoveragePolicy.guided(43).decide(i, w))
                .toList());
  }

  @Test
  void unguidedNeverMutates() {
    CoveragePolicy p = CoveragePolicy.unguided(7);
    for (int i = 0; i < 200; i++)
      assertThat(p.decide(i, List.of(1.0))).isInstanceOf(CoveragePolicy.Decision.Fresh.class);
  }

  @Test
  void nextMutatesACorpusEntryWithOperatorsThatApply(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.observe("[500, 900]", Set.of("f"), null);
    CoveragePolicy p = CoveragePolicy.guided(3);
    int mutated = 0;
    for (int i = 0; i < 100; i++) {
      CoveragePolicy.Pick<List<Integer>> pick =
          p.next(i, c, n -> List.of(-1), CoveragePolicyTest::parse, new ListMutator());
      if (pick.parent() == null) {
        assertThat(pick.schedule()).containsExactly(-1);
        assertThat(pick.origin()).isEqualTo("fresh");
        continue;
      }
      mutated++;
      assertThat(pick.operators())
          .isNotEmpty()
          .allMatch(
              o ->
                  o == ScheduleMutator.Operator.MOVE_FAULT
                      || o == ScheduleMutator.Operator.ADD_FAULT
                      || o == ScheduleMutator.Operator.DROP_FAULT);
      assertThat(pick.schedule()).isNotEqualTo(List.of(500, 900));
      assertThat(pick.origin()).startsWith("mutation of entry 1 (");
      // the same index gives the same mutation
      assertThat(
              p.next(i, c, n -> List.of(-1), CoveragePolicyTest::parse, new ListMutator())
                  .schedule())
          .isEqualTo(pick.schedule());
    }
    assertThat(mutated).isBetween(30, 70);
  }

  /** As ListMutator, and splicing: the first's faults up to 500, the second's after. */
  static final class SplicingListMutator extends ListMutatorBase {
    @Override
    public Optional<List<Integer>> splice(List<Integer> a, List<Integer> b, SplittableRandom r) {
      List<Integer> out = new ArrayList<>();
      for (int x : a) if (x < 500) out.add(x);
      for (int x : b) if (x >= 500) out.add(x);
      return Optional.of(out);
    }
  }

  static class ListMutatorBase implements ScheduleMutator<List<Integer>> {
    private final ListMutator inner = new ListMutator();

    @Override
    public Optional<List<Integer>> moveFault(List<Integer> s, SplittableRandom r) {
      return inner.moveFault(s, r);
    }

    @Override
    public Optional<List<Integer>> addFault(List<Integer> s, SplittableRandom r) {
      return inner.addFault(s, r);
    }

    @Override
    public Optional<List<Integer>> dropFault(List<Integer> s, SplittableRandom r) {
      return inner.dropFault(s, r);
    }

    @Override
    public Optional<List<Integer>> retarget(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }

    @Override
    public Optional<List<Integer>> reconfigure(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }

    @Override
    public Optional<List<Integer>> resizeValues(List<Integer> s, SplittableRandom r) {
      return Optional.empty();
    }
  }

  @Test
  void mutationsSpliceTwoEntriesAndSometimesStackHavoc(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.observe("[100, 900]", Set.of("f"), null);
    c.observe("[200, 700]", Set.of("g"), null);
    CoveragePolicy p = CoveragePolicy.guided(5);
    int spliced = 0;
    int havoc = 0;
    int mutations = 0;
    int crossed = 0;
    for (int i = 0; i < 600; i++) {
      CoveragePolicy.Pick<List<Integer>> pick =
          p.next(i, c, n -> List.of(-1), CoveragePolicyTest::parse, new SplicingListMutator());
      if (pick.parent() == null) continue;
      if (pick.operators().equals(List.of(ScheduleMutator.Operator.CROSS_FRESH))) {
        // the fresh draw [-1] up to the cut, the entry's faults after it
        crossed++;
        assertThat(pick.schedule()).startsWith(-1).isNotEqualTo(List.of(-1));
        assertThat(pick.partner()).isNull();
        assertThat(pick.origin()).endsWith("(crossed with a fresh draw)");
        continue;
      }
      mutations++;
      if (pick.partner() != null) {
        spliced++;
        assertThat(pick.partner()).isNotEqualTo(pick.parent());
        assertThat(pick.operators().get(0)).isEqualTo(ScheduleMutator.Operator.SPLICE);
        assertThat(pick.origin()).contains("splice with entry " + pick.partner().id());
      } else {
        assertThat(pick.operators()).doesNotContain(ScheduleMutator.Operator.SPLICE);
        if (pick.operators().size() > CoveragePolicy.MAX_STACK) havoc++;
      }
      assertThat(pick.operators()).hasSizeLessThanOrEqualTo(CoveragePolicy.MAX_HAVOC + 4);
    }
    // two in five mutations cross a fresh draw; the others splice or stack as before
    assertThat(crossed).isBetween((crossed + mutations) / 4, (crossed + mutations) * 11 / 20);
    assertThat(spliced).isBetween(mutations / 10, mutations / 3);
    assertThat(havoc).isBetween(mutations / 8, mutations / 2);
  }

  @Test
  void anEntryWhoseMutationsFindNothingFades(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.observe("[100]", Set.of("f"), null);
    c.observe("[200]", Set.of("g"), null);
    Corpus.Entry first = c.entries().get(0);
    Corpus.Entry second = c.entries().get(1);
    assertThat(c.energy(first)).isEqualTo(c.energy(second));
    for (int i = 0; i < 8; i++) c.noteMutation(first, false);
    c.noteMutation(second, true);
    assertThat(c.energy(first)).isLessThan(c.rarity(first) / 2);
    assertThat(c.energy(second)).isGreaterThan(c.rarity(second));
    assertThat(c.energies()).containsExactly(c.energy(first), c.energy(second));
  }

  @Test
  void anUnreadableEntryFallsBackToAFreshDraw(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.observe("{\"old\":\"format\"}", Set.of("f"), null);
    CoveragePolicy p = CoveragePolicy.guided(3);
    for (int i = 0; i < 20; i++) {
      CoveragePolicy.Pick<List<Integer>> pick =
          p.next(i, c, n -> List.of(-1), CoveragePolicyTest::parse, new ListMutator());
      assertThat(pick.parent()).isNull();
      assertThat(pick.schedule()).containsExactly(-1);
    }
  }

  static List<Integer> parse(String json) {
    String s = json.strip();
    if (!s.startsWith("[")) throw new IllegalArgumentException("not a list");
    List<Integer> out = new ArrayList<>();
    for (String x : s.substring(1, s.length() - 1).split(","))
      if (!x.isBlank()) out.add(Integer.parseInt(x.strip()));
    return out;
  }

  /** A schedule's parts in the tests: its numbers. */
  private static List<String> parts(List<Integer> s) {
    return s.stream().map(n -> "n" + n).toList();
  }

  @Test
  void aGuidedFreshDrawIsTheCandidateWithTheLargestShareNotRun(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.partsRun().ran(List.of("n1", "n2"));
    CoveragePolicy p = CoveragePolicy.guided(3);
    List<Long> drawn = new ArrayList<>();
    // candidate 0 of index 5 repeats what ran; candidate 3 brings two parts and their pairs (5 of
    // its 6 parts and pairs are new), candidate 6 one part and one pair (2 of 3)
    java.util.function.LongFunction<List<Integer>> fresh =
        idx -> {
          drawn.add(idx);
          long j = idx / CoveragePolicy.CANDIDATE_STRIDE;
          return j == 3 ? List.of(1, 7, 8) : j == 6 ? List.of(1, 9) : List.of(1, 2);
        };
    CoveragePolicy.Pick<List<Integer>> pick =
        p.next(
            5, c, fresh, CoveragePolicyTest::parse, new ListMutator(), CoveragePolicyTest::parts);
    assertThat(pick.parent()).isNull();
    assertThat(pick.schedule()).containsExactly(1, 7, 8);
    assertThat(pick.origin()).isEqualTo("fresh (best of 8: 5 parts and pairs not run)");
    // candidate 0 is the index's own draw, the others indices no schedule has
    assertThat(drawn).hasSize(CoveragePolicy.FRESH_CANDIDATES);
    assertThat(drawn.get(0)).isEqualTo(5L);
    for (int j = 1; j < drawn.size(); j++)
      assertThat(drawn.get(j)).isEqualTo(5 + j * CoveragePolicy.CANDIDATE_STRIDE);
  }

  @Test
  void aGuidedFreshDrawIsNotTheBiggestCandidateForItsSize(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.partsRun().ran(List.of("n1", "n2", "n3"));
    // candidate 2 is big and brings the most new parts and pairs (15 of its 21), candidate 4 is
    // small and entirely new (3 of 3)
    java.util.function.LongFunction<List<Integer>> fresh =
        idx -> {
          long j = idx / CoveragePolicy.CANDIDATE_STRIDE;
          return j == 2 ? List.of(1, 2, 3, 4, 5, 6) : j == 4 ? List.of(7, 8) : List.of(1, 2, 3);
        };
    CoveragePolicy.Pick<List<Integer>> pick =
        CoveragePolicy.guided(3)
            .next(
                5,
                c,
                fresh,
                CoveragePolicyTest::parse,
                new ListMutator(),
                CoveragePolicyTest::parts);
    assertThat(pick.schedule()).containsExactly(7, 8);
  }

  @Test
  void aGuidedFreshDrawWeighsWhatItAddsByTheTimeItsPartsTookToRun(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    // runs with part n9 took four times as long as the others
    for (int i = 0; i < 6; i++) c.partsRun().ran(List.of("n1", "n2"), 10_000);
    for (int i = 0; i < 6; i++) c.partsRun().ran(List.of("n9"), 40_000);
    // candidates 2 and 4 each add a part and a pair; candidate 2 has the slow part
    java.util.function.LongFunction<List<Integer>> fresh =
        idx -> {
          long j = idx / CoveragePolicy.CANDIDATE_STRIDE;
          return j == 2 ? List.of(9, 7) : j == 4 ? List.of(1, 6) : List.of(1, 2);
        };
    CoveragePolicy.Pick<List<Integer>> pick = guidedPick(c, fresh);
    assertThat(pick.schedule()).containsExactly(1, 6);
    assertThat(pick.origin()).isEqualTo("fresh (best of 8: 2 parts and pairs not run)");
    // without run times the slow candidate adds the most and is picked
    Corpus untimed = Corpus.open(store.resolve("u"), "x");
    for (int i = 0; i < 6; i++) untimed.partsRun().ran(List.of("n1", "n2"));
    for (int i = 0; i < 6; i++) untimed.partsRun().ran(List.of("n9"));
    assertThat(guidedPick(untimed, fresh).schedule()).containsExactly(9, 7);
  }

  @Test
  void aCandidateWithMorePartsIsNotPickedForItsSizeAlone(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.partsRun().ran(List.of("n1", "n2", "n3", "n4", "n5", "n6"));
    // candidate 1 repeats six parts and adds one (7 new: n7 and its six pairs, 1 per part);
    // candidate 2 has two parts, both new (3 new, 1.5 per part): counted raw the big one wins
    java.util.function.LongFunction<List<Integer>> fresh =
        idx -> {
          long j = idx / CoveragePolicy.CANDIDATE_STRIDE;
          return j == 1 ? List.of(1, 2, 3, 4, 5, 6, 7) : j == 2 ? List.of(8, 9) : List.of(1, 2);
        };
    CoveragePolicy.Pick<List<Integer>> pick = guidedPick(c, fresh);
    assertThat(pick.schedule()).containsExactly(8, 9);
    assertThat(pick.origin()).isEqualTo("fresh (best of 8: 3 parts and pairs not run)");
  }

  @Test
  void whenNoCandidateAddsAnythingTheIndexOwnDrawRuns(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    c.partsRun().ran(List.of("n1", "n2"));
    CoveragePolicy.Pick<List<Integer>> pick =
        CoveragePolicy.guided(3)
            .next(
                5,
                c,
                idx -> idx == 5 ? List.of(1) : List.of(2),
                CoveragePolicyTest::parse,
                new ListMutator(),
                CoveragePolicyTest::parts);
    assertThat(pick.schedule()).containsExactly(1);
  }

  @Test
  void unguidedAndPartlessFreshDrawsAreTheIndexOwnDraw(@TempDir Path store) {
    Corpus c = Corpus.open(store, "x");
    List<Long> drawn = new ArrayList<>();
    java.util.function.LongFunction<List<Integer>> fresh =
        idx -> {
          drawn.add(idx);
          return List.of((int) (idx % 1000), (int) (idx / CoveragePolicy.CANDIDATE_STRIDE));
        };
    CoveragePolicy.Pick<List<Integer>> u =
        CoveragePolicy.unguided(3)
            .next(
                4,
                c,
                fresh,
                CoveragePolicyTest::parse,
                new ListMutator(),
                CoveragePolicyTest::parts);
    CoveragePolicy.Pick<List<Integer>> g =
        CoveragePolicy.guided(3).next(4, c, fresh, CoveragePolicyTest::parse, new ListMutator());
    assertThat(u.schedule()).containsExactly(4, 0);
    assertThat(u.origin()).isEqualTo("fresh");
    assertThat(g.schedule()).containsExactly(4, 0);
    assertThat(drawn).containsExactly(4L, 4L);
  }

  /** Schedule 5 of a guided exploration (3 fresh runs first) over {@code c}. */
  private static CoveragePolicy.Pick<List<Integer>> guidedPick(
      Corpus c, java.util.function.LongFunction<List<Integer>> fresh) {
    return CoveragePolicy.guided(3)
        .next(5, c, fresh, CoveragePolicyTest::parse, new ListMutator(), CoveragePolicyTest::parts);
  }
}
