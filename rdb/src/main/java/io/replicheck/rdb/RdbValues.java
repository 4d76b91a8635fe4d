package io.replicheck.rdb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Content comparison of values, as redis sees them: encodings and set/hash order do not count. */
public final class RdbValues {
  private RdbValues() {}

  /**
   * Whether two values hold the same data: same type; strings and lists byte for byte in order;
   * sets and hashes as unordered collections. Encodings are ignored.
   */
  public static boolean sameContent(RdbValue a, RdbValue b) {
    if (a instanceof RdbValue.Str x && b instanceof RdbValue.Str y) {
      return Arrays.equals(x.value(), y.value());
    }
    if (a instanceof RdbValue.ListValue x && b instanceof RdbValue.ListValue y) {
      return sameOrdered(x.elements(), y.elements());
    }
    if (a instanceof RdbValue.SetValue x && b instanceof RdbValue.SetValue y) {
      return asSet(x.members()).equals(asSet(y.members()));
    }
    if (a instanceof RdbValue.HashValue x && b instanceof RdbValue.HashValue y) {
      return asMap(x).equals(asMap(y));
    }
    if (a instanceof RdbValue.ZSetValue x && b instanceof RdbValue.ZSetValue y) {
      return sameOrdered(x.members(), y.members()) && x.scores().equals(y.scores());
    }
    if (a instanceof RdbValue.StreamValue x && b instanceof RdbValue.StreamValue y) {
      return streamForm(x).equals(streamForm(y));
    }
    return false;
  }

  /**
   * A stream's content as a comparable string: live entries, metadata, and groups with their
   * pending entries and consumers (node layout and times ignored: they are not content).
   */
  private static String streamForm(RdbValue.StreamValue s) {
    StringBuilder sb = new StringBuilder();
    for (StreamListpacks.Entry e : StreamListpacks.liveEntries(s)) {
      sb.append(e.id()).append(render(e.fields())).append(render(e.values()));
    }
    sb.append('|').append(s.length()).append(' ').append(s.lastId()).append(' ');
    sb.append(s.maxDeletedId()).append(' ').append(s.entriesAdded());
    for (StreamListpacks.Group g : s.groups()) {
      sb.append("|g ").append(printable(g.name())).append(' ').append(g.lastId());
      sb.append(' ').append(g.entriesRead());
      for (StreamListpacks.Nack n : g.pel()) {
        sb.append(' ').append(n.id()).append('x').append(n.deliveryCount());
      }
      for (StreamListpacks.Consumer c : g.consumers()) {
        sb.append(" c ").append(printable(c.name())).append(c.pending());
      }
    }
    return sb.toString();
  }

  private static boolean sameOrdered(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static Set<ByteBuffer> asSet(List<byte[]> items) {
    Set<ByteBuffer> s = new HashSet<>();
    for (byte[] i : items) {
      s.add(ByteBuffer.wrap(i));
    }
    return s;
  }

  private static Map<ByteBuffer, ByteBuffer> asMap(RdbValue.HashValue h) {
    Map<ByteBuffer, ByteBuffer> m = new HashMap<>();
    for (int i = 0; i < h.fields().size(); i++) {
      m.put(ByteBuffer.wrap(h.fields().get(i)), ByteBuffer.wrap(h.values().get(i)));
    }
    return m;
  }

  /** A short human-readable rendering, for test messages and diffs. */
  public static String describe(RdbValue v) {
    if (v instanceof RdbValue.Str s) {
      return "string(" + printable(s.value()) + ")";
    } else if (v instanceof RdbValue.ListValue l) {
      return "list" + render(l.elements());
    } else if (v instanceof RdbValue.SetValue s) {
      return "set" + render(s.members());
    } else if (v instanceof RdbValue.HashValue h) {
      StringBuilder sb = new StringBuilder("hash{");
      for (int i = 0; i < h.fields().size() && i < 20; i++) {
        sb.append(i == 0 ? "" : ", ")
            .append(printable(h.fields().get(i)))
            .append('=')
            .append(printable(h.values().get(i)));
      }
      return sb.append(h.fields().size() > 20 ? ", ...}" : "}").toString();
    } else if (v instanceof RdbValue.ZSetValue z) {
      StringBuilder sb = new StringBuilder("zset{");
      for (int i = 0; i < z.members().size() && i < 20; i++) {
        sb.append(i == 0 ? "" : ", ")
            .append(printable(z.members().get(i)))
            .append('=')
            .append(Doubles.formatG17(z.scores().get(i)));
      }
      return sb.append(z.members().size() > 20 ? ", ...}" : "}").toString();
    }
    if (v instanceof RdbValue.StreamValue st) {
      return "stream" + streamForm(st);
    }
    return String.valueOf(v);
  }

  private static String render(List<byte[]> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size() && i < 20; i++) {
      sb.append(i == 0 ? "" : ", ").append(printable(items.get(i)));
    }
    return sb.append(items.size() > 20 ? ", ... (" + items.size() + ")]" : "]").toString();
  }

  private static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length && i < 64; i++) {
      int c = b[i] & 0xff;
      if (c >= 32 && c < 127 && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return b.length > 64 ? sb + "...(" + b.length + " bytes)" : sb.toString();
  }
}
