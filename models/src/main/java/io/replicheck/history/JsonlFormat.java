package io.replicheck.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines, the project's own format: one event per line, e.g. {@code
 * {"index":7,"process":3,"type":"ok","f":"write","key":"k1","value":4,"time":1234567,"node":"n1"}}.
 * Nemesis events use {@code "process":"nemesis"}. Blank lines are skipped; unknown fields ignored.
 */
public final class JsonlFormat {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The history a run writes into its folder: JSON Lines, gzipped. */
  public static final String RUN_FILE = "history.jsonl.gz";

  /** The name older runs (and hand-made run folders) used: plain JSON Lines. */
  public static final String PLAIN_RUN_FILE = "history.jsonl";

  private JsonlFormat() {}

  /**
   * Beside a run's history: the processes of the master's clients, one a line, written as each
   * starts. P3 judges only these; the replica readers' reads are not the master's and lag by design
   * (P1/P2 judge them), so {@code check} of a run leaves them out too.
   */
  public static final String CLIENTS_FILE = "client-processes.txt";

  /**
   * The master's client processes listed beside {@code history} ({@value #CLIENTS_FILE}), or null
   * when there is no such file (a history that is not a run's: every process is checked).
   */
  public static java.util.Set<Long> runClients(Path history) throws java.io.IOException {
    Path parent = history.toAbsolutePath().getParent();
    Path list = parent == null ? null : parent.resolve(CLIENTS_FILE);
    if (list == null || !Files.isRegularFile(list)) return null;
    java.util.Set<Long> out = new java.util.HashSet<>();
    for (String line : Files.readAllLines(list)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      try {
        out.add(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new java.io.IOException(list + ": not a process number: " + t);
      }
    }
    return out;
  }

  /**
   * A run's events without its replica readers' ({@code clients}: the master's; every nemesis event
   * kept).
   */
  public static List<Event> masterClients(List<Event> events, java.util.Set<Long> clients) {
    return events.stream().filter(e -> e.isNemesis() || clients.contains(e.process())).toList();
  }

  /**
   * The history file of a run folder: {@value #RUN_FILE}, else {@value #PLAIN_RUN_FILE} (older
   * stores), else null. A path that is a file is returned as it is.
   */
  public static Path runHistory(Path runDirOrFile) {
    if (Files.isRegularFile(runDirOrFile)) {
      return runDirOrFile;
    }
    for (String name : new String[] {RUN_FILE, PLAIN_RUN_FILE}) {
      Path p = runDirOrFile.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  public static List<Event> read(String source, Reader in) throws HistoryFormatException {
    List<Event> events = new ArrayList<>();
    JsonlReader r = new JsonlReader(source, in);
    for (Event e; (e = r.next()) != null; ) {
      events.add(e);
    }
    return events;
  }

  /**
   * One line as an event: {@code lineNo} is its 1-based line in {@code source}, {@code position}
   * its place among the events (the index when the line has none).
   */
  public static Event parse(String source, int lineNo, int position, String line)
      throws HistoryFormatException {
    Event fast = JsonlFastParser.parse(lineNo, position, line);
    if (fast != null) {
      return fast;
    }
    return parseWithJackson(source, lineNo, position, line);
  }

  /** {@link #parse} through Jackson's tree: every line the fast path leaves, and every error. */
  static Event parseWithJackson(String source, int lineNo, int position, String line)
      throws HistoryFormatException {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new HistoryFormatException(
          source, lineNo, "expected one JSON object per line: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode)) {
      throw new HistoryFormatException(
          source, lineNo, "expected a JSON object, got " + line.strip());
    }
    return event(source, lineNo, position, (ObjectNode) node);
  }

  private static Event event(String source, int line, int position, ObjectNode o)
      throws HistoryFormatException {
    JsonNode p = o.get("process");
    Object process;
    if (p == null || p.isNull()) {
      throw new HistoryFormatException(
          source, line, "expected a \"process\" field (an integer or \"nemesis\")");
    } else if (p.isIntegralNumber() && p.canConvertToLong()) {
      process = p.asLong();
    } else if (p.isTextual() && Event.NEMESIS.equals(p.asText())) {
      process = Event.NEMESIS;
    } else {
      throw new HistoryFormatException(
          source, line, "expected \"process\" to be an integer or \"nemesis\", got " + p);
    }
    JsonNode t = o.get("type");
    EventType type = t != null && t.isTextual() ? EventType.fromWire(t.asText()) : null;
    if (type == null) {
      throw new HistoryFormatException(
          source, line, "expected \"type\" to be one of invoke, ok, fail, info, got " + t);
    }
    JsonNode f = o.get("f");
    if ((f == null || !f.isTextual()) && !Event.NEMESIS.equals(process)) {
      throw new HistoryFormatException(source, line, "expected \"f\" to be a string, got " + f);
    }
    long index = position;
    JsonNode idx = o.get("index");
    if (idx != null && !idx.isNull()) {
      if (!idx.isIntegralNumber()) {
        throw new HistoryFormatException(
            source, line, "expected \"index\" to be an integer, got " + idx);
      }
      index = idx.asLong();
    }
    Long time = null;
    JsonNode tm = o.get("time");
    if (tm != null && !tm.isNull()) {
      if (!tm.isIntegralNumber()) {
        throw new HistoryFormatException(
            source, line, "expected \"time\" to be integer nanoseconds, got " + tm);
      }
      time = tm.asLong();
    }
    JsonNode node = o.get("node");
    return new Event(
        index,
        process,
        type,
        f == null || f.isNull() ? null : f.asText(),
        value(o.get("key")),
        value(o.get("value")),
        time,
        node == null || node.isNull() ? null : node.asText(),
        value(o.get("error")),
        line);
  }

  private static Object value(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return Values.normalize(plain(n));
  }

  /**
   * A JSON value as plain Java (what {@code convertValue(n, Object.class)} gives, without its round
   * trip through a token buffer: reading a run's history back is this, millions of times).
   */
  private static Object plain(JsonNode n) {
    switch (n.getNodeType()) {
      case NULL:
      case MISSING:
        return null;
      case STRING:
        return n.textValue();
      case BOOLEAN:
        return n.booleanValue();
      case NUMBER:
        if (n.isIntegralNumber()) {
          return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        return n.doubleValue();
      case ARRAY:
        List<Object> list = new ArrayList<>(n.size());
        for (JsonNode c : n) {
          list.add(plain(c));
        }
        return list;
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          map.put(f.getKey(), plain(f.getValue()));
        }
        return map;
      default:
        return MAPPER.convertValue(n, Object.class);
    }
  }

  /**
   * Writes one JSON object per event, fields in a fixed order, optional fields omitted when null.
   */
  public static void write(List<Event> events, Writer out) throws IOException {
    JsonlWriter w = new JsonlWriter(out);
    for (Event e : events) {
      w.write(e);
    }
    w.flush();
  }

  /** One event as a JSON line (without the newline), as {@link JsonlWriter} writes it. */
  public static String line(Event e) {
    StringWriter out = new StringWriter();
    try (JsonlWriter w = new JsonlWriter(out)) {
      w.write(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    String s = out.toString();
    return s.substring(0, s.length() - 1);
  }
}
