package io.replicheck.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pairs history events into ops (an invoke with the next completion of the same process) and nemesis
 * events into fault bands. Pure: no I/O, so it is tested on plain lists.
 */
public final class Pairing {
  private static final int MAX_VALUE_CHARS = 80;

  private Pairing() {}

  /** Ops in invoke order; invokes left open at the end become info ops ending at {@code end}. */
  public static List<Op> ops(List<HistoryEvent> events, long end) {
    List<Op> ops = new ArrayList<>();
    Map<Integer, HistoryEvent> pending = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.isNemesis()) continue;
      if (e.type().equals("invoke")) {
        HistoryEvent open = pending.put(e.process(), e);
        // A process invoking again without completing: the earlier op's outcome is unknown.
        if (open != null) ops.add(op(open, null, "info", e.time()));
      } else {
        HistoryEvent invoke = pending.remove(e.process());
        if (invoke != null) ops.add(op(invoke, e, e.type(), e.time()));
      }
    }
    for (HistoryEvent open : pending.values()) ops.add(op(open, null, "info", end));
    ops.sort((a, b) -> Long.compare(a.invokeIndex(), b.invokeIndex()));
    return ops;
  }

  private static Op op(HistoryEvent invoke, HistoryEvent completion, String type, long completeTime) {
    JsonNode value = completion != null && completion.value() != null && !completion.value().isNull()
        ? completion.value() : invoke.value();
    return new Op(invoke.process(), invoke.f(), invoke.key(), invoke.index(),
        completion == null ? -1 : completion.index(), type, invoke.time(), Math.max(completeTime, invoke.time()),
        completion != null && completion.node() != null ? completion.node() : invoke.node(),
        text(value), completion == null ? null : completion.error());
  }

  /**
   * Fault bands, from the harness's nemesis events: {@code invoke start} (value: the nemesis's
   * name) then {@code info start} (value: what it did, e.g. "partition n2<->n1"; an {@code error}
   * means it failed and no fault is active), later {@code invoke stop} then {@code info stop}. A
   * band runs from the start's invoke to the stop's completion; a stop closes the open band with
   * the same description, else the oldest one; bands still open end at {@code end}. Other nemesis
   * functions (e.g. a kill) become bands from their invoke to their completion.
   */
  public static List<NemesisBand> bands(List<HistoryEvent> events, long end) {
    List<NemesisBand> bands = new ArrayList<>();
    Deque<String[]> open = new ArrayDeque<>(); // {description, start time}
    // Jepsen's older histories (and Knossos's corpus) record the nemesis's invocation as info too:
    // an info with nothing pending waits to see whether the next nemesis event completes it.
    HistoryEvent pending = null;
    for (HistoryEvent e : events) {
      if (!e.isNemesis()) continue;
      if (e.type().equals("invoke")) {
        if (pending != null && !pending.type().equals("invoke")) complete(pending, pending, open, bands);
        pending = e;
      } else if (pending == null) {
        pending = e;
      } else if (pending.f().equals(e.f())) {
        complete(pending, e, open, bands);
        pending = null;
      } else {
        if (!pending.type().equals("invoke")) complete(pending, pending, open, bands);
        pending = e;
      }
    }
    if (pending != null && !pending.type().equals("invoke")) complete(pending, pending, open, bands);
    for (String[] o : open) bands.add(new NemesisBand(o[0], Long.parseLong(o[1]), end, false));
    bands.sort((a, b) -> Long.compare(a.start(), b.start()));
    return bands;
  }

  /** One nemesis op, from its invocation {@code first} to its completion {@code e}. */
  private static void complete(HistoryEvent first, HistoryEvent e, Deque<String[]> open, List<NemesisBand> bands) {
    // What was done is in the completion; the invoke only names the nemesis.
    String description = text(e.value());
    if (description.isEmpty()) description = text(first.value());
    if (e.f().contains("start")) {
      if (e.error() == null) open.addLast(new String[] {description.isEmpty() ? "nemesis" : description, Long.toString(first.time())});
    } else if (e.f().contains("stop")) {
      String[] closed = null;
      for (Iterator<String[]> it = open.iterator(); it.hasNext(); ) {
        String[] o = it.next();
        if (o[0].equals(description)) {
          closed = o;
          it.remove();
          break;
        }
      }
      if (closed == null) closed = open.pollFirst();
      if (closed != null) {
        String shown = e.error() == null ? closed[0] : closed[0] + " (" + e.error() + ")";
        bands.add(new NemesisBand(shown, Long.parseLong(closed[1]), e.time(), true));
      }
    } else {
      bands.add(new NemesisBand(e.f() + (description.isEmpty() ? "" : " " + description), first.time(), e.time(), true));
    }
  }

  /** A short display form of a JSON value. */
  static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return "";
    String s = value.isTextual() ? value.asText() : value.toString();
    return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }
}
