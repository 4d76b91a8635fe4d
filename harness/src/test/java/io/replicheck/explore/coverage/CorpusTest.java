package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
  @TempDir Path store;

  @Test
  void aRunWithNewFeaturesJoinsAndALaterExplorationResumesFromIt() {
    Corpus c = Corpus.open(store, "redis 7.0.15");
    assertThat(c.dir()).isEqualTo(store.resolve("corpus/redis-7.0.15"));
    Corpus.Observation first =
        c.observe("{\"steps\":[1]}", Set.of("a", "b"), Path.of("store/run-1"));
    assertThat(first.novel()).containsExactly("a", "b");
    assertThat(first.entry().id()).isEqualTo(1);
    Corpus.Observation second =
        c.observe("{\"steps\":[2]}", Set.of("a", "b"), Path.of("store/run-2"));
    assertThat(second.novel()).isEmpty();
    assertThat(second.entry()).isNull();
    Corpus.Observation third =
        c.observe("{\"steps\":[3]}", Set.of("b", "c"), Path.of("store/run-3"));
    assertThat(third.novel()).containsExactly("c");
    assertThat(third.seenCount()).isEqualTo(3);

    Corpus again = Corpus.open(store, "redis 7.0.15");
    assertThat(again.seenCount()).isEqualTo(3);
    assertThat(again.hits("b")).isEqualTo(3);
    assertThat(again.entries()).extracting(Corpus.Entry::id).containsExactly(1, 3 - 1);
    assertThat(again.entries().get(1).scheduleJson()).isEqualTo("{\"steps\":[3]}");
    assertThat(again.entries().get(1).runDir()).isEqualTo("store/run-3");
    assertThat(again.novel(Set.of("a", "c", "d"))).containsExactly("d");
    assertThat(Files.exists(store.resolve("corpus/redis-7.0.15/entries/000002/schedule.json")))
        .isTrue();
  }

  @Test
  void theShareOfMutationsFollowsWhatTheyFoundAgainstFreshDraws() {
    Corpus c = Corpus.open(store, "x");
    assertThat(c.mutationShare(0.5)).isEqualTo(0.5); // nothing known yet: the policy's share
    assertThat(c.mutationShare(0)).isZero(); // --no-guidance stays fresh
    // ten mutations that found nothing, ten fresh draws of which five found 10 features each
    for (int i = 0; i < 10; i++) {
      c.noteOrigin(true, 0);
      c.noteOrigin(false, i % 2 == 0 ? 10 : 0);
    }
    assertThat(c.mutationShare(0.5)).isEqualTo(Corpus.MIN_SHARE);
    // then mutations pay: twenty that found 3 each, while fresh draws find nothing any more; the
    // recent runs decide, not the early finds
    for (int i = 0; i < 20; i++) {
      c.noteOrigin(true, 3);
      c.noteOrigin(false, 0);
    }
    assertThat(c.mutationShare(0.5)).isEqualTo(Corpus.MAX_SHARE);
  }

  @Test
  void theShareCountsNewFeaturesNotRunsThatFoundAny() {
    // every run of both kinds found something, but fresh draws found 40 a run and mutations 4:
    // counted as finds they would look alike and get half the runs each
    Corpus c = Corpus.open(store, "y");
    for (int i = 0; i < 6; i++) {
      c.noteOrigin(false, 40);
      c.noteOrigin(true, 4);
    }
    assertThat(c.mutationShare(0.5)).isEqualTo(Corpus.MIN_SHARE);
    Corpus d = Corpus.open(store, "z");
    for (int i = 0; i < 6; i++) {
      d.noteOrigin(false, true);
      d.noteOrigin(true, true);
    }
    assertThat(d.mutationShare(0.5)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void rarerFeaturesWeighMore() {
    Corpus c = Corpus.open(store, "x");
    c.observe("{}", Set.of("common"), null);
    for (int i = 0; i < 9; i++) c.record(Set.of("common"));
    c.observe("{}", Set.of("common", "rare"), null);
    assertThat(c.hits("common")).isEqualTo(11);
    assertThat(c.rarities().get(0)).isEqualTo(1.0 / 11);
    assertThat(c.rarities().get(1)).isEqualTo(1.0);
  }

  @Test
  void anEntryWhoseWritingWasCutShortDoesNotCountButItsFeaturesOnlyInEntriesDo() throws Exception {
    Corpus c = Corpus.open(store, "x");
    c.add(
        "{}",
        Set.of("only-in-entry"),
        null); // added, features.txt not rewritten (as after a crash)
    Files.createDirectories(c.dir().resolve("entries/000009"));
    Files.writeString(c.dir().resolve("entries/000009/schedule.json"), "{}");
    Corpus again = Corpus.open(store, "x");
    assertThat(again.entries()).hasSize(1);
    assertThat(again.novel(Set.of("only-in-entry"))).isEmpty();
  }

  @Test
  void aCorruptFileIsOneErrorNamingIt() throws Exception {
    Corpus c = Corpus.open(store, "x");
    c.observe("{}", Set.of("a"), null);
    Path features = c.dir().resolve("features.txt");
    Files.writeString(features, "garbage\n");
    assertThatThrownBy(() -> Corpus.open(store, "x"))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(features.toString())
        .hasMessageContaining("start a fresh corpus");
    Files.writeString(features, Corpus.HEADER + "\n1\ta\nnot a count\n");
    assertThatThrownBy(() -> Corpus.open(store, "x")).hasMessageContaining("line 3");
    Files.writeString(features, Corpus.HEADER + "\n");
    Path entry = c.dir().resolve("entries/000001/entry.json");
    Files.writeString(entry, "{\"version\":1,\"id\":");
    assertThatThrownBy(() -> Corpus.open(store, "x"))
        .isInstanceOf(CorpusException.class)
        .hasMessageContaining(entry.toString());
  }

  @Test
  void badInputIsRejected() {
    Corpus c = Corpus.open(store, "x");
    assertThatThrownBy(() -> c.add("{not json", Set.of("a"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.add("{}", Set.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serverVersionsBecomeSafeFolderNames() {
    assertThat(Corpus.dirName("replicheck reference server (7.0-compatible)"))
        .isEqualTo("replicheck-reference-server-7.0-compatible");
    assertThat(Corpus.dirName("/usr/bin/redis-server (redis 7.0.15)"))
        .isEqualTo("usr-bin-redis-server-redis-7.0.15");
    assertThat(Corpus.dirName("../..")).isEqualTo("unknown");
    assertThat(Corpus.dirName("")).isEqualTo("unknown");
    assertThat(Corpus.dirName("v".repeat(300))).hasSize(100);
  }

  @Test
  void featuresWithLineBreaksStayOneLine() {
    Corpus c = Corpus.open(store, "x");
    c.observe("{}", Set.of("a\nb"), null);
    assertThat(Corpus.open(store, "x").novel(Set.of("a b"))).isEmpty();
  }

  @Test
  void featuresThatComeAndGoByChanceWeighLessInRarity() {
    assertThat(Corpus.weight("log:S:MASTER <-> REPLICA sync: Finished with success"))
        .isEqualTo(1.0);
    assertThat(Corpus.weight("psync:master:FULLRESYNC/no-backlog")).isEqualTo(1.0);
    assertThat(Corpus.weight("info:role:slave->master")).isEqualTo(1.0);
    assertThat(Corpus.weight("moved:sync_partial_err")).isEqualTo(1.0);
    assertThat(Corpus.weight("edge:M:a => M:b")).isEqualTo(Corpus.NOISY_WEIGHT);
    assertThat(Corpus.weight("order:role:slave->master => master_link_status:up->down"))
        .isEqualTo(Corpus.NOISY_WEIGHT);
    assertThat(Corpus.weight("psync:master:FULLRESYNC/no-backlog#4-7"))
        .isEqualTo(Corpus.NOISY_WEIGHT);
    assertThat(Corpus.weighted(Set.of("log:M:x", "edge:M:x => M:y", "order:a => b")))
        .isEqualTo(1 + 2 * Corpus.NOISY_WEIGHT);

    Corpus c = Corpus.open(store, "x");
    Corpus.Entry stable = c.observe("{}", Set.of("log:M:a", "log:M:b"), null).entry();
    Corpus.Entry noisy =
        c.observe("{}", Set.of("edge:M:a => M:b", "edge:M:b => M:a"), null).entry();
    // both showed two features once; the one whose features are edges weighs a quarter
    assertThat(c.rarity(stable)).isEqualTo(2.0);
    assertThat(c.rarity(noisy)).isEqualTo(2 * Corpus.NOISY_WEIGHT);
    assertThat(c.energy(noisy)).isLessThan(c.energy(stable));
  }

  @Test
  void fasterEntriesGetMoreEnergyAndTheirRunTimeIsKept() {
    Corpus c = Corpus.open(store, "x");
    Corpus.Entry fast = c.observe("{}", Set.of("a"), null, 10_000).entry();
    Corpus.Entry slow = c.observe("{}", Set.of("b"), null, 50_000).entry();
    c.observe("{}", Set.of("a", "b"), null, 30_000); // no entry, but its time counts in the mean
    // mean 30 s: the fast entry 3x (the bound), the slow one 0.6x; rarity is the same
    assertThat(c.speed(fast)).isEqualTo(Corpus.MAX_SPEED);
    assertThat(c.speed(slow)).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(c.energy(fast) / c.rarity(fast))
        .isCloseTo(
            5 * c.energy(slow) / c.rarity(slow), org.assertj.core.api.Assertions.within(1e-9));
    // the run time is kept in entry.json; a resumed corpus has no mean yet, so speeds are 1
    Corpus again = Corpus.open(store, "x");
    assertThat(again.entries())
        .extracting(Corpus.Entry::runMillis)
        .containsExactly(10_000L, 50_000L);
    assertThat(again.speed(again.entries().get(0))).isEqualTo(1.0);
    again.observe("{}", Set.of("a"), null, 20_000);
    assertThat(again.speed(again.entries().get(0))).isEqualTo(2.0);
    // an entry of an older corpus (no runMillis) is never scaled
    Corpus.Entry old = again.add("{}", Set.of("c"), null);
    assertThat(old.runMillis()).isZero();
    assertThat(again.speed(old)).isEqualTo(1.0);
  }
}
