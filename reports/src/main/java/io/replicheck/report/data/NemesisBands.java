package io.replicheck.report.data;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Fault bands from a history's nemesis events. Pure: no I/O, so it is tested on plain lists.
 *
 * <p>The harness records {@code invoke start} (value: the nemesis's name) then {@code info start}
 * (value: what it did, e.g. "partition n2<->n1"; an {@code error} means it failed and no fault is
 * active), later {@code invoke stop} then {@code info stop}. A band runs from the start's invoke to
 * the stop's completion; a stop closes the open band with the same description, else the oldest
 * one; bands still open end at {@code end}. Other nemesis functions (e.g. a kill) become bands from
 * their invoke to their completion.
 */
public final class NemesisBands {
  private NemesisBands() {}

  /** The bands, by start; {@code time} gives each event's time on the report's axis. */
  public static List<NemesisBand> of(List<Event> events, long end, ToLongFunction<Event> time) {
    List<NemesisBand> bands = new ArrayList<>();
    Deque<Open> open = new ArrayDeque<>();
    // an invoke waits for the completion of its own function: while one fault starts, another may
    // be healed (faults that overlap), so the completion need not be the next nemesis event
    Map<String, Event> invoked = new HashMap<>();
    // Jepsen's older histories (and Knossos's corpus) record the nemesis's invocation as info too:
    // an info with nothing invoked waits to see whether the next nemesis event completes it.
    Event lone = null;
    for (Event e : events) {
      if (!e.isNemesis()) continue;
      String f = String.valueOf(e.f());
      if (e.type() == EventType.INVOKE) {
        if (lone != null) complete(lone, lone, open, bands, time);
        lone = null;
        invoked.put(f, e);
        continue;
      }
      Event first = invoked.remove(f);
      if (first != null) {
        complete(first, e, open, bands, time);
      } else if (lone != null && String.valueOf(lone.f()).equals(f)) {
        complete(lone, e, open, bands, time);
        lone = null;
      } else {
        if (lone != null) complete(lone, lone, open, bands, time);
        lone = e;
      }
    }
    if (lone != null) complete(lone, lone, open, bands, time);
    for (Open o : open) bands.add(new NemesisBand(o.description, o.start, end, false));
    bands.sort((a, b) -> Long.compare(a.start(), b.start()));
    return bands;
  }

  private record Open(String description, long start) {}

  /** One nemesis op, from its invocation {@code first} to its completion {@code e}. */
  private static void complete(
      Event first, Event e, Deque<Open> open, List<NemesisBand> bands, ToLongFunction<Event> time) {
    // What was done is in the completion; the invoke only names the nemesis.
    String description = DrawnOp.text(e.value());
    if (description.isEmpty()) description = DrawnOp.text(first.value());
    String f = e.f() == null ? "" : e.f();
    String error = e.error() == null ? null : DrawnOp.text(e.error());
    if (f.contains("start")) {
      if (error == null)
        open.addLast(
            new Open(description.isEmpty() ? "nemesis" : description, time.applyAsLong(first)));
    } else if (f.contains("stop")) {
      Open closed = null;
      for (Iterator<Open> it = open.iterator(); it.hasNext(); ) {
        Open o = it.next();
        if (o.description.equals(description)) {
          closed = o;
          it.remove();
          break;
        }
      }
      if (closed == null) closed = open.pollFirst();
      if (closed != null) {
        String shown = error == null ? closed.description : closed.description + " (" + error + ")";
        bands.add(new NemesisBand(shown, closed.start, time.applyAsLong(e), true));
      }
    } else {
      bands.add(
          new NemesisBand(
              f + (description.isEmpty() ? "" : " " + description),
              time.applyAsLong(first),
              time.applyAsLong(e),
              true));
    }
  }
}
