package io.replicheck.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AofManifestTest {
  private static AofManifest parse(String s) throws AofFormatException {
    return AofManifest.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesAndRendersRedisLines() throws Exception {
    String text =
        "file appendonly.aof.2.base.rdb seq 2 type b\n"
            + "file appendonly.aof.1.incr.aof seq 1 type h\n"
            + "file appendonly.aof.2.incr.aof seq 2 type i\n"
            + "file appendonly.aof.3.incr.aof seq 3 type i\n";
    AofManifest m = parse("# a comment\n" + text);
    assertThat(m.base().name()).isEqualTo("appendonly.aof.2.base.rdb");
    assertThat(m.history()).hasSize(1);
    assertThat(m.loadOrder())
        .extracting(AofManifest.FileInfo::name)
        .containsExactly(
            "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.3.incr.aof");
    assertThat(m.render()).isEqualTo(text);
    // fields in any order, quoted names, unknown fields skipped
    AofManifest q = parse("type b seq 7 file \"my aof.7.base.rdb\" extra x\n");
    assertThat(q.base().name()).isEqualTo("my aof.7.base.rdb");
    assertThat(q.render()).isEqualTo("file \"my aof.7.base.rdb\" seq 7 type b\n");
  }

  @Test
  void newFilesContinueTheSequencesAndARewriteMovesOldOnesToHistory() throws Exception {
    AofManifest m = parse("file a.1.base.rdb seq 1 type b\nfile a.4.incr.aof seq 4 type i\n");
    assertThat(m.newIncr("a")).isEqualTo("a.5.incr.aof");
    assertThat(m.newBase("a", false)).isEqualTo("a.2.base.aof");
    m.markRewrittenIncrAsHistory(true);
    assertThat(m.render())
        .isEqualTo(
            "file a.2.base.aof seq 2 type b\n"
                + "file a.1.base.rdb seq 1 type h\n"
                + "file a.4.incr.aof seq 4 type h\n"
                + "file a.5.incr.aof seq 5 type i\n");
    m.clearHistory();
    m.markRewrittenIncrAsHistory(false);
    assertThat(m.incr()).isEmpty();
  }

  @Test
  void badManifestsGiveOneClearError() {
    String[][] cases = {
      {"", "Found an empty AOF manifest"},
      {"# only a comment\n", "Found an empty AOF manifest"},
      {"file a seq 1 type b", "Invalid AOF manifest file format (line 1)"},
      {"file a seq 1\n", "Invalid AOF manifest file format (line 1)"},
      {"file a seq x type b\n", "Invalid AOF manifest file format (line 1)"},
      {"file a seq 1 type z\n", "Invalid AOF manifest file format (line 1)"},
      {"file \"a seq 1 type b\n", "Invalid AOF manifest file format (line 1)"},
      {"file ../a seq 1 type b\n", "bad file name"},
      {"file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information"},
      {"file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number"},
      {"file " + "x".repeat(2000) + " seq 1 type b\n", "Invalid AOF manifest file format"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0]))
          .as(c[0])
          .isInstanceOf(AofFormatException.class)
          .hasMessageContaining(c[1]);
    }
  }
}
