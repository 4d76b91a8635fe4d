package io.replicheck.proxy.toxic;

import java.util.SplittableRandom;

/**
 * limit_data: passes the first {@code bytes} bytes of the stream, then ends it (the connection
 * closes); the count survives updates of the toxic, as Toxiproxy's stateful LimitDataToxic.
 */
final class LimitDataStage extends Stage {
  private final long limit;
  private long transmitted;
  private boolean ended;

  LimitDataStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.limit = spec.attr("bytes");
  }

  @Override
  void carry(Stage previous) {
    if (previous instanceof LimitDataStage) transmitted = ((LimitDataStage) previous).transmitted;
  }

  @Override
  public void data(Chunk chunk) {
    if (ended) {
      drop(chunk);
      return;
    }
    long remaining = Math.max(0, limit - transmitted);
    if (remaining < chunk.size()) {
      int keep = (int) remaining;
      if (keep > 0) emitPart(chunk, keep);
      transmitted += keep;
      drop(chunk);
    } else {
      transmitted += chunk.size();
      out.data(chunk);
    }
    if (limit - transmitted <= 0) end();
  }

  @Override
  public void end() {
    if (ended) return;
    ended = true;
    out.end();
  }

  long transmitted() {
    return transmitted;
  }
}
