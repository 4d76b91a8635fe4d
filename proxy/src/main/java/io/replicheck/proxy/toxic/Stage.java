package io.replicheck.proxy.toxic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One toxic applied to one stream of one connection (Toxiproxy's ToxicStub running a toxic). Runs
 * on the link's thread only; passes what it lets through to {@link #out}.
 */
abstract class Stage implements Outlet {
  final ToxicSpec spec;
  final Link link;
  final SplittableRandom random;
  Outlet out;

  Stage(ToxicSpec spec, Link link, SplittableRandom random) {
    this.spec = spec;
    this.link = link;
    this.random = random;
  }

  /** Called once the stage is wired into a live chain. */
  void start() {}

  @Override
  public void end() {
    out.end();
  }

  /**
   * Takes the stage out of the chain: cancels its timers and returns what it still holds, oldest
   * first ({@link Chunk}s and maybe {@link Link#END}), to be passed on to the next stage.
   */
  List<Object> detach() {
    return List.of();
  }

  /** Whether removing this toxic ends the stream (Toxiproxy's timeout toxic closes on cleanup). */
  boolean endsStreamOnRemoval() {
    return false;
  }

  /** Takes over per-connection state from the stage this one replaces (limit_data's byte count). */
  void carry(Stage previous) {}

  /** Drops a chunk on the floor, as timeout and reset_peer do. */
  final void drop(Chunk c) {
    link.dropped(c.size());
    c.data.release();
  }

  /** Passes the first {@code n} bytes of the chunk on; the chunk keeps the rest. */
  final void emitPart(Chunk c, int n) {
    out.data(new Chunk(c.data.readRetainedSlice(n), c.timestamp));
  }
}
