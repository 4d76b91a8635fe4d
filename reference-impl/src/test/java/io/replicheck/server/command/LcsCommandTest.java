package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LCS replies as redis-server 7.0.15 gives them (RESP2: IDX maps are flat arrays). */
class LcsCommandTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void stringLenAndIdx() {
    c.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
    assertThat(c.call("LCS", "key1", "key2")).isEqualTo("mytext");
    assertThat(c.call("LCS", "key1", "key2", "LEN")).isEqualTo(6L);
    assertThat(c.call("LCS", "key1", "key2", "IDX"))
        .isEqualTo(
            List.of(
                "matches",
                List.of(
                    List.of(List.of(4L, 7L), List.of(5L, 8L)),
                    List.of(List.of(2L, 3L), List.of(0L, 1L))),
                "len",
                6L));
    assertThat(c.call("LCS", "key1", "key2", "IDX", "WITHMATCHLEN"))
        .isEqualTo(
            List.of(
                "matches",
                List.of(
                    List.of(List.of(4L, 7L), List.of(5L, 8L), 4L),
                    List.of(List.of(2L, 3L), List.of(0L, 1L), 2L)),
                "len",
                6L));
    assertThat(c.call("LCS", "key1", "key2", "idx", "minmatchlen", "4", "withmatchlen"))
        .isEqualTo(
            List.of("matches", List.of(List.of(List.of(4L, 7L), List.of(5L, 8L), 4L)), "len", 6L));
  }

  @Test
  void missingKeysAreEmptyStrings() {
    c.call("SET", "key1", "abc");
    assertThat(c.call("LCS", "key1", "nokey")).isEqualTo("");
    assertThat(c.call("LCS", "nokey", "key1", "IDX"))
        .isEqualTo(List.of("matches", List.of(), "len", 0L));
  }

  @Test
  void errorsInRedisOrder() {
    c.call("SET", "key1", "abc");
    c.call("RPUSH", "l", "a");
    assertThat(c.call("LCS", "key1", "l", "bogus"))
        .isEqualTo(err("ERR The specified keys must contain string values"));
    assertThat(c.call("LCS", "key1", "key1", "LEN", "IDX"))
        .isEqualTo(err("ERR If you want both the length and indexes, please just use IDX."));
    assertThat(c.call("LCS", "key1", "key1", "MINMATCHLEN")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("LCS", "key1", "key1", "MINMATCHLEN", "x", "LEN", "IDX"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    c.call("CONFIG", "SET", "proto-max-bulk-len", "1048576");
    c.call("SET", "big", "x".repeat(600));
    assertThat(c.call("LCS", "big", "big"))
        .isEqualTo(
            err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"));
  }
}
