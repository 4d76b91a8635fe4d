package io.replicheck.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON Lines events a run's recorder writes straight into an {@link Event}, without
 * Jackson's tree: a long run's history is read back several times (P3's split, P1/P2, the report),
 * millions of lines each. It takes the plain subset only: an object of the known fields, each once,
 * whose values are null, booleans, integers that fit a long, strings without escapes, and arrays
 * and objects of those. Anything else (escapes, decimals, unknown or repeated fields, a malformed
 * line) returns null and the caller parses the line with Jackson, which also gives every error
 * message, as {@link EdnFastReader} leaves the unusual to edn-java. JsonlFastParserTest holds the
 * two to the same events.
 */
final class JsonlFastParser {
  private final String s;
  private int i;

  private JsonlFastParser(String s) {
    this.s = s;
  }

  /** Marks a line the fast path does not take. */
  private static final class NotPlain extends Exception {
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final Object NONE = new Object();

  /** The event of {@code line}, or null when the line is not in the plain subset. */
  static Event parse(int lineNo, int position, String line) {
    try {
      return new JsonlFastParser(line).event(lineNo, position);
    } catch (NotPlain | RuntimeException e) {
      return null;
    }
  }

  private Event event(int lineNo, int position) throws NotPlain {
    ws();
    expect('{');
    Object index = NONE;
    Object process = NONE;
    Object type = NONE;
    Object f = NONE;
    Object key = NONE;
    Object value = NONE;
    Object time = NONE;
    Object node = NONE;
    Object error = NONE;
    ws();
    if (peek() != '}') {
      while (true) {
        ws();
        String name = string();
        ws();
        expect(':');
        ws();
        Object v = value();
        switch (name) {
          case "index" -> index = once(index, v);
          case "process" -> process = once(process, v);
          case "type" -> type = once(type, v);
          case "f" -> f = once(f, v);
          case "key" -> key = once(key, v);
          case "value" -> value = once(value, v);
          case "time" -> time = once(time, v);
          case "node" -> node = once(node, v);
          case "error" -> error = once(error, v);
          default -> throw NotPlain.INSTANCE;
        }
        ws();
        char c = next();
        if (c == '}') break;
        if (c != ',') throw NotPlain.INSTANCE;
      }
    } else {
      i++;
    }
    ws();
    if (i != s.length()) throw NotPlain.INSTANCE;
    Object p;
    if (process instanceof Long) {
      p = process;
    } else if (Event.NEMESIS.equals(process)) {
      p = Event.NEMESIS;
    } else {
      throw NotPlain.INSTANCE;
    }
    EventType t = type instanceof String ts ? EventType.fromWire(ts) : null;
    if (t == null) throw NotPlain.INSTANCE;
    String fn;
    if (f instanceof String fs) {
      fn = fs;
    } else if ((f == NONE || f == null) && p == Event.NEMESIS) {
      fn = null;
    } else {
      throw NotPlain.INSTANCE;
    }
    long idx = position;
    if (index instanceof Long l) {
      idx = l;
    } else if (index != NONE && index != null) {
      throw NotPlain.INSTANCE;
    }
    Long tm = null;
    if (time instanceof Long l) {
      tm = l;
    } else if (time != NONE && time != null) {
      throw NotPlain.INSTANCE;
    }
    String nd = null;
    if (node instanceof String ns) {
      nd = ns;
    } else if (node != NONE && node != null) {
      throw NotPlain.INSTANCE;
    }
    return new Event(idx, p, t, fn, orNull(key), orNull(value), tm, nd, orNull(error), lineNo);
  }

  private static Object once(Object seen, Object v) throws NotPlain {
    if (seen != NONE) throw NotPlain.INSTANCE; // Jackson keeps the last; leave it to Jackson
    return v;
  }

  private static Object orNull(Object v) {
    return v == NONE ? null : v;
  }

  private Object value() throws NotPlain {
    char c = peek();
    switch (c) {
      case '"':
        return string();
      case '[':
        {
          i++;
          List<Object> list = new ArrayList<>();
          ws();
          if (peek() == ']') {
            i++;
          } else {
            while (true) {
              ws();
              list.add(value());
              ws();
              char d = next();
              if (d == ']') break;
              if (d != ',') throw NotPlain.INSTANCE;
            }
          }
          return Collections.unmodifiableList(list);
        }
      case '{':
        {
          i++;
          Map<Object, Object> map = new LinkedHashMap<>();
          ws();
          if (peek() == '}') {
            i++;
          } else {
            while (true) {
              ws();
              String k = string();
              ws();
              expect(':');
              ws();
              if (map.containsKey(k)) throw NotPlain.INSTANCE;
              map.put(k, value());
              ws();
              char d = next();
              if (d == '}') break;
              if (d != ',') throw NotPlain.INSTANCE;
            }
          }
          return Collections.unmodifiableMap(map);
        }
      case 'n':
        word("null");
        return null;
      case 't':
        word("true");
        return Boolean.TRUE;
      case 'f':
        word("false");
        return Boolean.FALSE;
      default:
        return number();
    }
  }

  private Long number() throws NotPlain {
    int start = i;
    boolean neg = false;
    if (peek() == '-') {
      neg = true;
      i++;
    }
    int digits = i;
    long v = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') break;
      v = v * 10 + (c - '0');
      i++;
    }
    int n = i - digits;
    // no digits, a leading zero, more digits than a long always holds, or a decimal: Jackson's
    if (n == 0 || n > 18 || (n > 1 && s.charAt(digits) == '0')) throw NotPlain.INSTANCE;
    if (i < s.length()) {
      char c = s.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') throw NotPlain.INSTANCE;
    }
    if (start == i) throw NotPlain.INSTANCE;
    return neg ? -v : v;
  }

  private String string() throws NotPlain {
    expect('"');
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        String out = s.substring(start, i);
        i++;
        return out;
      }
      if (c == '\\' || c < 0x20) throw NotPlain.INSTANCE; // escapes and control characters
      i++;
    }
    throw NotPlain.INSTANCE;
  }

  private void word(String w) throws NotPlain {
    if (!s.startsWith(w, i)) throw NotPlain.INSTANCE;
    i += w.length();
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return;
      i++;
    }
  }

  private char peek() throws NotPlain {
    if (i >= s.length()) throw NotPlain.INSTANCE;
    return s.charAt(i);
  }

  private char next() throws NotPlain {
    if (i >= s.length()) throw NotPlain.INSTANCE;
    return s.charAt(i++);
  }

  private void expect(char c) throws NotPlain {
    if (next() != c) throw NotPlain.INSTANCE;
  }
}
