package io.replicheck.proxy.toxic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * partition (an extension): nothing passes this stream while it is on. By default data is held, as
 * a real partition holds a TCP stream (the sender's window fills, retransmissions succeed after the
 * heal): removing the toxic delivers it. With {@code drop=1} the data is lost instead.
 */
final class PartitionStage extends Stage {
  private final boolean dropData;
  private final List<Object> held = new ArrayList<>();

  PartitionStage(ToxicSpec spec, Link link, SplittableRandom random) {
    super(spec, link, random);
    this.dropData = spec.attr("drop") == 1;
  }

  @Override
  public void data(Chunk chunk) {
    if (dropData) {
      drop(chunk);
    } else {
      held.add(chunk);
    }
  }

  @Override
  public void end() {
    held.add(Link.END);
  }

  @Override
  List<Object> detach() {
    List<Object> out = new ArrayList<>(held);
    held.clear();
    return out;
  }
}
