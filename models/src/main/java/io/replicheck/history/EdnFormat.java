package io.replicheck.history;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Symbol;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;
import us.bpsm.edn.printer.Printers;

/**
 * Jepsen/Knossos EDN histories: a vector or list of op maps, or a bare sequence of maps (as
 * Porcupine's kv logs), e.g. {@code {:process 3, :type :invoke, :f :cas, :value [1 2]}}. Plain
 * histories are read by {@link EdnFastReader}, anything else with edn-java; each map's line is
 * tracked so errors and events point at the source.
 */
public final class EdnFormat {

  /**
   * edn-java's keywords for the maps it reads, made on the fallback's first use: making a keyword
   * loads and initializes edn-java's name checks (a regex), which a plain history, read by {@link
   * EdnFastReader}, never needs (a cold {@code check}'s start-up, docs/benchmarks.md).
   */
  private static final class Keys {
    static final Keyword PROCESS = Keyword.newKeyword("process");
    static final Keyword TYPE = Keyword.newKeyword("type");
    static final Keyword F = Keyword.newKeyword("f");
    static final Keyword KEY = Keyword.newKeyword("key");
    static final Keyword VALUE = Keyword.newKeyword("value");
    static final Keyword TIME = Keyword.newKeyword("time");
    static final Keyword INDEX = Keyword.newKeyword("index");
    static final Keyword NODE = Keyword.newKeyword("node");
    static final Keyword ERROR = Keyword.newKeyword("error");
  }

  private EdnFormat() {}

  public static List<Event> read(String source, Reader in) throws HistoryFormatException {
    String text;
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sb.append(buf, 0, n);
      }
      text = sb.toString();
    } catch (IOException e) {
      throw new HistoryFormatException(source, 0, "cannot read: " + e.getMessage(), e);
    }
    return parse(source, text);
  }

  static List<Event> parse(String source, String text) throws HistoryFormatException {
    return parse(source, text, true);
  }

  /** {@code fast}: try {@link EdnFastReader} first (false: edn-java only, for tests). */
  static List<Event> parse(String source, String text, boolean fast) throws HistoryFormatException {
    Text t = new Text(text);
    int first = t.skipBlank(0);
    int start = 0;
    int end = text.length();
    if (first < text.length() && (text.charAt(first) == '[' || text.charAt(first) == '(')) {
      int close = t.matching(first);
      if (close < 0) {
        throw new HistoryFormatException(
            source,
            t.lineOf(first),
            "expected a closing "
                + (text.charAt(first) == '[' ? "]" : ")")
                + " for the history opened here");
      }
      int after = t.skipBlank(close + 1);
      if (after < text.length()) {
        throw new HistoryFormatException(
            source,
            t.lineOf(after),
            "expected the end of the file after the history's closing bracket");
      }
      start = first + 1;
      end = close;
    }
    List<Event> read = fast ? EdnFastReader.events(text, start, end, t::lineOf) : null;
    if (read != null) {
      return read;
    }
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    Cursor cursor = new Cursor(text, start, end);
    List<Event> events = new ArrayList<>();
    while (true) {
      cursor.pos = t.skipBlank(cursor.pos, end);
      if (cursor.pos >= end) {
        break;
      }
      int line = t.lineOf(cursor.pos);
      Object v;
      try {
        v = parser.nextValue(cursor);
      } catch (EdnException e) {
        throw new HistoryFormatException(
            source,
            t.lineOf(Math.min(cursor.pos, text.length() - 1)),
            "expected EDN: " + e.getMessage());
      }
      if (v == Parser.END_OF_INPUT) {
        break;
      }
      if (!(v instanceof Map)) {
        throw new HistoryFormatException(
            source,
            line,
            "expected an op map like {:process 0, :type :invoke, "
                + ":f :read, :value nil}, got "
                + Printers.printString(v));
      }
      try {
        events.add(event(source, line, events.size(), (Map<?, ?>) v));
      } catch (IllegalArgumentException e) {
        throw new HistoryFormatException(
            source, line, "expected a plain EDN op map: " + e.getMessage());
      }
    }
    return events;
  }

  private static Event event(String source, int line, int position, Map<?, ?> m)
      throws HistoryFormatException {
    Object p = m.get(Keys.PROCESS);
    Object process;
    if (p instanceof Long || p instanceof Integer || p instanceof java.math.BigInteger) {
      process = ((Number) p).longValue();
    } else if (isName(p, Event.NEMESIS)) {
      process = Event.NEMESIS;
    } else {
      throw new HistoryFormatException(
          source,
          line,
          "expected :process to be an integer or :nemesis, got "
              + (p == null ? "nothing" : Printers.printString(p)));
    }
    Object t = m.get(Keys.TYPE);
    EventType type = t instanceof Keyword ? EventType.fromWire(((Keyword) t).getName()) : null;
    if (type == null) {
      throw new HistoryFormatException(
          source,
          line,
          "expected :type to be :invoke, :ok, :fail or :info, got "
              + (t == null ? "nothing" : Printers.printString(t)));
    }
    Object f = m.get(Keys.F);
    String fname = f == null ? null : Values.normalize(f).toString();
    if (fname == null && process != Event.NEMESIS) {
      throw new HistoryFormatException(source, line, "expected an :f (e.g. :read, :write, :cas)");
    }
    long index = position;
    Object idx = m.get(Keys.INDEX);
    if (idx instanceof Number) {
      index = ((Number) idx).longValue();
    }
    Long time = null;
    Object tm = m.get(Keys.TIME);
    if (tm instanceof Number) {
      time = ((Number) tm).longValue();
    } else if (tm != null) {
      throw new HistoryFormatException(
          source,
          line,
          "expected :time to be integer nanoseconds, got " + Printers.printString(tm));
    }
    Object node = m.get(Keys.NODE);
    return new Event(
        index,
        process,
        type,
        fname,
        norm(source, line, m.get(Keys.KEY)),
        norm(source, line, m.get(Keys.VALUE)),
        time,
        node == null ? null : Values.normalize(node).toString(),
        norm(source, line, m.get(Keys.ERROR)),
        line);
  }

  private static Object norm(String source, int line, Object v) throws HistoryFormatException {
    try {
      return Values.normalize(v);
    } catch (IllegalArgumentException e) {
      throw new HistoryFormatException(
          source, line, "expected a plain EDN value: " + e.getMessage());
    }
  }

  private static boolean isName(Object o, String name) {
    return (o instanceof Keyword && ((Keyword) o).getName().equals(name))
        || (o instanceof Symbol && ((Symbol) o).getName().equals(name))
        || name.equals(o);
  }

  /** Writes a vector of op maps, one per line, as Jepsen prints histories. */
  public static void write(List<Event> events, Writer out) throws IOException {
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write("\n ");
      }
      out.write(map(events.get(i)));
    }
    out.write("]\n");
    out.flush();
  }

  /** Writes one op map per line with no enclosing vector (Porcupine's kv logs). */
  public static void writeSequence(List<Event> events, Writer out) throws IOException {
    for (Event e : events) {
      out.write(map(e));
      out.write('\n');
    }
    out.flush();
  }

  /** One event as an EDN map; type and f are keywords, other strings stay strings. */
  public static String map(Event e) {
    StringBuilder sb = new StringBuilder("{:index ").append(e.index());
    sb.append(", :type :").append(e.type().wireName());
    if (e.f() != null) {
      sb.append(", :f ").append(keywordOrString(e.f()));
    }
    if (e.key() != null) {
      sb.append(", :key ").append(Printers.printString(e.key()));
    }
    sb.append(", :value ").append(Printers.printString(e.value()));
    sb.append(", :process ").append(e.isNemesis() ? ":nemesis" : e.process().toString());
    if (e.time() != null) {
      sb.append(", :time ").append(e.time());
    }
    if (e.node() != null) {
      sb.append(", :node ").append(Printers.printString(e.node()));
    }
    if (e.error() != null) {
      sb.append(", :error ").append(Printers.printString(e.error()));
    }
    return sb.append('}').toString();
  }

  private static final java.util.regex.Pattern KEYWORD =
      java.util.regex.Pattern.compile("[A-Za-z*+!_?<>=][A-Za-z0-9*+!_?<>=.-]*");

  /** {@code :name} when the name is a valid EDN keyword, else a quoted string. */
  private static String keywordOrString(String name) {
    return KEYWORD.matcher(name).matches() ? ":" + name : Printers.printString(name);
  }

  /** A Parseable over a slice of the text, so the reader knows where each value starts. */
  private static final class Cursor implements Parseable {
    private final String text;
    private final int end;
    int pos;

    Cursor(String text, int start, int end) {
      this.text = text;
      this.pos = start;
      this.end = end;
    }

    @Override
    public int read() {
      return pos < end ? text.charAt(pos++) : END_OF_INPUT;
    }

    @Override
    public void unread(int ch) {
      if (ch != END_OF_INPUT) {
        pos--;
      }
    }

    @Override
    public void close() {}
  }

  /** Lexical helpers: blanks and comments, bracket matching aware of strings, line numbers. */
  private static final class Text {
    private final String s;
    private final int[] lineStarts;

    Text(String s) {
      this.s = s;
      List<Integer> starts = new ArrayList<>();
      starts.add(0);
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '\n') {
          starts.add(i + 1);
        }
      }
      lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    int lineOf(int pos) {
      int lo = 0;
      int hi = lineStarts.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (lineStarts[mid] <= pos) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo + 1;
    }

    int skipBlank(int i) {
      return skipBlank(i, s.length());
    }

    /** Skips whitespace, commas and ; comments. */
    int skipBlank(int i, int end) {
      while (i < end) {
        char c = s.charAt(i);
        if (c == ';') {
          while (i < end && s.charAt(i) != '\n') {
            i++;
          }
        } else if (Character.isWhitespace(c) || c == ',') {
          i++;
        } else {
          break;
        }
      }
      return i;
    }

    /** The position of the bracket closing the one at {@code open}, or -1. */
    int matching(int open) {
      int depth = 0;
      for (int i = open; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"') {
          for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
            if (s.charAt(i) == '\\') {
              i++;
            }
          }
        } else if (c == ';') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '\\') {
          i++; // a character literal such as \[ or \space
        } else if (c == '[' || c == '(' || c == '{') {
          depth++;
        } else if (c == ']' || c == ')' || c == '}') {
          depth--;
          if (depth == 0) {
            return i;
          }
        }
      }
      return -1;
    }
  }
}
