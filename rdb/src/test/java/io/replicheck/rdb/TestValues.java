package io.replicheck.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Short constructors for test data. */
final class TestValues {
  private TestValues() {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<byte[]> bs(String... s) {
    List<byte[]> out = new ArrayList<>();
    for (String x : s) {
      out.add(b(x));
    }
    return out;
  }

  static RdbValue.Str str(String s) {
    return new RdbValue.Str(b(s), null);
  }

  static RdbValue.ListValue list(String... e) {
    return new RdbValue.ListValue(bs(e), null);
  }

  static RdbValue.SetValue set(String... m) {
    return new RdbValue.SetValue(bs(m), null);
  }

  /** Alternating field, value. */
  static RdbValue.HashValue hash(String... fv) {
    List<byte[]> f = new ArrayList<>();
    List<byte[]> v = new ArrayList<>();
    for (int i = 0; i < fv.length; i += 2) {
      f.add(b(fv[i]));
      v.add(b(fv[i + 1]));
    }
    return new RdbValue.HashValue(f, v, null);
  }

  static byte[] hex(String h) {
    return java.util.HexFormat.of().parseHex(h);
  }

  static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}
