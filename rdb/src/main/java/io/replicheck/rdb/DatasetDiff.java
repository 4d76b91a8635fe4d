package io.replicheck.rdb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-by-key comparison of two datasets (the "key-by-key dump" half of invariant FS1): which keys
 * are missing, extra, or differ in type, value or TTL. Values compare as redis sees them ({@link
 * RdbValues#sameContent}: set and hash order and encodings do not count).
 */
public final class DatasetDiff {
  private DatasetDiff() {}

  /** What differs about one key. */
  public enum Kind {
    /** In the expected dataset only. */
    MISSING,
    /** In the actual dataset only. */
    EXTRA,
    /** Different types (string, list, set, hash). */
    TYPE,
    /** Same type, different content. */
    VALUE,
    /** Same value; a TTL on one side only, or expiry times further apart than the tolerance. */
    TTL
  }

  /** One difference; {@code detail} says what each side holds. */
  public record Difference(int db, byte[] key, Kind kind, String detail) {
    /** The key as text (non-printable bytes escaped). */
    public String keyText() {
      return printable(key);
    }

    @Override
    public String toString() {
      return "db" + db + " " + keyText() + ": " + kind + " (" + detail + ")";
    }
  }

  /**
   * Compares {@code actual} against {@code expected}.
   *
   * @param ttlToleranceMs how far apart two expiry times may be and still count as equal
   * @return the differences, ordered by db and key
   */
  public static List<Difference> between(
      Iterable<RdbEntry> expected, Iterable<RdbEntry> actual, long ttlToleranceMs) {
    Map<Key, RdbEntry> exp = index(expected);
    Map<Key, RdbEntry> act = index(actual);
    List<Difference> out = new ArrayList<>();
    for (Map.Entry<Key, RdbEntry> e : exp.entrySet()) {
      RdbEntry want = e.getValue();
      RdbEntry got = act.get(e.getKey());
      if (got == null) {
        out.add(
            new Difference(
                want.db(),
                want.key(),
                Kind.MISSING,
                "expected " + RdbValues.describe(want.value())));
      } else if (!typeName(want.value()).equals(typeName(got.value()))) {
        out.add(
            new Difference(
                want.db(),
                want.key(),
                Kind.TYPE,
                "expected a " + typeName(want.value()) + ", found a " + typeName(got.value())));
      } else if (!RdbValues.sameContent(want.value(), got.value())) {
        out.add(
            new Difference(
                want.db(),
                want.key(),
                Kind.VALUE,
                "expected "
                    + RdbValues.describe(want.value())
                    + ", found "
                    + RdbValues.describe(got.value())));
      } else if (!sameTtl(want.expireAtMs(), got.expireAtMs(), ttlToleranceMs)) {
        out.add(
            new Difference(
                want.db(),
                want.key(),
                Kind.TTL,
                "expected " + ttl(want.expireAtMs()) + ", found " + ttl(got.expireAtMs())));
      }
    }
    for (Map.Entry<Key, RdbEntry> e : act.entrySet()) {
      if (!exp.containsKey(e.getKey())) {
        RdbEntry got = e.getValue();
        out.add(
            new Difference(
                got.db(), got.key(), Kind.EXTRA, "found " + RdbValues.describe(got.value())));
      }
    }
    out.sort(Comparator.comparingInt(Difference::db).thenComparing(d -> ByteBuffer.wrap(d.key())));
    return out;
  }

  private static boolean sameTtl(long a, long b, long tolerance) {
    if (a == RdbEntry.NO_EXPIRE || b == RdbEntry.NO_EXPIRE) {
      return a == b;
    }
    return Math.abs(a - b) <= tolerance;
  }

  private static String ttl(long at) {
    return at == RdbEntry.NO_EXPIRE ? "no TTL" : "expiry at " + at + " ms";
  }

  static String typeName(RdbValue v) {
    if (v instanceof RdbValue.Str) {
      return "string";
    } else if (v instanceof RdbValue.ListValue) {
      return "list";
    } else if (v instanceof RdbValue.SetValue) {
      return "set";
    } else if (v instanceof RdbValue.ZSetValue) {
      return "zset";
    } else if (v instanceof RdbValue.StreamValue) {
      return "stream";
    }
    return "hash";
  }

  private record Key(int db, ByteBuffer key) {}

  private static Map<Key, RdbEntry> index(Iterable<RdbEntry> entries) {
    Map<Key, RdbEntry> m = new HashMap<>();
    for (RdbEntry e : entries) {
      m.put(new Key(e.db(), ByteBuffer.wrap(e.key())), e);
    }
    return m;
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      int c = x & 0xff;
      if (c >= 32 && c < 127 && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
