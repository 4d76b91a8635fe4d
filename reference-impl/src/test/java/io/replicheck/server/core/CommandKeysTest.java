package io.replicheck.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** redis 7.0's getKeysFromCommand for the forms a first/last/step range cannot describe. */
class CommandKeysTest {
  private static int[] keys(String flags, int first, int last, int step, String... args) {
    CommandSpec spec = CommandSpec.of(args[0], -1, flags, first, last, step, c -> {});
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return CommandKeys.positions(spec, argv);
  }

  @Test
  void ranges() {
    assertThat(keys("readonly", 1, -1, 1, "mget", "a", "b", "c")).containsExactly(1, 2, 3);
    assertThat(keys("write", 1, -1, 2, "mset", "a", "1", "b", "2")).containsExactly(1, 3);
    assertThat(keys("readonly", 2, 2, 1, "object", "help")).isEmpty();
    assertThat(keys("", 0, 0, 0, "ping")).isEmpty();
  }

  @Test
  void numkeysForms() {
    assertThat(keys("", 0, 0, 0, "zunion", "2", "a", "b", "WEIGHTS", "1", "2"))
        .containsExactly(2, 3);
    assertThat(keys("", 1, 1, 1, "zunionstore", "d", "2", "a", "b")).containsExactly(3, 4, 1);
    assertThat(keys("", 0, 0, 0, "eval", "s", "1", "k", "arg")).containsExactly(3);
    assertThat(keys("", 0, 0, 0, "fcall", "f", "0", "arg")).isEmpty();
    assertThat(keys("", 0, 0, 0, "blmpop", "0", "2", "a", "b", "LEFT")).containsExactly(3, 4);
    assertThat(keys("", 0, 0, 0, "lmpop", "1", "a", "LEFT")).containsExactly(2);
    // atoi: "2x" is 2, "x" is 0 (no keys), more keys than arguments: none.
    assertThat(keys("", 0, 0, 0, "sintercard", "2x", "a", "b")).containsExactly(2, 3);
    assertThat(keys("", 0, 0, 0, "sintercard", "x", "a", "b")).isEmpty();
    assertThat(keys("", 0, 0, 0, "zinter", "3", "a", "b")).isEmpty();
  }

  @Test
  void keywordForms() {
    assertThat(
            keys("", 0, 0, 0, "xread", "COUNT", "1", "BLOCK", "0", "STREAMS", "a", "b", "0", "$"))
        .containsExactly(6, 7);
    assertThat(keys("", 0, 0, 0, "xreadgroup", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">"))
        .containsExactly(6);
    assertThat(keys("", 0, 0, 0, "xread", "STREAMS", "a", "b", "0")).isEmpty();
    assertThat(keys("", 1, 1, 1, "sort", "l", "BY", "store", "STORE", "d1", "STORE", "d2"))
        .containsExactly(1, 7);
    assertThat(keys("", 1, 1, 1, "georadius", "g", "0", "0", "1", "km", "STOREDIST", "d"))
        .containsExactly(1, 7);
    assertThat(keys("", 3, 3, 1, "migrate", "h", "1", "", "0", "5", "COPY", "KEYS", "a", "b"))
        .containsExactly(8, 9);
    assertThat(keys("", 3, 3, 1, "migrate", "h", "1", "k", "0", "5", "AUTH", "keys"))
        .containsExactly(3);
    assertThat(keys("", 0, 0, 0, "memory", "usage", "k", "SAMPLES", "0")).containsExactly(2);
    assertThat(keys("", 0, 0, 0, "memory", "stats")).isEmpty();
  }
}
