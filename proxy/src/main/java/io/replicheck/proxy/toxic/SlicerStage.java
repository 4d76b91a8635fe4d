package io.replicheck.proxy.toxic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * slicer: splits each chunk into pieces of about {@code average_size ± size_variation} bytes and
 * waits {@code delay} µs after each piece, as Toxiproxy's SlicerToxic.
 */
final class SlicerStage extends QueueStage {
  private final int averageSize;
  private final int sizeVariation;
  private final long delayNanos;
  private int[] sizes;
  private int next;
  private long readyAt = Long.MIN_VALUE;

  SlicerStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.averageSize = (int) spec.attr("average_size");
    this.sizeVariation = (int) spec.attr("size_variation");
    this.delayNanos = spec.attr("delay") * 1_000L;
  }

  /**
   * Piece sizes for a chunk of {@code length} bytes: Toxiproxy's recursive halving with a random
   * mid.
   */
  int[] slices(int length) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    split(0, length, bounds);
    int[] out = new int[bounds.size() - 1];
    for (int i = 1; i < bounds.size(); i++) out[i - 1] = bounds.get(i) - bounds.get(i - 1);
    return out;
  }

  private void split(int start, int end, List<Integer> bounds) {
    if ((end - start) - averageSize <= sizeVariation) {
      bounds.add(end);
      return;
    }
    int variation = sizeVariation > 0 ? random.nextInt(sizeVariation * 2) - sizeVariation : 0;
    int mid = start + (end - start) / 2 + variation;
    split(start, mid, bounds);
    split(mid, end, bounds);
  }

  @Override
  long step(Chunk head) {
    long now = link.scheduler.nanoTime();
    if (now < readyAt) return readyAt - now;
    if (sizes == null) {
      sizes = slices(head.size());
      next = 0;
    }
    int n = sizes[next++];
    readyAt = now + delayNanos;
    if (next == sizes.length) {
      sizes = null;
      out.data(head);
      return DONE;
    }
    emitPart(head, n);
    return AGAIN;
  }

  @Override
  long stepEnd() {
    long now = link.scheduler.nanoTime();
    if (now < readyAt) return readyAt - now;
    out.end();
    return DONE;
  }

  @Override
  void resetHead() {
    sizes = null;
  }
}
