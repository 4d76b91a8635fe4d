package io.replicheck.invariant;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.checker.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FullStateTest {
  private static FullState.Key str(String v, long at) {
    return new FullState.Key("string", at, true, null, v);
  }

  private static FullState.Node node(String name, Map<String, FullState.Key> db0, String libs) {
    return new FullState.Node(
        name, db0.isEmpty() ? Map.of() : Map.of(0, db0), Map.of(0, (long) db0.size()), libs);
  }

  @Test
  void equalStatesAreValidAndSayWhatWasLeftOut() {
    var m = node("n1", Map.of("a", str("1", -1), "b", str("2", 5000)), "[lib]");
    var r = node("n2", Map.of("a", str("1", -1), "b", str("2", 5000)), "[lib]");
    InvariantResult v = FullState.check(m, List.of(r), 1000, "left out, the server has no XADD");
    assertThat(v.verdict()).isEqualTo(Verdict.VALID);
    assertThat(v.reason()).contains("2 key(s)").contains("no XADD");
  }

  @Test
  void equalDumpsMakeValuesEqualAndDifferentDumpsFallBackToTheCanonicalForm() {
    var m = new FullState.Key("set", -1, true, "aa", "[x, y]");
    assertThat(FullState.diff(m, new FullState.Key("set", -1, true, "aa", "[?]"), 0, "n1"))
        .isNull();
    assertThat(FullState.diff(m, new FullState.Key("set", -1, true, "bb", "[x, y]"), 0, "n1"))
        .isNull();
    assertThat(FullState.diff(m, new FullState.Key("set", -1, true, "bb", "[x]"), 0, "n1"))
        .contains("set [x] but master n1 has [x, y]");
  }

  @Test
  void aKeyLevelDiffNamesNodeDbKeyAndHow() {
    var m =
        node("n1", Map.of("a", str("1", -1), "b", str("2", 5000), "c", str("3", 7000)), "[lib v2]");
    var r = node("n2", Map.of("a", str("9", -1), "b", str("2", -1), "d", str("4", -1)), "[lib]");
    InvariantResult v = FullState.check(m, List.of(r), 1000, "");
    assertThat(v.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(String.join("\n", v.evidence()))
        .contains("n2 db0 key a: string 9 but master n1 has 1")
        .contains("n2 db0 key b: no TTL but master n1 expires it at 5000")
        .contains("n2 db0 key c: missing")
        .contains("n2 db0 key d: not on master n1")
        .contains("n2 function libraries: [lib] but master n1 has [lib v2]");
  }

  @Test
  void expireTimesAreExactWhereBothAreTheServersOwnAndWithinToleranceOtherwise() {
    assertThat(FullState.diff(str("1", 5000), str("1", 5001), 1000, "n1")).contains("1 ms");
    var estimated = new FullState.Key("string", 5400, false, null, "1");
    assertThat(FullState.diff(str("1", 5000), estimated, 1000, "n1")).isNull();
    var far = new FullState.Key("string", 7000, false, null, "1");
    assertThat(FullState.diff(str("1", 5000), far, 1000, "n1")).contains("tolerance 1000 ms");
  }

  @Test
  void aReplicaHoldingKeysPastTheirExpiryShowsInDbsize() {
    var m = new FullState.Node("n1", Map.of(0, Map.of("a", str("1", -1))), Map.of(0, 1L), null);
    var r = new FullState.Node("n2", Map.of(0, Map.of("a", str("1", -1))), Map.of(0, 2L), null);
    InvariantResult v = FullState.check(m, List.of(r), 1000, "");
    assertThat(v.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(v.reason()).contains("DBSIZE 2 but master n1 has 1");
  }

  @Test
  void noKeysNoLibrariesOrNoReplicaIsNotExercised() {
    var empty = node("n1", Map.of(), null);
    assertThat(FullState.check(empty, List.of(node("n2", Map.of(), null)), 0, "").verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
    assertThat(FullState.check(empty, List.of(), 0, "").verdict()).isEqualTo(Verdict.NOT_EXERCISED);
  }

  /**
   * FUNCTION LIST of a server with no library is an empty list, canonical "[]": a run whose clients
   * never got past their first op (a loaded machine, redis-server seed 12) had no key and no
   * library anywhere, and FS5 said valid. Only a library on some node is evidence.
   */
  @Test
  void emptyFunctionListsAreNoEvidenceButALibraryOnAReplicaIs() {
    var m = node("n1", Map.of(), "[]");
    assertThat(FullState.check(m, List.of(node("n2", Map.of(), "[]")), 0, "").verdict())
        .isEqualTo(Verdict.NOT_EXERCISED);
    InvariantResult v = FullState.check(m, List.of(node("n2", Map.of(), "[lib]")), 0, "");
    assertThat(v.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(v.reason()).contains("n2 function libraries: [lib] but master n1 has []");
  }
}
