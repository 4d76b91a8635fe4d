package io.replicheck.runner;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.HistoryFormatException;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.JsonlReader;
import io.replicheck.history.Values;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run's history split by key on disk, so P3 holds one key's ops at a time, not the run's: one
 * streaming pass over the history keeps the given client processes' events, checks Jepsen's rules
 * across the whole history (per process: one op outstanding, none after an info, completions match
 * their invoke), and copies each event's line into its key's file (a completion into its invoke's).
 * Up to {@value #MAX_FILES} keys get a file each; more keys share them. A model that does not split
 * by key gets one file, and then memory is the whole history's (say so where it matters).
 *
 * <p>Each file keeps the events in the history's order, each with its index and source line, so a
 * key's history reads back as the same events (and the same verdicts) as the whole file would give.
 */
final class KeySpill implements AutoCloseable {
  static final int MAX_FILES = 256;

  private final Path source;
  private final Path dir;
  private final List<Path> files = new ArrayList<>();
  private long events;

  private KeySpill(Path source, Path dir) {
    this.source = source;
    this.dir = dir;
  }

  /**
   * Splits {@code history}; throws naming the first event that breaks Jepsen's rules, as {@link
   * io.replicheck.history.History#of} would.
   */
  static KeySpill split(Path history, Set<Long> processes, boolean byKey)
      throws HistoryFormatException, IOException {
    KeySpill spill = new KeySpill(history, Files.createTempDirectory("replicheck-p3-"));
    try {
      spill.fill(processes, byKey);
      return spill;
    } catch (HistoryFormatException | IOException | RuntimeException e) {
      spill.close();
      throw e;
    }
  }

  private record Open(int file, Event invoke) {}

  private void fill(Set<Long> processes, boolean byKey) throws HistoryFormatException, IOException {
    Map<Object, Integer> fileOfKey = new HashMap<>();
    List<Writer> writers = new ArrayList<>();
    Map<Long, Open> outstanding = new HashMap<>();
    Set<Long> crashed = new HashSet<>();
    String firstProblem = null;
    int firstLine = 0;
    int problems = 0;
    try (JsonlReader in = JsonlReader.open(source)) {
      for (Event e; (e = in.next()) != null; ) {
        if (e.isNemesis() || !processes.contains((Long) e.process())) continue;
        long p = (Long) e.process();
        Open open = outstanding.get(p);
        String problem = null;
        int file = -1;
        if (e.type() == EventType.INVOKE) {
          if (open != null) {
            problem =
                "process "
                    + p
                    + " invokes "
                    + e.f()
                    + " while its op at "
                    + open.invoke().where()
                    + " is still outstanding";
          } else if (crashed.contains(p)) {
            problem =
                "process "
                    + p
                    + " invokes "
                    + e.f()
                    + " after an info completion (Jepsen's rule: a process that got info never"
                    + " invokes again)";
          } else {
            Object key = byKey ? e.key() : null;
            Integer f = fileOfKey.get(key);
            if (f == null) {
              f = fileOfKey.size() < MAX_FILES ? fileOfKey.size() : fileOfKey.size() % MAX_FILES;
              fileOfKey.put(key, f);
            }
            file = f;
            // the invoke is kept without its value: a read's is null, a write's is in the file
            outstanding.put(p, new Open(file, e.withValue(null)));
          }
        } else if (open == null) {
          problem =
              "a " + e.type().wireName() + " of process " + p + " without an outstanding invoke";
        } else if (!Objects.equals(open.invoke().f(), e.f())) {
          problem =
              "completion :"
                  + e.f()
                  + " does not match the invoke :"
                  + open.invoke().f()
                  + " at "
                  + open.invoke().where();
        } else if (e.key() != null && !Objects.equals(open.invoke().key(), e.key())) {
          problem =
              "completion key "
                  + Values.show(e.key())
                  + " does not match the invoke's key "
                  + Values.show(open.invoke().key())
                  + " at "
                  + open.invoke().where();
        } else {
          outstanding.remove(p);
          if (e.type() == EventType.INFO) crashed.add(p);
          file = open.file();
        }
        if (problem != null) {
          if (problems++ == 0) {
            firstProblem = e.where() + ": " + problem;
            firstLine = e.line();
          }
          continue;
        }
        while (writers.size() <= file) {
          Path f = dir.resolve("key-" + writers.size() + ".jsonl");
          files.add(f);
          writers.add(new BufferedWriter(Files.newBufferedWriter(f, StandardCharsets.UTF_8)));
        }
        Writer w = writers.get(file);
        w.write(Integer.toString(e.line()));
        w.write(' ');
        w.write(in.line());
        w.write('\n');
        events++;
      }
    } finally {
      for (Writer w : writers) w.close();
    }
    if (firstProblem != null) {
      String more = problems > 1 ? " (and " + (problems - 1) + " more problems)" : "";
      throw new HistoryFormatException(source.toString(), firstLine, firstProblem + more);
    }
  }

  /** The history file, for messages. */
  String source() {
    return source.toString();
  }

  /** Client events kept. */
  long events() {
    return events;
  }

  /** How many key files there are. */
  int parts() {
    return files.size();
  }

  /** The events of one key file, in the history's order, with their source lines. */
  List<Event> part(int i) throws HistoryFormatException {
    List<Event> out = new ArrayList<>();
    String name = source.toString();
    try (BufferedReader r = Files.newBufferedReader(files.get(i), StandardCharsets.UTF_8)) {
      for (String l; (l = r.readLine()) != null; ) {
        int sp = l.indexOf(' ');
        out.add(
            JsonlFormat.parse(
                name, Integer.parseInt(l, 0, sp, 10), out.size(), l.substring(sp + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back " + files.get(i), e);
    }
    return out;
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a temporary folder left behind is no reason to fail a check
    }
  }
}
