package io.replicheck.rdb;

import java.util.List;

/**
 * Which in-memory encoding redis 7.0 gives a value, under the thresholds of {@link
 * RdbWriteOptions}; the writer uses it when a value carries none, the server for OBJECT ENCODING.
 */
public final class Encodings {
  /** Strings up to this length are embstr (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
  public static final int EMBSTR_SIZE_LIMIT = 44;

  private Encodings() {}

  /** The encoding redis would give {@code value} if it were built from scratch now. */
  public static Encoding choose(RdbValue value, RdbWriteOptions options) {
    if (value instanceof RdbValue.Str s) {
      return chooseString(s.value());
    } else if (value instanceof RdbValue.ListValue) {
      return Encoding.QUICKLIST;
    } else if (value instanceof RdbValue.HashValue h) {
      return hashFitsListpack(h.fields(), h.values(), options)
          ? Encoding.LISTPACK
          : Encoding.HASHTABLE;
    } else if (value instanceof RdbValue.SetValue s) {
      return setFitsIntset(s.members(), options) ? Encoding.INTSET : Encoding.HASHTABLE;
    } else if (value instanceof RdbValue.ZSetValue z) {
      return zsetFitsListpack(z.members(), options) ? Encoding.LISTPACK : Encoding.SKIPLIST;
    } else if (value instanceof RdbValue.StreamValue) {
      return Encoding.STREAM;
    }
    throw new IllegalArgumentException("unknown value " + value);
  }

  /** int for canonical integers of up to 20 characters, embstr up to 44 bytes, raw beyond. */
  public static Encoding chooseString(byte[] s) {
    if (s.length <= 20 && Ints.isCanonical(s)) {
      return Encoding.INT;
    }
    return s.length <= EMBSTR_SIZE_LIMIT ? Encoding.EMBSTR : Encoding.RAW;
  }

  /**
   * hash-max-listpack-entries and hash-max-listpack-value, as hashTypeTryConversion applies them.
   */
  public static boolean hashFitsListpack(
      List<byte[]> fields, List<byte[]> values, RdbWriteOptions o) {
    if (fields.size() > o.hashMaxListpackEntries()) {
      return false;
    }
    for (byte[] f : fields) {
      if (f.length > o.hashMaxListpackValue()) {
        return false;
      }
    }
    for (byte[] v : values) {
      if (v.length > o.hashMaxListpackValue()) {
        return false;
      }
    }
    return true;
  }

  /** All members canonical integers and at most set-max-intset-entries of them. */
  public static boolean setFitsIntset(List<byte[]> members, RdbWriteOptions o) {
    if (members.size() > o.setMaxIntsetEntries()) {
      return false;
    }
    return allIntegers(members);
  }

  /** zset-max-listpack-entries and zset-max-listpack-value (zsetTypeCreate, rdbLoad). */
  public static boolean zsetFitsListpack(List<byte[]> members, RdbWriteOptions o) {
    if (members.size() > o.zsetMaxListpackEntries()) {
      return false;
    }
    for (byte[] m : members) {
      if (m.length > o.zsetMaxListpackValue()) {
        return false;
      }
    }
    return true;
  }

  static boolean allIntegers(List<byte[]> members) {
    for (byte[] m : members) {
      if (!Ints.isCanonical(m)) {
        return false;
      }
    }
    return true;
  }
}
