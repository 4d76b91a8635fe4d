package io.replicheck.proxy.toxic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stage that works through its input one item at a time, waiting between steps (latency,
 * bandwidth, slicer): Toxiproxy's toxics read one chunk, sleep, write, read the next.
 */
abstract class QueueStage extends Stage {
  /** {@link #step} finished the head item. */
  static final long DONE = -1;

  /** {@link #step} wants to be called again at once. */
  static final long AGAIN = 0;

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private Scheduler.Cancellable timer;
  private boolean pumping;

  QueueStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
  }

  /**
   * Works on the head chunk: returns {@link #DONE}, {@link #AGAIN}, or nanoseconds to wait before
   * the next call.
   */
  abstract long step(Chunk head);

  /** Works on the end of the stream at the head: the default passes it on at once. */
  long stepEnd() {
    out.end();
    return DONE;
  }

  /** Forgets per-item progress (the head item is being handed elsewhere). */
  void resetHead() {}

  @Override
  public final void data(Chunk chunk) {
    queue.add(chunk);
    pump();
  }

  @Override
  public final void end() {
    queue.add(Link.END);
    pump();
  }

  private void pump() {
    if (pumping || timer != null) return;
    pumping = true;
    try {
      while (!queue.isEmpty()) {
        Object head = queue.peek();
        long r = head == Link.END ? stepEnd() : step((Chunk) head);
        if (r == DONE) {
          queue.poll();
          resetHead();
        } else if (r != AGAIN) {
          timer = link.scheduler.schedule(this::wake, r);
          return;
        }
      }
    } finally {
      pumping = false;
    }
  }

  private void wake() {
    timer = null;
    pump();
  }

  @Override
  final List<Object> detach() {
    if (timer != null) timer.cancel();
    timer = null;
    resetHead();
    List<Object> held = new ArrayList<>(queue);
    queue.clear();
    return held;
  }
}
