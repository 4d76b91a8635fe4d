package io.replicheck.rdb;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * redis 7.0's DEBUG DIGEST (debug.c computeDatasetDigest), with xor(d, x) meaning d ^= SHA1(x) and
 * mix(d, x) meaning d = SHA1(d ^ SHA1(x)):
 *
 * <ul>
 *   <li>final = 0; for each non-empty db in ascending order: mix(final, db id as 4 bytes
 *       big-endian), then for each key xor(final, k), where k starts at 0 and takes
 *   <li>mix(k, key), mix(k, type as 4 bytes big-endian), then the value: strings mix(k, bytes);
 *       lists mix(k, element) in order; sets xor(k, member); hashes, per pair, e = 0, mix(e,
 *       field), mix(e, value), xor(k, e); sorted sets, per member, e = 0, mix(e, member), mix(e,
 *       score as %.17g), xor(k, e); finally xor(k, "!!expire!!") if the key has a TTL (the expire
 *       time itself is not hashed).
 * </ul>
 *
 * <p>Because keys are xored, the order in which entries are added does not matter, and entries of
 * different dbs may be interleaved. Integer-encoded values hash as their decimal string, which is
 * what {@link RdbValue.Str} holds. Implements {@link RdbVisitor}, so {@code RdbReader.read(in,
 * digest)} digests a file.
 */
public final class DatasetDigest implements RdbVisitor {
  private static final byte[] EXPIRE_MARK =
      "!!expire!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int TYPE_STRING = 0;
  private static final int TYPE_LIST = 1;
  private static final int TYPE_SET = 2;
  private static final int TYPE_ZSET = 3;
  private static final int TYPE_HASH = 4;
  private static final int TYPE_STREAM = 6;

  private final MessageDigest sha1 = newSha1();

  /** Per db: xor of the key digests, and how many keys (a db with keys is never skipped). */
  private final TreeMap<Integer, byte[]> dbXor = new TreeMap<>();

  private final TreeMap<Integer, Long> dbKeys = new TreeMap<>();
  private final byte[] keyDigest = new byte[20];
  private final byte[] hash = new byte[20];

  /** Adds one key. */
  public void add(int db, byte[] key, RdbValue value, boolean hasExpire) {
    java.util.Arrays.fill(keyDigest, (byte) 0);
    mix(keyDigest, key, 0, key.length);
    objectDigest(keyDigest, value, hasExpire);
    // xorDigest(final, digest, 20): what is xored in is the SHA1 of the key's digest.
    xor(dbXor.computeIfAbsent(db, k -> new byte[20]), keyDigest, 0, 20);
    dbKeys.merge(db, 1L, Long::sum);
  }

  /** Adds one entry (its TTL counts as "has an expire"). */
  public void add(RdbEntry e) {
    add(e.db(), e.key(), e.value(), e.expireAtMs() != RdbEntry.NO_EXPIRE);
  }

  @Override
  public void entry(RdbEntry entry) {
    add(entry);
  }

  /** The digest as 20 bytes. */
  public byte[] digest() {
    byte[] fin = new byte[20];
    for (Integer db : dbXor.keySet()) {
      if (dbKeys.getOrDefault(db, 0L) == 0) {
        continue;
      }
      byte[] id = {(byte) (db >>> 24), (byte) (db >>> 16), (byte) (db >>> 8), (byte) (int) db};
      mix(fin, id, 0, 4);
      byte[] acc = dbXor.get(db);
      for (int i = 0; i < 20; i++) {
        fin[i] ^= acc[i];
      }
    }
    return fin;
  }

  /** The digest as DEBUG DIGEST prints it: 40 lowercase hex characters (all zero when empty). */
  public String hex() {
    return HexFormat.of().formatHex(digest());
  }

  /** The digest of a whole dataset. */
  public static String of(Iterable<RdbEntry> entries) {
    DatasetDigest d = new DatasetDigest();
    for (RdbEntry e : entries) {
      d.add(e);
    }
    return d.hex();
  }

  /** DEBUG DIGEST-VALUE of a key without a TTL. */
  public static String digestValue(RdbValue value) {
    return digestValue(value, false);
  }

  /** DEBUG DIGEST-VALUE: the value's digest, with "!!expire!!" when the key has a TTL. */
  public static String digestValue(RdbValue value, boolean hasExpire) {
    DatasetDigest d = new DatasetDigest();
    byte[] digest = new byte[20];
    d.objectDigest(digest, value, hasExpire);
    return HexFormat.of().formatHex(digest);
  }

  // ---- debug.c ----

  private void objectDigest(byte[] digest, RdbValue value, boolean hasExpire) {
    if (value instanceof RdbValue.Str s) {
      mixType(digest, TYPE_STRING);
      mix(digest, s.value(), 0, s.value().length);
    } else if (value instanceof RdbValue.ListValue l) {
      mixType(digest, TYPE_LIST);
      for (byte[] e : l.elements()) {
        mix(digest, e, 0, e.length);
      }
    } else if (value instanceof RdbValue.SetValue s) {
      mixType(digest, TYPE_SET);
      for (byte[] m : s.members()) {
        xor(digest, m, 0, m.length);
      }
    } else if (value instanceof RdbValue.HashValue h) {
      mixType(digest, TYPE_HASH);
      List<byte[]> fields = h.fields();
      List<byte[]> values = h.values();
      if (fields.size() != values.size()) {
        throw new IllegalArgumentException("hash with unequal field and value counts");
      }
      byte[] ele = new byte[20];
      for (int i = 0; i < fields.size(); i++) {
        java.util.Arrays.fill(ele, (byte) 0);
        mix(ele, fields.get(i), 0, fields.get(i).length);
        mix(ele, values.get(i), 0, values.get(i).length);
        xor(digest, ele, 0, 20); // xorDigest: the SHA1 of the pair's digest, not the digest itself
      }
    } else if (value instanceof RdbValue.ZSetValue z) {
      mixType(digest, TYPE_ZSET);
      byte[] ele = new byte[20];
      for (int i = 0; i < z.members().size(); i++) {
        java.util.Arrays.fill(ele, (byte) 0);
        byte[] m = z.members().get(i);
        byte[] score =
            Doubles.formatG17(z.scores().get(i))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        mix(ele, m, 0, m.length);
        mix(ele, score, 0, score.length);
        xor(digest, ele, 0, 20);
      }
    } else if (value instanceof RdbValue.StreamValue st) {
      mixType(digest, TYPE_STREAM);
      for (StreamListpacks.Entry e : StreamListpacks.liveEntries(st)) {
        byte[] id =
            (Long.toUnsignedString(e.id().ms()) + "." + Long.toUnsignedString(e.id().seq()))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        mix(digest, id, 0, id.length);
        for (int i = 0; i < e.fields().size(); i++) {
          mix(digest, e.fields().get(i), 0, e.fields().get(i).length);
          mix(digest, e.values().get(i), 0, e.values().get(i).length);
        }
      }
    } else {
      throw new IllegalArgumentException("unsupported value " + value);
    }
    if (hasExpire) {
      xor(digest, EXPIRE_MARK, 0, EXPIRE_MARK.length);
    }
  }

  private void mixType(byte[] digest, int type) {
    byte[] aux = {0, 0, 0, (byte) type};
    mix(digest, aux, 0, 4);
  }

  /** xorDigest: digest ^= SHA1(data). */
  private void xor(byte[] digest, byte[] data, int off, int len) {
    sha1.update(data, off, len);
    try {
      sha1.digest(hash, 0, 20);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 20; i++) {
      digest[i] ^= hash[i];
    }
  }

  /** mixDigest: digest = SHA1(digest ^ SHA1(data)). */
  private void mix(byte[] digest, byte[] data, int off, int len) {
    xor(digest, data, off, len);
    sha1.update(digest, 0, 20);
    try {
      sha1.digest(digest, 0, 20);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
