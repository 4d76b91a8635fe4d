package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bit commands without sockets; expected replies as redis-server 7.0.15 gives them. */
class BitmapCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void setbitGrowsTheStringAndAnswersTheOldBit() {
    assertThat(c.call("SETBIT", "b", "7", "1")).isEqualTo(0L);
    assertThat(c.call("SETBIT", "b", "7", "1")).isEqualTo(1L);
    assertThat(c.call("SETBIT", "b", "100", "1")).isEqualTo(0L);
    assertThat(c.call("STRLEN", "b")).isEqualTo(13L);
    assertThat(c.call("GETBIT", "b", "100")).isEqualTo(1L);
    assertThat(c.call("GETBIT", "b", "99999")).isEqualTo(0L);
    assertThat(c.call("OBJECT", "ENCODING", "b")).isEqualTo("raw");
    assertThat(c.call("SETBIT", "b", "1", "2"))
        .isEqualTo(err("ERR bit is not an integer or out of range"));
    assertThat(c.call("SETBIT", "b", "-1", "1"))
        .isEqualTo(err("ERR bit offset is not an integer or out of range"));
    assertThat(c.call("SETBIT", "b", "4294967296", "1"))
        .isEqualTo(err("ERR bit offset is not an integer or out of range"));
    assertThat(c.call("GETBIT", "b", "#1"))
        .isEqualTo(err("ERR bit offset is not an integer or out of range"));
  }

  @Test
  void setbitThatChangesNothingIsNotPropagated() {
    c.call("SETBIT", "b", "3", "1");
    t.propagated.clear();
    c.call("SETBIT", "b", "3", "1");
    c.call("SETBIT", "b", "2", "0");
    assertThat(t.propagated).isEmpty();
    c.call("SETBIT", "b", "2", "1");
    assertThat(t.propagated).containsExactly("0: SETBIT b 2 1");
  }

  @Test
  void bitcountByteAndBitRanges() {
    c.call("SET", "s", "foobar");
    assertThat(c.call("BITCOUNT", "s")).isEqualTo(26L);
    assertThat(c.call("BITCOUNT", "s", "0", "0")).isEqualTo(4L);
    assertThat(c.call("BITCOUNT", "s", "1", "1")).isEqualTo(6L);
    assertThat(c.call("BITCOUNT", "s", "1", "1", "BYTE")).isEqualTo(6L);
    assertThat(c.call("BITCOUNT", "s", "5", "30", "BIT")).isEqualTo(17L);
    assertThat(c.call("BITCOUNT", "s", "-1", "-2", "foo")).isEqualTo(0L);
    assertThat(c.call("BITCOUNT", "s", "0", "1", "foo")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("BITCOUNT", "s", "0")).isEqualTo(err("ERR syntax error"));
    // 7.0 looks the key up first: a missing key is 0 whatever the arguments
    assertThat(c.call("BITCOUNT", "nokey", "a", "b")).isEqualTo(0L);
  }

  @Test
  void bitposByteAndBitRanges() {
    c.call("SET", "s", "\u00ff\u00f0\u0000");
    // UTF-8 makes that c3 bf c3 b0 00
    assertThat(c.call("BITPOS", "s", "0")).isEqualTo(2L);
    assertThat(c.call("BITPOS", "s", "1", "2")).isEqualTo(16L);
    assertThat(c.call("BITPOS", "s", "1", "7", "15", "BIT")).isEqualTo(7L);
    assertThat(c.call("BITPOS", "s", "0", "-1")).isEqualTo(32L);
    assertThat(c.call("BITPOS", "nokey", "1", "a")).isEqualTo(-1L);
    assertThat(c.call("BITPOS", "nokey", "0")).isEqualTo(0L);
    assertThat(c.call("BITPOS", "s", "2")).isEqualTo(err("ERR The bit argument must be 1 or 0."));
    assertThat(c.call("BITPOS", "s", "1", "-1", "-2", "foo")).isEqualTo(err("ERR syntax error"));
  }

  @Test
  void bitposOfClearBitsInAFullRange() {
    for (int i = 0; i < 16; i++) {
      c.call("SETBIT", "ones", Integer.toString(i), "1");
    }
    assertThat(c.call("BITPOS", "ones", "0")).isEqualTo(16L);
    assertThat(c.call("BITPOS", "ones", "0", "0", "-1")).isEqualTo(-1L);
    assertThat(c.call("BITPOS", "ones", "0", "0", "-1", "BIT")).isEqualTo(-1L);
  }

  @Test
  void bitopAndOrXorNot() {
    c.call("SET", "a", "abc");
    c.call("SET", "b", "a");
    assertThat(c.call("BITOP", "AND", "d", "a", "b")).isEqualTo(3L);
    assertThat(c.call("GET", "d")).isEqualTo("a\u0000\u0000");
    assertThat(c.call("BITOP", "OR", "d", "a", "b", "nokey")).isEqualTo(3L);
    assertThat(c.call("GET", "d")).isEqualTo("abc");
    assertThat(c.call("BITOP", "XOR", "d", "a", "b")).isEqualTo(3L);
    assertThat(c.call("GET", "d")).isEqualTo("\u0000bc");
    assertThat(c.call("BITOP", "AND", "d", "nokey")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "d")).isEqualTo(0L);
    assertThat(c.call("BITOP", "NOT", "d", "a", "b"))
        .isEqualTo(err("ERR BITOP NOT must be called with a single source key."));
    assertThat(c.call("BITOP", "NAND", "d", "a")).isEqualTo(err("ERR syntax error"));
    c.call("RPUSH", "l", "x");
    assertThat(c.call("BITOP", "OR", "d", "a", "l"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void bitfieldTypesOverflowAndHashOffsets() {
    assertThat(
            c.call(
                "BITFIELD",
                "bf",
                "SET",
                "i8",
                "0",
                "-100",
                "GET",
                "u4",
                "0",
                "INCRBY",
                "i8",
                "0",
                "300",
                "OVERFLOW",
                "SAT",
                "INCRBY",
                "i8",
                "0",
                "300",
                "OVERFLOW",
                "FAIL",
                "INCRBY",
                "u2",
                "100",
                "7",
                "GET",
                "i8",
                "0"))
        .isEqualTo(Arrays.asList(0L, 9L, -56L, 127L, null, 127L));
    assertThat(c.call("BITFIELD", "bf", "SET", "u63", "#3", "12345678901", "GET", "u63", "#3"))
        .isEqualTo(Arrays.asList(0L, 12345678901L));
    assertThat(
            c.call(
                "BITFIELD",
                "w",
                "INCRBY",
                "i64",
                "0",
                "9223372036854775807",
                "INCRBY",
                "i64",
                "0",
                "9223372036854775807"))
        .isEqualTo(Arrays.asList(9223372036854775807L, -2L));
    assertThat(
            c.call(
                "BITFIELD",
                "w",
                "OVERFLOW",
                "SAT",
                "INCRBY",
                "u5",
                "100",
                "-100",
                "OVERFLOW",
                "WRAP",
                "SET",
                "u3",
                "0",
                "-1"))
        .isEqualTo(Arrays.asList(0L, 7L));
    assertThat(c.call("BITFIELD_RO", "nokey", "GET", "i8", "0")).isEqualTo(Arrays.asList(0L));
    assertThat(c.call("BITFIELD", "w", "GET", "u64", "0"))
        .isEqualTo(
            err(
                "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not"
                    + " supported but i64 is."));
    assertThat(c.call("BITFIELD", "w", "GET", "I8", "0"))
        .isInstanceOf(io.replicheck.server.resp.ReplyRecorder.Err.class);
    assertThat(c.call("BITFIELD", "w", "OVERFLOW", "foo"))
        .isEqualTo(err("ERR Invalid OVERFLOW type specified"));
    assertThat(c.call("BITFIELD_RO", "w", "SET", "i8", "0", "1"))
        .isEqualTo(err("ERR BITFIELD_RO only supports the GET subcommand"));
    assertThat(c.call("BITFIELD", "w", "GET", "i8")).isEqualTo(err("ERR syntax error"));
  }

  @Test
  void bitfieldFailOnANewKeyStillCreatesItWithoutPropagating() {
    t.propagated.clear();
    assertThat(c.call("BITFIELD", "n", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "100"))
        .isEqualTo(Arrays.asList((Object) null));
    assertThat(c.call("STRLEN", "n")).isEqualTo(1L);
    assertThat(t.propagated).isEmpty();
    assertThat(c.call("SET", "x", "y")).isEqualTo(ok());
  }
}
