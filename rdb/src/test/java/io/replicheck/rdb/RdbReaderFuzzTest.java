package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated files: the reader either reads them or throws RdbFormatException, never
 * anything else (no index, negative-size or memory errors), and each attempt stays small in time
 * and memory. The files are written without checksum too, so the structure parsers see corrupt data
 * instead of the CRC catching everything at the end.
 */
class RdbReaderFuzzTest {
  private static final int ROUNDS = 6000;

  static byte[] smallFile(boolean checksum) throws IOException {
    // Small values of every type, so that mutations hit structure more often than bulk bytes.
    List<RdbEntry> entries =
        List.of(
            new RdbEntry(0, TestValues.b("s"), TestValues.str("hello"), RdbEntry.NO_EXPIRE),
            new RdbEntry(0, TestValues.b("i"), TestValues.str("123456"), 4_102_444_800_000L),
            new RdbEntry(
                0, TestValues.b("z"), TestValues.str("abc".repeat(20)), RdbEntry.NO_EXPIRE),
            new RdbEntry(
                0,
                TestValues.b("l"),
                TestValues.list("a", "1", "-300", "x".repeat(70), "9999999999"),
                RdbEntry.NO_EXPIRE),
            new RdbEntry(
                1, TestValues.b("h"), TestValues.hash("f", "v", "n", "5"), RdbEntry.NO_EXPIRE),
            new RdbEntry(
                1,
                TestValues.b("H"),
                new RdbValue.HashValue(
                    TestValues.bs("a", "b"), TestValues.bs("1", "2"), Encoding.HASHTABLE),
                RdbEntry.NO_EXPIRE),
            new RdbEntry(
                1, TestValues.b("t"), TestValues.set("1", "2", "70000"), RdbEntry.NO_EXPIRE),
            new RdbEntry(2, TestValues.b("u"), TestValues.set("a", "b"), RdbEntry.NO_EXPIRE));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter.writeAll(
        out, new RdbWriteOptions(true, checksum, -2, 128, 64, 512), Map.of(), entries);
    return out.toByteArray();
  }

  static void readExpectingOnlyFormatErrors(byte[] data, String what) {
    // Once as a stream of unknown length, once with the length known (as for a file).
    for (boolean known : new boolean[] {false, true}) {
      try {
        if (known) {
          RdbReader.read(new ByteArrayInputStream(data), data.length, e -> {});
        } else {
          RdbReader.read(new ByteArrayInputStream(data), e -> {});
        }
      } catch (RdbFormatException e) {
        assertThat(e.offset()).isBetween(0L, (long) data.length);
      } catch (Throwable t) {
        fail(
            what
                + (known ? " (length known)" : "")
                + ": "
                + t
                + " on input "
                + TestValues.hex(data),
            t);
      }
    }
  }

  @Test
  void mutatedFilesOnlyFailWithFormatErrors() throws IOException {
    Random r = new Random(20261125);
    for (boolean checksum : new boolean[] {false, true}) {
      byte[] base = smallFile(checksum);
      for (int round = 0; round < ROUNDS; round++) {
        byte[] m = base.clone();
        int flips = 1 + r.nextInt(4);
        for (int k = 0; k < flips; k++) {
          int at = 9 + r.nextInt(m.length - 9);
          switch (r.nextInt(3)) {
            case 0 -> m[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> m[at] = (byte) r.nextInt(256);
            default -> m[at] = (byte) (r.nextBoolean() ? 0xff : 0x80 + r.nextInt(2));
          }
        }
        readExpectingOnlyFormatErrors(m, "mutation round " + round);
      }
    }
  }

  @Test
  void everyTruncationFailsWithAFormatError() throws IOException {
    byte[] base = smallFile(true);
    for (int len = 0; len < base.length; len++) {
      byte[] t = java.util.Arrays.copyOf(base, len);
      try {
        RdbReader.read(new ByteArrayInputStream(t), e -> {});
        fail("truncated at " + len + " of " + base.length + " was accepted");
      } catch (RdbFormatException e) {
        assertThat(e.getMessage()).contains("at offset");
      } catch (Throwable e) {
        fail("truncated at " + len + ": " + e, e);
      }
    }
  }

  @Test
  void insertedAndDeletedBytesOnlyFailWithFormatErrors() throws IOException {
    Random r = new Random(7);
    byte[] base = smallFile(false);
    for (int round = 0; round < ROUNDS / 2; round++) {
      int at = 9 + r.nextInt(base.length - 9);
      int n = 1 + r.nextInt(6);
      byte[] m;
      if (r.nextBoolean()) {
        m = new byte[base.length + n];
        System.arraycopy(base, 0, m, 0, at);
        for (int k = 0; k < n; k++) {
          m[at + k] = (byte) r.nextInt(256);
        }
        System.arraycopy(base, at, m, at + n, base.length - at);
      } else {
        n = Math.min(n, base.length - at);
        m = new byte[base.length - n];
        System.arraycopy(base, 0, m, 0, at);
        System.arraycopy(base, at + n, m, at, base.length - at - n);
      }
      readExpectingOnlyFormatErrors(m, "splice round " + round);
    }
  }

  @Test
  void aKnownLengthIsEnforced() throws IOException {
    byte[] file = smallFile(true);
    // Declared shorter than the RDB: it must not read past it (the next bytes are not ours).
    try {
      RdbReader.read(new ByteArrayInputStream(file), file.length - 3, e -> {});
      fail("read past the declared length");
    } catch (RdbFormatException e) {
      assertThat(e.getMessage()).contains("declared length");
    }
    byte[] bigString = TestValues.hex("524544495330303130" + "00" + "0161" + "80000fffff" + "6162");
    try {
      RdbReader.read(new ByteArrayInputStream(bigString), bigString.length, e -> {});
      fail("accepted a string longer than the file");
    } catch (RdbFormatException e) {
      assertThat(e.getMessage()).contains("bytes left").endsWith("at offset 12");
    }
  }

  @Test
  void hugeDeclaredLengthsFailOnMissingDataNotMemory() {
    // A string claiming 2^31-17 bytes, an LZF string claiming 2 GB uncompressed from 3 bytes,
    // and a list claiming 2^32 elements: each must fail fast without allocating their size.
    byte[][] inputs = {
      TestValues.hex("524544495330303130" + "00" + "0161" + "807fffffef" + "6162"),
      TestValues.hex("524544495330303130" + "00" + "0161" + "c3" + "03" + "807fffffef" + "000102"),
      TestValues.hex("524544495330303130" + "01" + "0161" + "81" + "0000000100000000" + "0161"),
      TestValues.hex(
          "524544495330303130" + "12" + "0161" + "80ffffffff" + "02" + "80ffffff00" + "00"),
    };
    for (byte[] in : inputs) {
      long before = usedMemory();
      readExpectingOnlyFormatErrors(in, "huge length");
      assertThat(usedMemory() - before).as("memory grown").isLessThan(256L << 20);
    }
  }

  private static long usedMemory() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
