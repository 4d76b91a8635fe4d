package io.replicheck.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common case of an EDN history read straight into events: op maps of keywords, numbers,
 * strings, nil, booleans, vectors, lists, maps and sets, with values built already normalized (as
 * {@link Values#normalize} would make them from edn-java's). Anything else (tagged literals,
 * characters, decimals, discards, a malformed or unusual file) makes it give up, and {@link
 * EdnFormat} reads the file with edn-java, which also words every error. edn-java builds a generic
 * value per map that the format then normalizes again; skipping both takes a quarter off a cold
 * {@code check}'s CPU on the Knossos corpus (docs/benchmarks.md). EdnFastReaderTest holds the two
 * to the same events on every corpus file.
 */
final class EdnFastReader {

  /** Thrown to give up: the caller falls back to edn-java. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final String s;
  private final int end;
  private int pos;
  private boolean keyword; // whether the last value read was a keyword

  private EdnFastReader(String s, int start, int end) {
    this.s = s;
    this.pos = start;
    this.end = end;
  }

  /**
   * The events of {@code text[start, end)}, a sequence of op maps, or null to leave the file to
   * edn-java. {@code lines} gives a position's 1-based line.
   */
  static List<Event> events(
      String text, int start, int end, java.util.function.IntUnaryOperator lines) {
    EdnFastReader r = new EdnFastReader(text, start, end);
    try {
      List<Event> events = new ArrayList<>();
      while (true) {
        r.skipBlank();
        if (r.pos >= end) return events;
        if (r.s.charAt(r.pos) != '{') return null;
        int line = lines.applyAsInt(r.pos);
        Event e = r.op(line, events.size());
        if (e == null) return null;
        events.add(e);
      }
    } catch (GiveUp | IllegalArgumentException | IndexOutOfBoundsException | ClassCastException e) {
      return null;
    }
  }

  /** One op map (at '{'), or null when it is not a plain one. */
  private Event op(int line, int position) {
    pos++;
    Object process = null;
    EventType type = null;
    String f = null;
    Object key = null;
    Object value = null;
    Object error = null;
    Long time = null;
    String node = null;
    long index = position;
    boolean haveProcess = false;
    Set<String> seen = new java.util.HashSet<>(16);
    while (true) {
      skipBlank();
      char c = s.charAt(pos);
      if (c == '}') {
        pos++;
        break;
      }
      Object k = value();
      if (!keyword || !seen.add((String) k)) return null;
      skipBlank();
      Object v = value();
      boolean kw = keyword && v instanceof String;
      switch ((String) k) {
        case "process" -> {
          if (v instanceof Long) {
            process = v;
          } else if (Event.NEMESIS.equals(v)) {
            process = Event.NEMESIS;
          } else {
            return null;
          }
          haveProcess = true;
        }
        case "type" -> {
          if (!kw) return null;
          type = EventType.fromWire((String) v);
          if (type == null) return null;
        }
        case "f" -> f = v == null ? null : v.toString();
        case "key" -> key = v;
        case "value" -> value = v;
        case "error" -> error = v;
        case "time" -> {
          if (v instanceof Long l) {
            time = l;
          } else if (v != null) {
            return null;
          }
        }
        case "index" -> {
          if (v instanceof Long l) index = l;
          else if (v instanceof Double d) index = d.longValue();
          else if (v instanceof String) return null; // past 64 bits, or text: edn-java's call
        }
        case "node" -> node = v == null ? null : v.toString();
        default -> {}
      }
    }
    if (!haveProcess || type == null || (f == null && process != Event.NEMESIS)) return null;
    return new Event(index, process, type, f, key, value, time, node, error, line);
  }

  /** Skips whitespace, commas and ; comments. */
  private void skipBlank() {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ';') {
        while (pos < end && s.charAt(pos) != '\n') pos++;
      } else if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  /** One value, normalized; sets {@link #keyword}. */
  private Object value() {
    if (pos >= end) throw GIVE_UP;
    keyword = false;
    char c = s.charAt(pos);
    switch (c) {
      case '[', '(' -> {
        List<Object> out = new ArrayList<>();
        items(c == '[' ? ']' : ')', out);
        keyword = false;
        return Collections.unmodifiableList(out);
      }
      case '{' -> {
        pos++;
        Map<Object, Object> out = new LinkedHashMap<>();
        while (true) {
          skipBlank();
          if (pos >= end) throw GIVE_UP;
          if (s.charAt(pos) == '}') {
            pos++;
            keyword = false;
            return Collections.unmodifiableMap(out);
          }
          Object k = value();
          skipBlank();
          Object v = value();
          if (out.containsKey(k)) throw GIVE_UP;
          out.put(k, v);
        }
      }
      case '#' -> {
        if (pos + 1 >= end || s.charAt(pos + 1) != '{') throw GIVE_UP;
        pos++;
        List<Object> items = new ArrayList<>();
        items('}', items);
        Set<Object> out = new LinkedHashSet<>(items);
        if (out.size() != items.size()) throw GIVE_UP;
        keyword = false;
        return Collections.unmodifiableSet(out);
      }
      case '"' -> {
        return string();
      }
      case ':' -> {
        pos++;
        String name = token();
        if (!isName(name)) throw GIVE_UP;
        keyword = true;
        return name;
      }
      default -> {
        String t = token();
        if (t.isEmpty()) throw GIVE_UP;
        char first = t.charAt(0);
        if (digit(first)
            || ((first == '-' || first == '+') && t.length() > 1 && digit(t.charAt(1)))) {
          return number(t);
        }
        switch (t) {
          case "nil":
            return null;
          case "true":
            return Boolean.TRUE;
          case "false":
            return Boolean.FALSE;
          default:
            if (!isName(t)) throw GIVE_UP;
            return t; // a symbol: its name, as normalize gives it
        }
      }
    }
  }

  /** Values up to {@code close}, after the opening bracket at pos. */
  private void items(char close, List<Object> out) {
    pos++;
    while (true) {
      skipBlank();
      if (pos >= end) throw GIVE_UP;
      if (s.charAt(pos) == close) {
        pos++;
        return;
      }
      out.add(value());
    }
  }

  /** Characters up to a delimiter. */
  private String token() {
    int from = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ' '
          || c == ','
          || c == '\n'
          || c == '\r'
          || c == '\t'
          || c == '['
          || c == ']'
          || c == '('
          || c == ')'
          || c == '{'
          || c == '}'
          || c == '"'
          || c == ';'
          || c == '\\'
          || c == '#' && pos == from) {
        break;
      }
      pos++;
    }
    return s.substring(from, pos);
  }

  /** A plain symbol or keyword name: {@code name} or {@code prefix/name}, nothing unusual. */
  private static boolean isName(String t) {
    if (t.isEmpty()) return false;
    int slash = t.indexOf('/');
    if (slash >= 0) {
      return t.indexOf('/', slash + 1) < 0
          && isPart(t.substring(0, slash))
          && isPart(t.substring(slash + 1));
    }
    return isPart(t);
  }

  private static boolean isPart(String p) {
    if (p.isEmpty() || digit(p.charAt(0))) return false;
    if ((p.charAt(0) == '-' || p.charAt(0) == '+' || p.charAt(0) == '.')
        && p.length() > 1
        && digit(p.charAt(1))) {
      return false;
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "*+!-_?<>=.".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }

  /** An integer (Long, or its text past 64 bits, as normalize makes a BigInteger) or a double. */
  private static Object number(String t) {
    boolean big = t.endsWith("N");
    String digits = big ? t.substring(0, t.length() - 1) : t;
    if (isInteger(digits)) {
      BigInteger b = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
      if (b.bitLength() < 64) return b.longValue();
      // edn-java reads a long that overflows as a BigInteger too; normalize keeps its text
      return b.toString();
    }
    if (big
        || t.endsWith("M")
        || (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0)) {
      throw GIVE_UP; // 010, 0x1F, 1/2: edn-java's to read or reject
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(digit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
        throw GIVE_UP;
      }
    }
    return Double.parseDouble(t);
  }

  private static boolean isInteger(String t) {
    int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
    if (i >= t.length()) return false;
    if (t.charAt(i) == '0' && t.length() > i + 1) return false; // octal-looking: edn-java's call
    for (; i < t.length(); i++) {
      if (!digit(t.charAt(i))) return false;
    }
    return true;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A string literal with EDN's escapes. */
  private String string() {
    pos++;
    StringBuilder sb = null;
    int from = pos;
    while (true) {
      if (pos >= end) throw GIVE_UP;
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(from, pos) : sb.append(s, from, pos).toString();
        pos++;
        return out;
      }
      if (c == '\\') {
        if (sb == null) sb = new StringBuilder();
        sb.append(s, from, pos);
        if (pos + 1 >= end) throw GIVE_UP;
        char e = s.charAt(pos + 1);
        switch (e) {
          case '"', '\\' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          default -> throw GIVE_UP;
        }
        pos += 2;
        from = pos;
        continue;
      }
      pos++;
    }
  }
}
