package io.replicheck.proxy.toxic;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One stream of one connection (Toxiproxy's ToxicLink): the chain of toxic stages its data passes
 * before the {@link Sink}. Not thread-safe: every call comes from the connection's thread.
 *
 * <p>Changing the toxics keeps the stages whose spec did not change; what a removed or replaced
 * stage held moves on to the next stage, so no byte is lost or reordered.
 */
public final class Link {
  /** Marks the end of the stream among held chunks. */
  static final Object END = new Object();

  final Scheduler scheduler;
  private final Sink sink;
  private final Seeds seeds;
  private final String proxy;
  private final long connection;
  private final Direction direction;
  private List<Stage> stages = new ArrayList<>();
  private long inFlight;
  private long generation;
  private boolean finished;

  private final Outlet sinkOutlet =
      new Outlet() {
        @Override
        public void data(Chunk chunk) {
          inFlight -= chunk.size();
          if (finished) {
            chunk.data.release();
            return;
          }
          sink.write(chunk.data);
        }

        @Override
        public void end() {
          if (finished) return;
          finished = true;
          sink.end();
        }
      };

  public Link(
      Scheduler scheduler,
      Sink sink,
      Seeds seeds,
      String proxy,
      long connection,
      Direction direction,
      List<ToxicSpec> toxics) {
    this.scheduler = scheduler;
    this.sink = sink;
    this.seeds = seeds;
    this.proxy = proxy;
    this.connection = connection;
    this.direction = direction;
    update(toxics);
  }

  public Direction direction() {
    return direction;
  }

  /** Bytes read from the source that have not reached the sink yet (held by toxics). */
  public long inFlight() {
    return inFlight;
  }

  /** Whether the sink was told to end or reset. */
  public boolean finished() {
    return finished;
  }

  /** The toxics as they apply to this connection: for each, whether its toxicity roll hit. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Stage s : stages) out.add(s.spec.name() + (s instanceof PassStage ? "(off)" : ""));
    return out;
  }

  /**
   * Whether data may skip the link: no toxics, nothing held and the stream not finished. A caller
   * that sees true may write straight to the sink's destination, in order with what the link wrote
   * before (the link holds nothing, so nothing can be overtaken).
   */
  public boolean passThrough() {
    return stages.isEmpty() && !finished && inFlight == 0;
  }

  /** Data read from the source (ownership passes to the link). */
  public void data(ByteBuf buf) {
    if (finished) {
      buf.release();
      return;
    }
    if (stages.isEmpty()) {
      sink.write(buf); // no toxics: the hot path, no bookkeeping
      return;
    }
    inFlight += buf.readableBytes();
    stages.get(0).data(new Chunk(buf, scheduler.nanoTime()));
  }

  /** The source closed. */
  public void end() {
    head().end();
  }

  private Outlet head() {
    return stages.isEmpty() ? sinkOutlet : stages.get(0);
  }

  void dropped(long bytes) {
    inFlight -= bytes;
    sink.progress();
  }

  void reset() {
    if (finished) return;
    finished = true;
    sink.reset();
  }

  /** Applies a new toxic list (only those of this link's direction count), in chain order. */
  public void update(List<ToxicSpec> toxics) {
    List<Stage> old = stages;
    Map<String, Integer> oldIndex = new HashMap<>();
    for (int i = 0; i < old.size(); i++) oldIndex.put(old.get(i).spec.name(), i);

    List<Stage> fresh = new ArrayList<>();
    List<Integer> origin =
        new ArrayList<>(); // index in old of the stage each fresh one continues, or MAX
    Map<Stage, Boolean> kept = new IdentityHashMap<>();
    Map<Integer, Boolean> replaced = new HashMap<>();
    List<Stage> started = new ArrayList<>();
    for (ToxicSpec spec : toxics) {
      if (spec.stream() != direction) continue;
      Integer i = oldIndex.get(spec.name());
      if (i != null && old.get(i).spec.equals(spec)) {
        fresh.add(old.get(i));
        kept.put(old.get(i), true);
        origin.add(i);
      } else {
        Stage s = create(spec);
        if (i != null) {
          s.carry(old.get(i));
          replaced.put(i, true);
        }
        fresh.add(s);
        started.add(s);
        origin.add(i == null ? Integer.MAX_VALUE : i);
      }
    }
    for (int i = 0; i < fresh.size(); i++)
      fresh.get(i).out = i + 1 < fresh.size() ? fresh.get(i + 1) : sinkOutlet;
    stages = fresh;
    for (Stage s : started) s.start();

    // Newest data sits in the earliest stages: hand on what left stages held, last stage first.
    for (int i = old.size() - 1; i >= 0; i--) {
      Stage o = old.get(i);
      if (kept.containsKey(o)) continue;
      Outlet target = sinkOutlet;
      for (int k = 0; k < fresh.size(); k++) {
        if (origin.get(k) >= i) {
          target = fresh.get(k);
          break;
        }
      }
      for (Object item : o.detach()) {
        if (item == END) {
          target.end();
        } else {
          target.data((Chunk) item);
        }
      }
      if (!replaced.containsKey(i) && o.endsStreamOnRemoval()) target.end();
    }
  }

  private Stage create(ToxicSpec spec) {
    generation++;
    SplittableRandom random = seeds.forStage(proxy, connection, spec, generation);
    if (!(random.nextDouble() < spec.toxicity())) return new PassStage(spec, this);
    return spec.type().stage(spec, this, random);
  }

  /** Stops every stage and frees what they hold; the link takes no more data. */
  public void close() {
    finished = true;
    for (Stage s : stages) {
      for (Object item : s.detach()) {
        if (item instanceof Chunk) ((Chunk) item).data.release();
      }
    }
    stages = new ArrayList<>();
    inFlight = 0;
  }
}
