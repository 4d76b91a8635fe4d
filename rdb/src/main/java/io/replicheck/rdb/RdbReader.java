package io.replicheck.rdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads RDB files as redis 7.0's rdbLoad does (versions 1 to 10, and 11 of redis 7.2 for the types
 * below) and hands every key to an {@link RdbVisitor}.
 *
 * <p>Value types: STRING, LIST, SET, HASH, HASH_ZIPMAP, LIST_ZIPLIST, SET_INTSET, HASH_ZIPLIST,
 * LIST_QUICKLIST, HASH_LISTPACK, LIST_QUICKLIST_2 and SET_LISTPACK. Sorted sets, streams and module
 * values end the read with "unsupported type N (zset)". Opcodes: AUX, RESIZEDB, EXPIRETIME_MS,
 * EXPIRETIME, SELECTDB, IDLE and FREQ (ignored), MODULE_AUX (skipped), FUNCTION2 (passed to {@link
 * RdbVisitor#function}), EOF. The CRC64 is checked unless the file stores 0.
 *
 * <p>Reading stops right after the checksum: nothing beyond is consumed, so on a replication socket
 * the command stream can be read from the same stream afterwards. For speed, pass a {@link
 * BufferedInputStream} (and keep reading from it). Every failure on bad input is an {@link
 * RdbFormatException} naming the byte offset; I/O errors of the stream pass through.
 */
public final class RdbReader {
  private final RdbInput in;
  private int version;
  private boolean lastWasEncoded;

  private RdbReader(InputStream stream, long length) {
    this.in = new RdbInput(stream, length);
  }

  /** Reads one RDB from {@code stream}, up to and including its checksum. */
  public static void read(InputStream stream, RdbVisitor visitor) throws IOException {
    new RdbReader(stream, -1).run(visitor);
  }

  /**
   * Reads one RDB whose total length is known (a full sync's {@code $<length>}): lengths and counts
   * that could not fit in what is left fail at once instead of when the data runs out.
   */
  public static void read(InputStream stream, long length, RdbVisitor visitor) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    new RdbReader(stream, length).run(visitor);
  }

  /** Reads an RDB file. */
  public static void read(Path file, RdbVisitor visitor) throws IOException {
    long size = Files.size(file);
    try (InputStream s = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      read(s, size, visitor);
    }
  }

  /** Reads every entry into a list (for tests and small datasets). */
  public static List<RdbEntry> readAll(InputStream stream) throws IOException {
    List<RdbEntry> entries = new ArrayList<>();
    read(stream, entries::add);
    return entries;
  }

  /** Reads a type byte and one value with no key (the body of a DUMP payload). */
  static RdbValue readTypeAndValue(InputStream stream) throws IOException {
    RdbReader r = new RdbReader(stream, -1);
    r.version = RdbFormat.VERSION;
    long at = r.in.offset();
    int type = r.in.readByte();
    RdbValue v = r.readValue(type, at);
    if (v == null) {
      throw new RdbFormatException("empty value", at);
    }
    return v;
  }

  /**
   * Reads the body of a FUNCTION DUMP payload: FUNCTION2 opcodes, each with a library's source, up
   * to the end of the stream (functionRestoreCommand).
   */
  static List<String> readFunctions(InputStream stream) throws IOException {
    RdbReader r = new RdbReader(stream, -1);
    r.version = RdbFormat.VERSION;
    List<String> codes = new ArrayList<>();
    while (stream.available() > 0) {
      long at = r.in.offset();
      int type = r.in.readByte();
      if (type == RdbFormat.OPCODE_FUNCTION_PRE_GA) {
        throw new RdbFormatException("Pre-GA function format not supported", at);
      }
      if (type != RdbFormat.OPCODE_FUNCTION2) {
        throw new RdbFormatException("given type is not a function", at);
      }
      codes.add(new String(r.readString(), StandardCharsets.UTF_8));
    }
    return codes;
  }

  private void run(RdbVisitor visitor) throws IOException {
    byte[] magic = new byte[9];
    in.readFully(magic, 0, 9);
    String head = new String(magic, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("REDIS")) {
      throw new RdbFormatException("not an RDB file (no REDIS magic)", 0);
    }
    try {
      version = Integer.parseInt(head.substring(5));
    } catch (NumberFormatException e) {
      throw new RdbFormatException("bad RDB version '" + head.substring(5) + "'", 5);
    }
    if (version < 1 || version > RdbFormat.MAX_READ_VERSION) {
      throw new RdbFormatException("unsupported RDB version " + version, 5);
    }
    int db = 0;
    long expireAt = RdbEntry.NO_EXPIRE;
    while (true) {
      long at = in.offset();
      int type = in.readByte();
      switch (type) {
        case RdbFormat.OPCODE_EOF -> {
          if (version >= 5) {
            long computed = in.crc();
            long stored = in.readChecksum();
            if (stored != 0 && stored != computed) {
              throw new RdbFormatException(
                  String.format(
                      "checksum mismatch: file says %016x, data gives %016x", stored, computed),
                  in.offset() - 8);
            }
          }
          visitor.end();
          return;
        }
        case RdbFormat.OPCODE_SELECTDB -> {
          long n = readLen();
          if (n > Integer.MAX_VALUE) {
            throw new RdbFormatException("db number " + n + " out of range", at);
          }
          db = (int) n;
          visitor.selectDb(db);
        }
        case RdbFormat.OPCODE_RESIZEDB -> {
          long size = readLen();
          long expires = readLen();
          visitor.resizeDb(size, expires);
        }
        case RdbFormat.OPCODE_AUX -> {
          String k = new String(readString(), StandardCharsets.ISO_8859_1);
          String v = new String(readString(), StandardCharsets.ISO_8859_1);
          visitor.aux(k, v);
        }
        case RdbFormat.OPCODE_EXPIRETIME_MS -> expireAt = in.readLe(8);
        case RdbFormat.OPCODE_EXPIRETIME ->
            expireAt = (int) in.readLe(4) * 1000L; // signed 32-bit seconds
        case RdbFormat.OPCODE_IDLE -> readLen();
        case RdbFormat.OPCODE_FREQ -> in.readByte();
        case RdbFormat.OPCODE_MODULE_AUX -> skipModuleAux(at);
        case RdbFormat.OPCODE_FUNCTION2 ->
            visitor.function(new String(readString(), StandardCharsets.UTF_8));
        case RdbFormat.OPCODE_FUNCTION_PRE_GA ->
            throw new RdbFormatException(
                "unsupported opcode 246 (FUNCTION of a redis 7.0 release candidate)", at);
        default -> {
          byte[] key = readString();
          RdbValue value = readValue(type, at);
          if (value != null) {
            visitor.entry(new RdbEntry(db, key, value, expireAt));
          }
          expireAt = RdbEntry.NO_EXPIRE;
        }
      }
    }
  }

  // ---- values ----

  /** Returns null for an empty aggregate, which redis skips on load too. */
  private RdbValue readValue(int type, long at) throws IOException {
    switch (type) {
      case RdbFormat.TYPE_STRING -> {
        byte[] s = readString();
        return new RdbValue.Str(s, Encodings.chooseString(s));
      }
      case RdbFormat.TYPE_LIST -> {
        long n = readCount();
        List<byte[]> elements = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
          elements.add(readString());
        }
        return elements.isEmpty() ? null : new RdbValue.ListValue(elements, Encoding.QUICKLIST);
      }
      case RdbFormat.TYPE_SET -> {
        long n = readCount();
        List<byte[]> members = new ArrayList<>((int) Math.min(n, 1024));
        Set<ByteBuffer> seen = new HashSet<>();
        for (long i = 0; i < n; i++) {
          long eat = in.offset();
          byte[] m = readString();
          if (!seen.add(ByteBuffer.wrap(m))) {
            throw new RdbFormatException("duplicate set member", eat);
          }
          members.add(m);
        }
        return members.isEmpty() ? null : new RdbValue.SetValue(members, Encoding.HASHTABLE);
      }
      case RdbFormat.TYPE_HASH -> {
        long n = readCount();
        List<byte[]> fields = new ArrayList<>((int) Math.min(n, 1024));
        List<byte[]> values = new ArrayList<>((int) Math.min(n, 1024));
        Set<ByteBuffer> seen = new HashSet<>();
        for (long i = 0; i < n; i++) {
          long eat = in.offset();
          byte[] f = readString();
          if (!seen.add(ByteBuffer.wrap(f))) {
            throw new RdbFormatException("duplicate hash field", eat);
          }
          fields.add(f);
          values.add(readString());
        }
        return fields.isEmpty() ? null : new RdbValue.HashValue(fields, values, Encoding.HASHTABLE);
      }
      case RdbFormat.TYPE_SET_INTSET -> {
        List<byte[]> members = blob("intset", Intset::decode);
        return members.isEmpty() ? null : new RdbValue.SetValue(members, Encoding.INTSET);
      }
      case RdbFormat.TYPE_SET_LISTPACK -> {
        long bat = in.offset();
        List<byte[]> members = blob("listpack", Listpack::decode);
        requireUnique(members, 1, "set member", bat);
        return members.isEmpty() ? null : new RdbValue.SetValue(members, Encoding.LISTPACK);
      }
      case RdbFormat.TYPE_LIST_ZIPLIST -> {
        List<byte[]> elements = blob("ziplist", Ziplist::decode);
        return elements.isEmpty() ? null : new RdbValue.ListValue(elements, Encoding.QUICKLIST);
      }
      case RdbFormat.TYPE_HASH_ZIPMAP -> {
        return pairs(blob("zipmap", Zipmap::decode), "zipmap");
      }
      case RdbFormat.TYPE_HASH_ZIPLIST -> {
        return pairs(blob("ziplist", Ziplist::decode), "ziplist");
      }
      case RdbFormat.TYPE_ZSET, RdbFormat.TYPE_ZSET_2 -> {
        long n = readCount();
        List<byte[]> members = new ArrayList<>((int) Math.min(n, 1024));
        List<Double> scores = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
          members.add(readString());
          scores.add(type == RdbFormat.TYPE_ZSET_2 ? binaryDouble() : textDouble());
        }
        return zset(members, scores, Encoding.SKIPLIST, at);
      }
      case RdbFormat.TYPE_ZSET_ZIPLIST, RdbFormat.TYPE_ZSET_LISTPACK -> {
        long bat = in.offset();
        List<byte[]> flat =
            type == RdbFormat.TYPE_ZSET_ZIPLIST
                ? blob("ziplist", Ziplist::decode)
                : blob("listpack", Listpack::decode);
        if (flat.size() % 2 != 0) {
          throw new RdbFormatException("zset with an odd number of entries", bat);
        }
        List<byte[]> members = new ArrayList<>(flat.size() / 2);
        List<Double> scores = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
          Double d = Doubles.parse(flat.get(i + 1));
          if (d == null || d.isNaN()) {
            throw new RdbFormatException("zset score is not a number", bat);
          }
          members.add(flat.get(i));
          scores.add(d);
        }
        return zset(members, scores, Encoding.LISTPACK, bat);
      }
      case RdbFormat.TYPE_HASH_LISTPACK -> {
        return pairs(blob("listpack", Listpack::decode), "listpack");
      }
      case RdbFormat.TYPE_LIST_QUICKLIST, RdbFormat.TYPE_LIST_QUICKLIST_2 -> {
        long nodes = readCount();
        List<byte[]> elements = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
          if (type == RdbFormat.TYPE_LIST_QUICKLIST) {
            elements.addAll(blob("ziplist", Ziplist::decode));
            continue;
          }
          long cat = in.offset();
          long container = readLen();
          if (container == RdbFormat.QUICKLIST_NODE_PLAIN) {
            elements.add(readString());
          } else if (container == RdbFormat.QUICKLIST_NODE_PACKED) {
            elements.addAll(blob("listpack", Listpack::decode));
          } else {
            throw new RdbFormatException("bad quicklist node container " + container, cat);
          }
        }
        return elements.isEmpty() ? null : new RdbValue.ListValue(elements, Encoding.QUICKLIST);
      }
      case RdbFormat.TYPE_STREAM_LISTPACKS,
          RdbFormat.TYPE_STREAM_LISTPACKS_2,
          RdbFormat.TYPE_STREAM_LISTPACKS_3 -> {
        return readStream(type, at);
      }
      default -> {
        String name = RdbFormat.unsupportedTypeName(type);
        if (name != null) {
          throw new RdbFormatException("unsupported type " + type + " (" + name + ")", at);
        }
        throw new RdbFormatException("unknown type or opcode " + type, at);
      }
    }
  }

  /**
   * rdbLoadObject for streams: nodes kept as they are (each checked to decode), then the metadata
   * (version 1 lacks first ID, max deleted ID, entries added and entries read: derived as redis
   * does), then the groups; version 3 (redis 7.2) adds each consumer's active time, skipped.
   */
  private RdbValue readStream(int type, long at) throws IOException {
    long n = readCount();
    List<StreamListpacks.Node> nodes = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      long kat = in.offset();
      byte[] key = readString();
      if (key.length != 16) {
        throw new RdbFormatException("Stream node key entry is not the size of a stream ID", kat);
      }
      long lat = in.offset();
      StreamListpacks.Node node = new StreamListpacks.Node(key, readString());
      try {
        StreamListpacks.decode(node);
      } catch (IllegalArgumentException e) {
        throw new RdbFormatException("bad stream node: " + e.getMessage(), lat);
      }
      nodes.add(node);
    }
    long length = readLen();
    StreamListpacks.Id last = readId();
    StreamListpacks.Id first;
    StreamListpacks.Id maxDeleted;
    long entriesAdded;
    if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
      first = readId();
      maxDeleted = readId();
      entriesAdded = readULen();
    } else {
      first = StreamListpacks.Id.ZERO;
      for (StreamListpacks.Node node : nodes) {
        if (!StreamListpacks.decode(node).entries().isEmpty()) {
          first = StreamListpacks.decode(node).entries().get(0).id();
          break;
        }
      }
      maxDeleted = StreamListpacks.Id.ZERO;
      entriesAdded = length;
    }
    long ngroups = readCount();
    List<StreamListpacks.Group> groups = new ArrayList<>();
    for (long g = 0; g < ngroups; g++) {
      byte[] name = readString();
      StreamListpacks.Id glast = readId();
      long entriesRead = type >= RdbFormat.TYPE_STREAM_LISTPACKS_2 ? readULen() : -1;
      long npel = readCount();
      List<StreamListpacks.Nack> pel = new ArrayList<>();
      for (long i = 0; i < npel; i++) {
        StreamListpacks.Id id = StreamListpacks.Id.fromKey(in.readBytes(16));
        long time = in.readLe(8);
        pel.add(new StreamListpacks.Nack(id, time, readULen()));
      }
      long nconsumers = readCount();
      List<StreamListpacks.Consumer> consumers = new ArrayList<>();
      for (long i = 0; i < nconsumers; i++) {
        byte[] cname = readString();
        long seen = in.readLe(8);
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_3) {
          in.readLe(8); // active time (7.2)
        }
        long np = readCount();
        List<StreamListpacks.Id> pending = new ArrayList<>();
        for (long j = 0; j < np; j++) {
          pending.add(StreamListpacks.Id.fromKey(in.readBytes(16)));
        }
        consumers.add(new StreamListpacks.Consumer(cname, seen, pending));
      }
      groups.add(new StreamListpacks.Group(name, glast, entriesRead, pel, consumers));
    }
    return new RdbValue.StreamValue(nodes, length, last, first, maxDeleted, entriesAdded, groups);
  }

  private StreamListpacks.Id readId() throws IOException {
    long ms = readULen();
    return new StreamListpacks.Id(ms, readULen());
  }

  /** A length read as redis's uint64_t (the 64-bit form may exceed Long.MAX_VALUE). */
  private long readULen() throws IOException {
    long at = in.offset();
    int b = in.readByte();
    switch ((b & 0xc0) >> 6) {
      case 0:
        return b & 0x3f;
      case 1:
        return ((b & 0x3f) << 8) | in.readByte();
      case 2:
        if (b == 0x80) {
          return in.readBe(4);
        } else if (b == 0x81) {
          return in.readBe(8);
        }
        throw new RdbFormatException("bad length byte 0x" + Integer.toHexString(b), at);
      default:
        throw new RdbFormatException("encoded value where a length was expected", at);
    }
  }

  /** A loaded sorted set in redis's order (score, then member bytes); duplicates are an error. */
  private static RdbValue zset(List<byte[]> members, List<Double> scores, Encoding enc, long at)
      throws RdbFormatException {
    if (members.isEmpty()) {
      return null;
    }
    requireUnique(members, 1, "zset member", at);
    Integer[] order = new Integer[members.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (x, y) -> {
          int c = Double.compare(scores.get(x) + 0.0, scores.get(y) + 0.0);
          return c != 0 ? c : java.util.Arrays.compareUnsigned(members.get(x), members.get(y));
        });
    List<byte[]> m = new ArrayList<>(order.length);
    List<Double> s = new ArrayList<>(order.length);
    for (Integer i : order) {
      m.add(members.get(i));
      s.add(scores.get(i));
    }
    return new RdbValue.ZSetValue(m, s, enc);
  }

  /** rdbLoadBinaryDoubleValue: 8 bytes little-endian. */
  private double binaryDouble() throws IOException {
    long at = in.offset();
    double d = Double.longBitsToDouble(in.readLe(8));
    if (Double.isNaN(d)) {
      throw new RdbFormatException("zset score is NaN", at);
    }
    return d;
  }

  /** rdbLoadDoubleValue: a length byte (253 nan, 254 inf, 255 -inf) and that many ASCII bytes. */
  private double textDouble() throws IOException {
    long at = in.offset();
    int len = in.readByte();
    switch (len) {
      case 253 -> throw new RdbFormatException("zset score is NaN", at);
      case 254 -> {
        return Double.POSITIVE_INFINITY;
      }
      case 255 -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        byte[] b = new byte[len];
        in.readFully(b, 0, len);
        Double d = Doubles.parse(b);
        if (d == null) {
          throw new RdbFormatException("bad zset score", at);
        }
        return d;
      }
    }
  }

  private RdbValue pairs(List<byte[]> flat, String kind) throws RdbFormatException {
    long at = in.offset();
    if (flat.size() % 2 != 0) {
      throw new RdbFormatException(kind + " hash with an odd number of entries", at);
    }
    requireUnique(flat, 2, "hash field", at);
    List<byte[]> fields = new ArrayList<>(flat.size() / 2);
    List<byte[]> values = new ArrayList<>(flat.size() / 2);
    for (int i = 0; i < flat.size(); i += 2) {
      fields.add(flat.get(i));
      values.add(flat.get(i + 1));
    }
    return fields.isEmpty() ? null : new RdbValue.HashValue(fields, values, Encoding.LISTPACK);
  }

  private static void requireUnique(List<byte[]> items, int step, String what, long at)
      throws RdbFormatException {
    Set<ByteBuffer> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i += step) {
      if (!seen.add(ByteBuffer.wrap(items.get(i)))) {
        throw new RdbFormatException("duplicate " + what, at);
      }
    }
  }

  private List<byte[]> blob(String kind, Function<byte[], List<byte[]>> decoder)
      throws IOException {
    long at = in.offset();
    byte[] b = readString();
    try {
      return decoder.apply(b);
    } catch (RuntimeException e) {
      // Decoders check their bounds; this also turns any slip into a format error, never a crash.
      throw new RdbFormatException("corrupt " + kind + ": " + e.getMessage(), at);
    }
  }

  private void skipModuleAux(long at) throws IOException {
    readLen(); // module id
    long whenOpcode = readLen();
    if (whenOpcode != RdbFormat.MODULE_OPCODE_UINT) {
      throw new RdbFormatException("bad MODULE_AUX when-opcode " + whenOpcode, at);
    }
    readLen(); // when
    while (true) {
      long opcode = readLen();
      switch ((int) Math.min(opcode, 99)) {
        case RdbFormat.MODULE_OPCODE_EOF -> {
          return;
        }
        case RdbFormat.MODULE_OPCODE_SINT, RdbFormat.MODULE_OPCODE_UINT -> readLen();
        case RdbFormat.MODULE_OPCODE_FLOAT -> in.readLe(4);
        case RdbFormat.MODULE_OPCODE_DOUBLE -> in.readLe(8);
        case RdbFormat.MODULE_OPCODE_STRING -> readString();
        default -> throw new RdbFormatException("bad module opcode " + opcode, at);
      }
    }
  }

  // ---- lengths and strings ----

  /** A length that counts elements: bounded so a lie fails on missing data, not on memory. */
  private long readCount() throws IOException {
    long at = in.offset();
    long n = readLen();
    if (n > Integer.MAX_VALUE - 16) {
      throw new RdbFormatException("element count " + n + " out of range", at);
    }
    if (n > in.remaining()) {
      // Every element takes at least one byte.
      throw new RdbFormatException(
          "element count " + n + " exceeds the " + in.remaining() + " bytes left", at);
    }
    return n;
  }

  private long readLen() throws IOException {
    long at = in.offset();
    long n = readLenOrEncoding();
    if (lastWasEncoded) {
      throw new RdbFormatException("encoded value where a length was expected", at);
    }
    return n;
  }

  private long readLenOrEncoding() throws IOException {
    long at = in.offset();
    int b = in.readByte();
    int kind = (b & 0xc0) >> 6;
    lastWasEncoded = false;
    switch (kind) {
      case 0:
        return b & 0x3f;
      case 1:
        return ((b & 0x3f) << 8) | in.readByte();
      case 3:
        lastWasEncoded = true;
        return b & 0x3f;
      default:
        if (b == 0x80) {
          return in.readBe(4);
        } else if (b == 0x81) {
          long n = in.readBe(8);
          if (n < 0) {
            throw new RdbFormatException("64-bit length out of range", at);
          }
          return n;
        }
        throw new RdbFormatException("bad length byte 0x" + Integer.toHexString(b), at);
    }
  }

  private byte[] readString() throws IOException {
    long at = in.offset();
    long n = readLenOrEncoding();
    if (!lastWasEncoded) {
      if (n > RdbInput.MAX_STRING) {
        throw new RdbFormatException("string length " + n + " out of range", at);
      }
      if (n > in.remaining()) {
        throw new RdbFormatException(
            "string length " + n + " exceeds the " + in.remaining() + " bytes left", at);
      }
      return in.readBytes(n);
    }
    switch ((int) n) {
      case RdbFormat.ENC_INT8:
        return Ints.toBytes((byte) in.readByte());
      case RdbFormat.ENC_INT16:
        return Ints.toBytes((short) in.readLe(2));
      case RdbFormat.ENC_INT32:
        return Ints.toBytes((int) in.readLe(4));
      case RdbFormat.ENC_LZF:
        {
          long clen = readLen();
          long ulen = readLen();
          // An LZF back reference of 3 bytes yields at most 264: nothing expands more than 88x.
          if (clen == 0
              || ulen == 0
              || clen > RdbInput.MAX_STRING
              || ulen > RdbInput.MAX_STRING
              || ulen > clen * 88) {
            throw new RdbFormatException(
                "bad LZF lengths (compressed " + clen + ", uncompressed " + ulen + ")", at);
          }
          byte[] c = in.readBytes(clen);
          try {
            return Lzf.decompress(c, 0, c.length, (int) ulen);
          } catch (IllegalArgumentException e) {
            throw new RdbFormatException("corrupt LZF string: " + e.getMessage(), at);
          }
        }
      default:
        throw new RdbFormatException("unknown string encoding " + n, at);
    }
  }
}
