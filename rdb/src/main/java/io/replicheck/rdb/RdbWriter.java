package io.replicheck.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams an RDB version 10 file as redis 7.0's rdbSaveRio writes it: header and aux fields, per
 * database SELECTDB + RESIZEDB, keys (EXPIRETIME_MS first when they have a TTL), EOF and the CRC64
 * (little-endian; eight zero bytes when the checksum is off).
 *
 * <p>Not thread-safe. Buffers internally; {@link #finish()} flushes but does not close the stream.
 */
public final class RdbWriter {
  /** redis 7.0's default; the reader's limits and the server's banner say the same. */
  public static final String REDIS_VERSION = "7.0.15";

  /** quicklist's packed_threshold: elements this large get a node of their own (PLAIN). */
  static final long PACKED_THRESHOLD = 1L << 30;

  /** quicklist's SIZE_SAFETY_LIMIT and optimization_level, for list-max-listpack-size. */
  private static final int SIZE_SAFETY_LIMIT = 8192;

  private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
  private static final int SIZE_ESTIMATE_OVERHEAD = 8;

  private static final int BUFFER_SIZE = 1 << 16;

  private final OutputStream out;
  private final RdbWriteOptions options;
  private final byte[] buf = new byte[BUFFER_SIZE];
  private int pos;
  private long crc;
  private long written;
  private int currentDb = -1;
  private boolean finished;
  private byte[] lzfOut = new byte[256];
  private final Listpack.Builder listpack = new Listpack.Builder(SIZE_SAFETY_LIMIT * 2);
  private final long[] parsed = new long[1];

  public RdbWriter(OutputStream out, RdbWriteOptions options) {
    this.out = out;
    this.options = options;
  }

  /** Bytes handed to the stream or buffered so far. */
  public long bytesWritten() {
    return written + pos;
  }

  /**
   * Writes "REDIS0010" and the aux fields redis 7.0 writes, in its order: redis-ver, redis-bits,
   * ctime, used-mem, then repl-stream-db, repl-id, repl-offset when given, aof-base, then any other
   * fields of {@code aux} in its iteration order. {@code aux} overrides the defaults (redis-ver
   * 7.0.15, redis-bits 64, ctime now, used-mem 0, aof-base 0).
   */
  public void writeHeader(Map<String, String> aux) throws IOException {
    putBytes(
        ("REDIS" + String.format("%04d", RdbFormat.VERSION)).getBytes(StandardCharsets.US_ASCII));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("redis-ver", REDIS_VERSION);
    fields.put("redis-bits", "64");
    fields.put("ctime", Long.toString(System.currentTimeMillis() / 1000));
    fields.put("used-mem", "0");
    for (String k : List.of("repl-stream-db", "repl-id", "repl-offset")) {
      if (aux.containsKey(k)) {
        fields.put(k, aux.get(k));
      }
    }
    fields.put("aof-base", "0");
    for (Map.Entry<String, String> e : aux.entrySet()) {
      fields.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : fields.entrySet()) {
      putByte(RdbFormat.OPCODE_AUX);
      writeString(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
      writeString(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** SELECTDB and RESIZEDB (the sizes are hints for the loader's hash tables). */
  public void selectDb(int db, long dbSize, long expiresSize) throws IOException {
    if (db < 0) {
      throw new IllegalArgumentException("negative db " + db);
    }
    putByte(RdbFormat.OPCODE_SELECTDB);
    writeLength(db);
    putByte(RdbFormat.OPCODE_RESIZEDB);
    writeLength(dbSize);
    writeLength(expiresSize);
    currentDb = db;
  }

  /**
   * A FUNCTION2 opcode with one library's source, as rdbSaveFunctions writes each library (after
   * the aux fields, before the first database).
   */
  public void writeFunction(String libraryCode) throws IOException {
    putByte(RdbFormat.OPCODE_FUNCTION2);
    writeString(libraryCode.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes one key. A SELECTDB (without RESIZEDB) is written first if the entry's db is not the one
   * selected last.
   *
   * @throws IllegalArgumentException for an empty list, hash or set (redis never stores those)
   */
  public void write(RdbEntry entry) throws IOException {
    if (entry.db() != currentDb) {
      if (entry.db() < 0) {
        throw new IllegalArgumentException("negative db " + entry.db());
      }
      putByte(RdbFormat.OPCODE_SELECTDB);
      writeLength(entry.db());
      currentDb = entry.db();
    }
    if (entry.expireAtMs() != RdbEntry.NO_EXPIRE) {
      putByte(RdbFormat.OPCODE_EXPIRETIME_MS);
      putLe(entry.expireAtMs(), 8);
    }
    int type = typeOf(entry.value());
    putByte(type);
    writeString(entry.key());
    writeValue(type, entry.value());
  }

  /**
   * The RDB type byte this writer uses for {@code v}: the value's own encoding when it carries one
   * that fits, else the one {@link Encodings#choose} picks.
   *
   * @throws IllegalArgumentException for an empty list, hash or set (redis never stores those)
   */
  int typeOf(RdbValue v) {
    if (v instanceof RdbValue.Str) {
      return RdbFormat.TYPE_STRING;
    } else if (v instanceof RdbValue.StreamValue) {
      // redis 7.0 writes STREAM_LISTPACKS_2 (7.2's _3 adds a consumer active time).
      return RdbFormat.TYPE_STREAM_LISTPACKS_2;
    } else if (v instanceof RdbValue.ListValue l) {
      requireNonEmpty(l.elements().size(), "list");
      return RdbFormat.TYPE_LIST_QUICKLIST_2;
    } else if (v instanceof RdbValue.HashValue h) {
      if (h.fields().size() != h.values().size()) {
        throw new IllegalArgumentException(
            "hash with " + h.fields().size() + " fields and " + h.values().size() + " values");
      }
      requireNonEmpty(h.fields().size(), "hash");
      Encoding enc = h.encoding();
      if (enc != Encoding.LISTPACK && enc != Encoding.HASHTABLE) {
        enc = Encodings.choose(h, options);
      }
      return enc == Encoding.LISTPACK ? RdbFormat.TYPE_HASH_LISTPACK : RdbFormat.TYPE_HASH;
    } else if (v instanceof RdbValue.SetValue s) {
      requireNonEmpty(s.members().size(), "set");
      Encoding enc = s.encoding();
      // A sticky intset is only possible while every member is an integer.
      if (enc == Encoding.INTSET && !Encodings.allIntegers(s.members())) {
        enc = Encoding.HASHTABLE;
      } else if (enc != Encoding.INTSET && enc != Encoding.HASHTABLE) {
        enc = Encodings.choose(s, options);
      }
      return enc == Encoding.INTSET ? RdbFormat.TYPE_SET_INTSET : RdbFormat.TYPE_SET;
    } else if (v instanceof RdbValue.ZSetValue z) {
      if (z.members().size() != z.scores().size()) {
        throw new IllegalArgumentException(
            "zset with " + z.members().size() + " members and " + z.scores().size() + " scores");
      }
      requireNonEmpty(z.members().size(), "zset");
      Encoding enc = z.encoding();
      if (enc != Encoding.LISTPACK && enc != Encoding.SKIPLIST) {
        enc = Encodings.choose(z, options);
      }
      return enc == Encoding.LISTPACK ? RdbFormat.TYPE_ZSET_LISTPACK : RdbFormat.TYPE_ZSET_2;
    }
    throw new IllegalArgumentException("unsupported value " + v);
  }

  /** Writes the value part (after type byte and key) in the layout of {@code type}. */
  void writeValue(int type, RdbValue v) throws IOException {
    switch (type) {
      case RdbFormat.TYPE_STRING -> writeString(((RdbValue.Str) v).value());
      case RdbFormat.TYPE_LIST_QUICKLIST_2 -> writeQuicklist(((RdbValue.ListValue) v).elements());
      case RdbFormat.TYPE_HASH_LISTPACK -> {
        RdbValue.HashValue h = (RdbValue.HashValue) v;
        listpack.reset();
        for (int i = 0; i < h.fields().size(); i++) {
          listpack.append(h.fields().get(i));
          listpack.append(h.values().get(i));
        }
        ByteSink lp = listpack.finish();
        writeString(lp.array(), 0, lp.size());
      }
      case RdbFormat.TYPE_HASH -> {
        RdbValue.HashValue h = (RdbValue.HashValue) v;
        writeLength(h.fields().size());
        for (int i = 0; i < h.fields().size(); i++) {
          writeString(h.fields().get(i));
          writeString(h.values().get(i));
        }
      }
      case RdbFormat.TYPE_SET_INTSET ->
          writeString(Intset.encode(((RdbValue.SetValue) v).members()));
      case RdbFormat.TYPE_SET -> {
        RdbValue.SetValue s = (RdbValue.SetValue) v;
        writeLength(s.members().size());
        for (byte[] m : s.members()) {
          writeString(m);
        }
      }
      case RdbFormat.TYPE_ZSET_LISTPACK -> {
        RdbValue.ZSetValue z = (RdbValue.ZSetValue) v;
        listpack.reset();
        for (int i = 0; i < z.members().size(); i++) {
          listpack.append(z.members().get(i));
          listpack.append(
              Doubles.listpackScore(z.scores().get(i)).getBytes(StandardCharsets.US_ASCII));
        }
        ByteSink lp = listpack.finish();
        writeString(lp.array(), 0, lp.size());
      }
      case RdbFormat.TYPE_ZSET_2 -> {
        // rdbSaveObject walks the skiplist from the tail: greatest first.
        RdbValue.ZSetValue z = (RdbValue.ZSetValue) v;
        writeLength(z.members().size());
        for (int i = z.members().size() - 1; i >= 0; i--) {
          writeString(z.members().get(i));
          putLe(Double.doubleToRawLongBits(z.scores().get(i)), 8);
        }
      }
      case RdbFormat.TYPE_STREAM_LISTPACKS_2 -> writeStream((RdbValue.StreamValue) v);
      default -> throw new IllegalArgumentException("cannot write type " + type);
    }
  }

  /** rdbSaveObject for OBJ_STREAM (RDB_TYPE_STREAM_LISTPACKS_2). */
  private void writeStream(RdbValue.StreamValue s) throws IOException {
    writeLength(s.nodes().size());
    for (StreamListpacks.Node n : s.nodes()) {
      writeString(n.key());
      writeString(n.listpack());
    }
    writeLength(s.length());
    writeId(s.lastId());
    writeId(s.firstId());
    writeId(s.maxDeletedId());
    writeULength(s.entriesAdded());
    writeLength(s.groups().size());
    for (StreamListpacks.Group g : s.groups()) {
      writeString(g.name());
      writeId(g.lastId());
      writeULength(g.entriesRead()); // -1 (unknown) as redis: the unsigned 64-bit length
      writeLength(g.pel().size());
      for (StreamListpacks.Nack n : g.pel()) {
        putBytes(n.id().toKey());
        putLe(n.deliveryTime(), 8);
        writeULength(n.deliveryCount());
      }
      writeLength(g.consumers().size());
      for (StreamListpacks.Consumer c : g.consumers()) {
        writeString(c.name());
        putLe(c.seenTime(), 8);
        writeLength(c.pending().size());
        for (StreamListpacks.Id id : c.pending()) {
          putBytes(id.toKey());
        }
      }
    }
  }

  private void writeId(StreamListpacks.Id id) throws IOException {
    writeULength(id.ms());
    writeULength(id.seq());
  }

  /** rdbSaveLen of a uint64_t: values past Long.MAX_VALUE (negative here) take the 64-bit form. */
  private void writeULength(long v) throws IOException {
    if (v < 0) {
      putByte(0x81);
      putBe(v, 8);
    } else {
      writeLength(v);
    }
  }

  /** Writes a type byte and value with no key (the body of a DUMP payload). */
  void writeTypeAndValue(RdbValue v) throws IOException {
    int type = typeOf(v);
    putByte(type);
    writeValue(type, v);
  }

  /** Flushes the buffer without EOF or checksum (for DUMP payloads). */
  void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  private static void requireNonEmpty(int size, String what) {
    if (size == 0) {
      throw new IllegalArgumentException("empty " + what + ": redis never stores empty keys");
    }
  }

  /** Writes EOF and the checksum, and flushes. */
  public void finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    putByte(RdbFormat.OPCODE_EOF);
    flushBuffer();
    long sum = options.checksum() ? crc : 0;
    putLe(sum, 8);
    // The checksum bytes are not part of the checksum; write them without updating crc.
    out.write(buf, 0, pos);
    written += pos;
    pos = 0;
    out.flush();
    finished = true;
  }

  /**
   * Writes a whole dataset: header, then per database (ascending) SELECTDB + RESIZEDB and its
   * entries in the given order, then EOF and checksum.
   */
  public static void writeAll(
      OutputStream out,
      RdbWriteOptions options,
      Map<String, String> aux,
      Iterable<RdbEntry> entries)
      throws IOException {
    Map<Integer, List<RdbEntry>> byDb = new TreeMap<>();
    for (RdbEntry e : entries) {
      byDb.computeIfAbsent(e.db(), k -> new ArrayList<>()).add(e);
    }
    RdbWriter w = new RdbWriter(out, options);
    w.writeHeader(aux);
    for (Map.Entry<Integer, List<RdbEntry>> db : byDb.entrySet()) {
      long expires =
          db.getValue().stream().filter(e -> e.expireAtMs() != RdbEntry.NO_EXPIRE).count();
      w.selectDb(db.getKey(), db.getValue().size(), expires);
      for (RdbEntry e : db.getValue()) {
        w.write(e);
      }
    }
    w.finish();
  }

  // ---- quicklist ----

  /**
   * Splits the elements into listpack nodes as successive RPUSHes into a quicklist would
   * (_quicklistNodeAllowInsert), and writes them as QUICKLIST_2 nodes.
   */
  private void writeQuicklist(List<byte[]> elements) throws IOException {
    int fill = options.listMaxListpackSize();
    // First pass: node boundaries (needed up front because the node count comes first).
    List<Integer> nodeStarts = new ArrayList<>();
    List<Boolean> plain = new ArrayList<>();
    long nodeSz = 0;
    int nodeCount = 0;
    boolean havePacked = false;
    for (int i = 0; i < elements.size(); i++) {
      long sz = elements.get(i).length;
      if (sz >= PACKED_THRESHOLD) {
        nodeStarts.add(i);
        plain.add(true);
        havePacked = false;
        continue;
      }
      if (havePacked && allowInsert(nodeSz, nodeCount, fill, sz)) {
        nodeSz += listpackEntrySize(elements.get(i));
        nodeCount++;
      } else {
        nodeStarts.add(i);
        plain.add(false);
        havePacked = true;
        nodeSz = Listpack.HEADER_SIZE + 1 + listpackEntrySize(elements.get(i));
        nodeCount = 1;
      }
    }
    writeLength(nodeStarts.size());
    for (int n = 0; n < nodeStarts.size(); n++) {
      int from = nodeStarts.get(n);
      int to = n + 1 < nodeStarts.size() ? nodeStarts.get(n + 1) : elements.size();
      if (plain.get(n)) {
        writeLength(RdbFormat.QUICKLIST_NODE_PLAIN);
        writeString(elements.get(from));
      } else {
        writeLength(RdbFormat.QUICKLIST_NODE_PACKED);
        listpack.reset();
        for (int i = from; i < to; i++) {
          listpack.append(elements.get(i));
        }
        ByteSink lp = listpack.finish();
        writeString(lp.array(), 0, lp.size());
      }
    }
  }

  private static boolean allowInsert(long nodeSz, int nodeCount, int fill, long sz) {
    long newSz = nodeSz + sz + SIZE_ESTIMATE_OVERHEAD;
    if (fill < 0) {
      int offset = -fill - 1;
      if (offset < OPTIMIZATION_LEVEL.length && newSz <= OPTIMIZATION_LEVEL[offset]) {
        return true;
      }
    }
    if (newSz > SIZE_SAFETY_LIMIT) {
      return false;
    }
    return nodeCount < fill;
  }

  /** The bytes one element takes in a listpack (encoding, data, back-length). */
  private long listpackEntrySize(byte[] e) {
    long body;
    if (Ints.parse(e, 0, e.length, parsed)) {
      long v = parsed[0];
      if (v >= 0 && v <= 127) {
        body = 1;
      } else if (v >= -4096 && v <= 4095) {
        body = 2;
      } else if (v >= -32768 && v <= 32767) {
        body = 3;
      } else if (v >= -8388608 && v <= 8388607) {
        body = 4;
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        body = 5;
      } else {
        body = 9;
      }
    } else {
      int len = e.length;
      body = (len < 64 ? 1 : len < 4096 ? 2 : 5) + (long) len;
    }
    long back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
    return body + back;
  }

  // ---- strings and lengths ----

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian lengths. */
  void writeLength(long len) throws IOException {
    if (len < 0) {
      throw new IllegalArgumentException("negative length " + len);
    }
    if (len < (1 << 6)) {
      putByte((int) len);
    } else if (len < (1 << 14)) {
      putByte((int) (((len >> 8) & 0xff) | 0x40));
      putByte((int) (len & 0xff));
    } else if (len <= 0xffffffffL) {
      putByte(0x80);
      putBe(len, 4);
    } else {
      putByte(0x81);
      putBe(len, 8);
    }
  }

  void writeString(byte[] s) throws IOException {
    writeString(s, 0, s.length);
  }

  /**
   * rdbSaveRawString: int-encoded when it can be, LZF when enabled and it shrinks, raw otherwise.
   */
  void writeString(byte[] s, int off, int len) throws IOException {
    if (len <= 11 && Ints.parse(s, off, len, parsed)) {
      long v = parsed[0];
      if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
        putByte(0xc0 | RdbFormat.ENC_INT8);
        putByte((int) v);
        return;
      } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
        putByte(0xc0 | RdbFormat.ENC_INT16);
        putLe(v, 2);
        return;
      } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        putByte(0xc0 | RdbFormat.ENC_INT32);
        putLe(v, 4);
        return;
      }
    }
    if (options.compression() && len > 20) {
      int outLen = len - 4;
      if (lzfOut.length < outLen) {
        lzfOut = new byte[Math.max(outLen, lzfOut.length * 2)];
      }
      byte[] in = s;
      if (off != 0) {
        in = new byte[len];
        System.arraycopy(s, off, in, 0, len);
      }
      int clen = Lzf.compress(in, len, lzfOut, outLen);
      if (clen > 0) {
        putByte(0xc0 | RdbFormat.ENC_LZF);
        writeLength(clen);
        writeLength(len);
        putBytes(lzfOut, 0, clen);
        return;
      }
    }
    writeLength(len);
    putBytes(s, off, len);
  }

  // ---- buffer ----

  private void putByte(int b) throws IOException {
    if (pos == buf.length) {
      flushBuffer();
    }
    buf[pos++] = (byte) b;
  }

  private void putLe(long v, int bytes) throws IOException {
    if (pos + bytes > buf.length) {
      flushBuffer();
    }
    for (int i = 0; i < bytes; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  private void putBe(long v, int bytes) throws IOException {
    if (pos + bytes > buf.length) {
      flushBuffer();
    }
    for (int i = bytes - 1; i >= 0; i--) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  private void putBytes(byte[] b) throws IOException {
    putBytes(b, 0, b.length);
  }

  private void putBytes(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - pos) {
      flushBuffer();
      if (len > buf.length / 2) {
        crc = Crc64.update(crc, b, off, len);
        out.write(b, off, len);
        written += len;
        return;
      }
    }
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  private void flushBuffer() throws IOException {
    if (pos > 0) {
      crc = Crc64.update(crc, buf, 0, pos);
      out.write(buf, 0, pos);
      written += pos;
      pos = 0;
    }
  }
}
