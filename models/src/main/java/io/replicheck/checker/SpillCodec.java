package io.replicheck.checker;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The binary form of a client event in a {@link KeySpill} file: its fields in a fixed order, values
 * as a tag byte and their content, so reading a key file back costs no JSON parsing. Values read
 * back equal what {@link io.replicheck.history.Values#normalize} gave (Long, Double, Boolean,
 * String, unmodifiable List, Set and Map), so a key's events, and its verdict, are the same.
 */
final class SpillCodec {
  private static final int NULL = 0;
  private static final int LONG = 1;
  private static final int STRING = 2;
  private static final int DOUBLE = 3;
  private static final int TRUE = 4;
  private static final int FALSE = 5;
  private static final int LIST = 6;
  private static final int SET = 7;
  private static final int MAP = 8;

  private static final EventType[] TYPES = EventType.values();

  private SpillCodec() {}

  static void write(DataOutputStream out, Event e) throws IOException {
    out.writeInt(e.line());
    out.writeLong(e.index());
    out.writeLong((Long) e.process());
    out.writeByte(e.type().ordinal());
    string(out, e.f());
    value(out, e.key());
    value(out, e.value());
    if (e.time() == null) {
      out.writeBoolean(false);
    } else {
      out.writeBoolean(true);
      out.writeLong(e.time());
    }
    string(out, e.node());
    value(out, e.error());
  }

  /**
   * The next event, or null at the end of the file; {@code names} shares the strings of functions
   * and nodes (a few distinct ones, millions of events).
   */
  static Event read(DataInputStream in, Map<String, String> names) throws IOException {
    int line;
    try {
      line = in.readInt();
    } catch (EOFException end) {
      return null;
    }
    long index = in.readLong();
    long process = in.readLong();
    EventType type = TYPES[in.readUnsignedByte()];
    String f = name(in, names);
    Object key = value(in);
    Object value = value(in);
    Long time = in.readBoolean() ? in.readLong() : null;
    String node = name(in, names);
    Object error = value(in);
    return new Event(index, process, type, f, key, value, time, node, error, line);
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String name(DataInputStream in, Map<String, String> names) throws IOException {
    String s = string(in);
    return s == null ? null : names.computeIfAbsent(s, k -> k);
  }

  private static void value(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      string(out, s);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object o : list) value(out, o);
    } else if (v instanceof Set<?> set) {
      out.writeByte(SET);
      out.writeInt(set.size());
      for (Object o : set) value(out, o);
    } else if (v instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> en : map.entrySet()) {
        value(out, en.getKey());
        value(out, en.getValue());
      }
    } else {
      throw new IllegalArgumentException("not a normalized value: " + v.getClass().getName());
    }
  }

  private static Object value(DataInputStream in) throws IOException {
    int tag = in.readUnsignedByte();
    switch (tag) {
      case NULL:
        return null;
      case LONG:
        return in.readLong();
      case STRING:
        return string(in);
      case DOUBLE:
        return in.readDouble();
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case LIST:
        {
          int n = in.readInt();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) list.add(value(in));
          return Collections.unmodifiableList(list);
        }
      case SET:
        {
          int n = in.readInt();
          Set<Object> set = new LinkedHashSet<>();
          for (int i = 0; i < n; i++) set.add(value(in));
          return Collections.unmodifiableSet(set);
        }
      case MAP:
        {
          int n = in.readInt();
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) map.put(value(in), value(in));
          return Collections.unmodifiableMap(map);
        }
      default:
        throw new IOException("corrupt key file: value tag " + tag);
    }
  }

  /** A fresh table of shared names for one reader. */
  static Map<String, String> names() {
    return new HashMap<>();
  }
}
