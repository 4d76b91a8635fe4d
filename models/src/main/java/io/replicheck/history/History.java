package io.replicheck.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated history: its events in order and the client ops they pair into. Nemesis events are
 * kept but form no ops.
 *
 * <p>Jepsen's rules are enforced: a process with an outstanding op must not invoke again, a process
 * whose op ended in info never invokes again (Jepsen gives the client a new process id), and every
 * completion follows an invoke of the same process and function.
 */
public final class History {

  private final String source;
  private final List<Event> events;
  private final List<Op> ops;

  private History(String source, List<Event> events, List<Op> ops) {
    this.source = source;
    this.events = events;
    this.ops = ops;
  }

  /** Pairs and validates; throws naming the first violation's event index and line. */
  public static History of(String source, List<Event> events) throws HistoryFormatException {
    List<String> problems = new ArrayList<>();
    int[] firstLine = {0};
    History h = build(source, events, problems, firstLine);
    if (!problems.isEmpty()) {
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
      throw new HistoryFormatException(source, firstLine[0], problems.get(0) + more);
    }
    return h;
  }

  /**
   * Pairs without validating, for drawing what a run recorded even when it broke Jepsen's rules (a
   * report of a crashed run): events that break them form no op.
   */
  public static History lenient(String source, List<Event> events) {
    return build(source, events, new ArrayList<>(), new int[1]);
  }

  /** Every violation of Jepsen's rules, one message each, empty for a valid history. */
  public static List<String> violations(List<Event> events) {
    List<String> problems = new ArrayList<>();
    build(null, events, problems, new int[1]);
    return problems;
  }

  private static History build(
      String source, List<Event> events, List<String> problems, int[] firstLine) {
    List<Event> evs = List.copyOf(events);
    Map<Object, Integer> outstanding = new HashMap<>(); // process -> position of its invoke
    Set<Object> crashed = new HashSet<>();
    Map<Integer, Integer> completionOf = new HashMap<>(); // invoke position -> completion position
    List<Integer> invokes = new ArrayList<>();
    for (int i = 0; i < evs.size(); i++) {
      Event e = evs.get(i);
      if (e.isNemesis()) {
        continue;
      }
      Object p = e.process();
      Integer open = outstanding.get(p);
      if (e.type() == EventType.INVOKE) {
        if (open != null) {
          problem(
              problems,
              firstLine,
              e,
              "process "
                  + p
                  + " invokes "
                  + e.f()
                  + " while its op at "
                  + evs.get(open).where()
                  + " is still outstanding");
          continue;
        }
        if (crashed.contains(p)) {
          problem(
              problems,
              firstLine,
              e,
              "process "
                  + p
                  + " invokes "
                  + e.f()
                  + " after an info completion (Jepsen's rule: a process that got info never invokes again)");
          continue;
        }
        outstanding.put(p, i);
        invokes.add(i);
      } else {
        if (open == null) {
          problem(
              problems,
              firstLine,
              e,
              "a " + e.type().wireName() + " of process " + p + " without an outstanding invoke");
          continue;
        }
        Event inv = evs.get(open);
        if (!Objects.equals(inv.f(), e.f())) {
          problem(
              problems,
              firstLine,
              e,
              "completion :"
                  + e.f()
                  + " does not match the invoke :"
                  + inv.f()
                  + " at "
                  + inv.where());
          continue;
        }
        if (!Objects.equals(inv.key(), e.key()) && e.key() != null) {
          problem(
              problems,
              firstLine,
              e,
              "completion key "
                  + Values.show(e.key())
                  + " does not match the invoke's key "
                  + Values.show(inv.key())
                  + " at "
                  + inv.where());
          continue;
        }
        outstanding.remove(p);
        completionOf.put(open, i);
        if (e.type() == EventType.INFO) {
          crashed.add(p);
        }
      }
    }
    List<Op> ops = new ArrayList<>(invokes.size());
    for (int pos : invokes) {
      Integer c = completionOf.get(pos);
      ops.add(
          new Op(
              ops.size(),
              evs.get(pos),
              c == null ? null : evs.get(c),
              pos,
              c == null ? Integer.MAX_VALUE : c));
    }
    return new History(source, evs, Collections.unmodifiableList(ops));
  }

  private static void problem(List<String> problems, int[] firstLine, Event e, String msg) {
    if (problems.isEmpty()) {
      firstLine[0] = e.line();
    }
    problems.add(e.where() + ": " + msg);
  }

  /** Where the history was read from (a file name), or null. */
  public String source() {
    return source;
  }

  public List<Event> events() {
    return events;
  }

  /** Client ops in invoke order; nemesis events form none. */
  public List<Op> ops() {
    return ops;
  }

  /** How many events are nemesis events. */
  public long nemesisEvents() {
    return events.stream().filter(Event::isNemesis).count();
  }

  @Override
  public String toString() {
    return "History("
        + (source == null ? "" : source + ", ")
        + events.size()
        + " events, "
        + ops.size()
        + " ops)";
  }
}
