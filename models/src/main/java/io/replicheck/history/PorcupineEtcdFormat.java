package io.replicheck.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;
import us.bpsm.edn.printer.Printers;

/**
 * Porcupine's Jepsen etcd logs (test_data/jepsen/etcd_*.log): one op event per line, {@code INFO
 * jepsen.util - <process>\t:invoke\t:read\tnil}. The register starts empty (nil); {@code :fail
 * :cas} means the compare failed at its linearization point (check with the {@code register}
 * model); {@code :fail :read :timed-out} is a read with no known result, and {@code :info ...
 * :timed-out} or a missing completion is unknown. Lines that are not {@code jepsen.util} op lines
 * (other log output) are skipped.
 */
public final class PorcupineEtcdFormat {

  private static final Pattern LINE =
      Pattern.compile("^INFO\\s+jepsen\\.util\\s+-\\s+(\\S+)\\s+(:\\S+)\\s+(:\\S+)\\s+(.*?)\\s*$");

  private PorcupineEtcdFormat() {}

  public static List<Event> read(String source, Reader in) throws HistoryFormatException {
    BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    List<Event> events = new ArrayList<>();
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    int lineNo = 0;
    try {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (!line.contains("jepsen.util")) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          throw new HistoryFormatException(
              source,
              lineNo,
              "expected 'INFO  jepsen.util - <process> :<type> :<f> <value>', got: "
                  + line.strip());
        }
        Object process;
        if (m.group(1).equals(":nemesis")) {
          process = Event.NEMESIS;
        } else {
          try {
            process = Long.parseLong(m.group(1));
          } catch (NumberFormatException e) {
            throw new HistoryFormatException(
                source, lineNo, "expected a process number or :nemesis, got " + m.group(1));
          }
        }
        EventType type = EventType.fromWire(m.group(2));
        if (type == null) {
          throw new HistoryFormatException(
              source, lineNo, "expected :invoke, :ok, :fail or :info, got " + m.group(2));
        }
        String f = m.group(3).substring(1);
        Object value;
        try {
          value = Values.normalize(parser.nextValue(Parsers.newParseable(m.group(4))));
        } catch (EdnException | IllegalArgumentException e) {
          throw new HistoryFormatException(
              source, lineNo, "expected an EDN value, got " + m.group(4));
        }
        if (value == Parser.END_OF_INPUT) {
          value = null;
        }
        Object error = null;
        // ":timed-out" in the value position is an error, not a value: the outcome is unknown.
        if ((type == EventType.INFO || type == EventType.FAIL)
            && "timed-out".equals(value)
            && m.group(4).startsWith(":")) {
          error = value;
          value = null;
        }
        events.add(
            new Event(events.size(), process, type, f, null, value, null, null, error, lineNo));
      }
    } catch (IOException e) {
      throw new HistoryFormatException(source, lineNo, "cannot read: " + e.getMessage(), e);
    }
    return events;
  }

  /** Writes events in the same log format (keys, times and nodes are not part of it). */
  public static void write(List<Event> events, Writer out) throws IOException {
    for (Event e : events) {
      String value =
          e.error() != null && e.value() == null
              ? ":" + e.error()
              : Printers.printString(e.value());
      out.write(
          "INFO  jepsen.util - "
              + (e.isNemesis() ? ":nemesis" : e.process())
              + "\t:"
              + e.type().wireName()
              + "\t:"
              + e.f()
              + "\t"
              + value
              + "\n");
    }
    out.flush();
  }
}
