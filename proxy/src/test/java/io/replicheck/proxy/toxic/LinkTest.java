package io.replicheck.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTest {
  private final VirtualScheduler clock = new VirtualScheduler();
  private final RecordingSink sink = new RecordingSink(clock);

  private static ToxicSpec toxic(
      String name, ToxicType type, Direction d, Map<String, Long> attrs) {
    return ToxicSpec.of(name, type, d, 1.0, attrs);
  }

  private Link link(long seed, ToxicSpec... toxics) {
    return new Link(clock, sink, new Seeds(seed), "p", 1, Direction.DOWNSTREAM, List.of(toxics));
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static ByteBuf zeros(int n) {
    return Unpooled.wrappedBuffer(new byte[n]);
  }

  private long sinceStart(long nanos, long start) {
    return (nanos - start) / 1_000_000L;
  }

  @Test
  void withoutToxicsDataPassesAtOnce() {
    Link link = link(1);
    link.data(bytes("abc"));
    assertThat(sink.text()).isEqualTo("abc");
    assertThat(link.inFlight()).isZero();
    link.end();
    assertThat(sink.endedAt).isEqualTo(clock.nanoTime());
  }

  @Test
  void latencyDelaysEachChunkFromItsArrivalAndKeepsOrder() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 100L)));
    link.data(bytes("a"));
    clock.advanceMillis(30);
    link.data(bytes("b"));
    link.end();
    clock.advanceMillis(69);
    assertThat(sink.text()).isEmpty();
    assertThat(link.inFlight()).isEqualTo(2);
    clock.advanceMillis(1);
    assertThat(sink.text()).isEqualTo("a");
    clock.advanceMillis(30);
    assertThat(sink.text()).isEqualTo("ab");
    assertThat(sinceStart(sink.writeTimes.get(0), t0)).isEqualTo(100);
    assertThat(sinceStart(sink.writeTimes.get(1), t0)).isEqualTo(130);
    assertThat(sinceStart(sink.endedAt, t0)).isEqualTo(130);
  }

  @Test
  void upstreamToxicsLeaveADownstreamLinkAlone() {
    Link link =
        link(1, toxic("lat", ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 100L)));
    link.data(bytes("a"));
    assertThat(sink.text()).isEqualTo("a");
  }

  private List<Long> jitteredDelays(long seed) {
    VirtualScheduler c = new VirtualScheduler();
    RecordingSink s = new RecordingSink(c);
    ToxicSpec spec =
        toxic(
            "lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 100L, "jitter", 50L));
    Link link = new Link(c, s, new Seeds(seed), "p", 7, Direction.DOWNSTREAM, List.of(spec));
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long sent = c.nanoTime();
      link.data(Unpooled.wrappedBuffer(new byte[] {1}));
      c.advanceMillis(1000);
      delays.add((s.writeTimes.get(i) - sent) / 1_000_000L);
    }
    return delays;
  }

  @Test
  void jitterStaysInBoundsAndRepeatsWithTheSeed() {
    List<Long> a = jitteredDelays(42);
    assertThat(a).allSatisfy(d -> assertThat(d).isBetween(50L, 150L));
    assertThat(a.stream().distinct().count()).isGreaterThan(5);
    assertThat(jitteredDelays(42)).isEqualTo(a);
    assertThat(jitteredDelays(43)).isNotEqualTo(a);
  }

  private List<Boolean> toxicityRolls(long seed) {
    ToxicSpec spec = ToxicSpec.of("t", ToxicType.TIMEOUT, Direction.DOWNSTREAM, 0.5, Map.of());
    List<Boolean> hits = new ArrayList<>();
    for (long conn = 1; conn <= 200; conn++) {
      VirtualScheduler c = new VirtualScheduler();
      RecordingSink s = new RecordingSink(c);
      Link link = new Link(c, s, new Seeds(seed), "p", conn, Direction.DOWNSTREAM, List.of(spec));
      link.data(Unpooled.wrappedBuffer(new byte[] {1}));
      hits.add(s.writeSizes.isEmpty()); // the timeout toxic swallowed it: it applied
    }
    return hits;
  }

  @Test
  void toxicityIsAPerConnectionProbabilityRepeatableWithTheSeed() {
    List<Boolean> a = toxicityRolls(7);
    long applied = a.stream().filter(x -> x).count();
    assertThat(applied).isBetween(60L, 140L);
    assertThat(toxicityRolls(7)).isEqualTo(a);
    assertThat(toxicityRolls(8)).isNotEqualTo(a);
  }

  @Test
  void toxicityZeroNeverAppliesAndOneAlwaysDoes() {
    ToxicSpec never = ToxicSpec.of("n", ToxicType.TIMEOUT, Direction.DOWNSTREAM, 0.0, Map.of());
    Link link = link(1, never);
    link.data(bytes("x"));
    assertThat(sink.text()).isEqualTo("x");
    assertThat(link.describe()).containsExactly("n(off)");
  }

  @Test
  void bandwidthSendsRateBytesPerMillisecondInHundredMillisecondPieces() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("bw", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, Map.of("rate", 10L)));
    link.data(zeros(2500)); // 10 KB/s = 10 bytes/ms: 1000 bytes per 100 ms
    clock.advanceMillis(1000);
    assertThat(sink.writeSizes).containsExactly(1000, 1000, 500);
    assertThat(sinceStart(sink.writeTimes.get(0), t0)).isEqualTo(100);
    assertThat(sinceStart(sink.writeTimes.get(1), t0)).isEqualTo(200);
    assertThat(sinceStart(sink.writeTimes.get(2), t0)).isEqualTo(250);
  }

  @Test
  void bandwidthZeroHoldsEverythingUntilRemovedAsToxiproxyDoes() {
    ToxicSpec cut = toxic("cut", ToxicType.BANDWIDTH, Direction.DOWNSTREAM, Map.of("rate", 0L));
    Link link = link(1, cut);
    link.data(bytes("ab"));
    link.data(bytes("cd"));
    clock.advanceMillis(10 * 3_600_000L);
    assertThat(sink.text()).isEmpty();
    link.update(List.of());
    assertThat(sink.text()).isEqualTo("abcd");
  }

  private List<Integer> slices(long seed) {
    VirtualScheduler c = new VirtualScheduler();
    RecordingSink s = new RecordingSink(c);
    ToxicSpec spec =
        toxic(
            "sl",
            ToxicType.SLICER,
            Direction.DOWNSTREAM,
            Map.of("average_size", 100L, "size_variation", 40L, "delay", 500L));
    Link link = new Link(c, s, new Seeds(seed), "p", 1, Direction.DOWNSTREAM, List.of(spec));
    link.data(zeros(5000));
    c.advanceMillis(1000);
    return s.writeSizes;
  }

  @Test
  void slicerSplitsIntoPiecesAroundTheAverageReproducibly() {
    List<Integer> a = slices(3);
    assertThat(a.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5000);
    assertThat(a.size()).isGreaterThan(20);
    assertThat(a).allSatisfy(n -> assertThat(n).isBetween(1, 140));
    assertThat(slices(3)).isEqualTo(a);
    assertThat(slices(4)).isNotEqualTo(a);
  }

  @Test
  void slicerWaitsItsDelayInMicrosecondsAfterEachPiece() {
    Link link =
        link(
            1,
            toxic(
                "sl",
                ToxicType.SLICER,
                Direction.DOWNSTREAM,
                Map.of("average_size", 10L, "size_variation", 0L, "delay", 1000L)));
    link.data(zeros(40));
    assertThat(sink.writeSizes).hasSize(1);
    clock.advanceMicros(999);
    assertThat(sink.writeSizes).hasSize(1);
    clock.advanceMicros(1);
    assertThat(sink.writeSizes).hasSize(2);
    clock.advanceMillis(10);
    assertThat(sink.writeSizes).containsExactly(10, 10, 10, 10);
  }

  @Test
  void limitDataPassesExactlyTheLimitThenEndsTheStream() {
    Link link =
        link(1, toxic("lim", ToxicType.LIMIT_DATA, Direction.DOWNSTREAM, Map.of("bytes", 5L)));
    link.data(bytes("abc"));
    assertThat(sink.endedAt).isNegative();
    link.data(bytes("defgh"));
    assertThat(sink.text()).isEqualTo("abcde");
    assertThat(sink.endedAt).isNotNegative();
    link.data(bytes("more"));
    assertThat(sink.text()).isEqualTo("abcde");
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void limitDataKeepsItsCountWhenUpdated() {
    ToxicSpec first = toxic("lim", ToxicType.LIMIT_DATA, Direction.DOWNSTREAM, Map.of("bytes", 5L));
    Link link = link(1, first);
    link.data(bytes("abc"));
    link.update(List.of(first.merge(Map.of("bytes", 6L), null)));
    link.data(bytes("defgh"));
    assertThat(sink.text()).isEqualTo("abcdef");
  }

  @Test
  void timeoutDropsDataAndEndsTheStreamAfterTheLastChunk() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("to", ToxicType.TIMEOUT, Direction.DOWNSTREAM, Map.of("timeout", 100L)));
    clock.advanceMillis(50);
    link.data(bytes("x"));
    clock.advanceMillis(99);
    assertThat(sink.endedAt).isNegative();
    clock.advanceMillis(1);
    assertThat(sink.text()).isEmpty();
    assertThat(sinceStart(sink.endedAt, t0)).isEqualTo(150);
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void timeoutZeroHoldsForeverAndRemovingItEndsTheStream() {
    Link link =
        link(1, toxic("to", ToxicType.TIMEOUT, Direction.DOWNSTREAM, Map.of("timeout", 0L)));
    link.data(bytes("x"));
    clock.advanceMillis(3_600_000);
    assertThat(sink.endedAt).isNegative();
    assertThat(sink.text()).isEmpty();
    link.update(List.of());
    assertThat(sink.endedAt).isNotNegative();
  }

  @Test
  void resetPeerResetsTheTimeoutAfterTheFirstData() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("rp", ToxicType.RESET_PEER, Direction.DOWNSTREAM, Map.of("timeout", 20L)));
    clock.advanceMillis(100);
    assertThat(sink.resetAt).isNegative();
    link.data(bytes("x"));
    clock.advanceMillis(20);
    assertThat(sinceStart(sink.resetAt, t0)).isEqualTo(120);
    assertThat(sink.text()).isEmpty();
  }

  @Test
  void resetPeerRemovedWhileWaitingStillResetsAndNeverDeliversLaterData() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("rp", ToxicType.RESET_PEER, Direction.DOWNSTREAM, Map.of("timeout", 500L)));
    link.data(bytes("lost"));
    clock.advanceMillis(10);
    link.update(List.of());
    assertThat(sinceStart(sink.resetAt, t0)).isEqualTo(10);
    link.data(bytes("after"));
    clock.advanceMillis(1_000);
    assertThat(sink.text()).isEmpty();
  }

  @Test
  void resetPeerRemovedBeforeAnyDataLeavesTheConnectionAlone() {
    Link link =
        link(1, toxic("rp", ToxicType.RESET_PEER, Direction.DOWNSTREAM, Map.of("timeout", 500L)));
    link.update(List.of());
    link.data(bytes("kept"));
    clock.advanceMillis(1_000);
    assertThat(sink.resetAt).isNegative();
    assertThat(sink.text()).isEqualTo("kept");
  }

  @Test
  void slowCloseDelaysOnlyTheEnd() {
    long t0 = clock.nanoTime();
    Link link =
        link(1, toxic("sc", ToxicType.SLOW_CLOSE, Direction.DOWNSTREAM, Map.of("delay", 300L)));
    link.data(bytes("x"));
    assertThat(sink.text()).isEqualTo("x");
    link.end();
    clock.advanceMillis(299);
    assertThat(sink.endedAt).isNegative();
    clock.advanceMillis(1);
    assertThat(sinceStart(sink.endedAt, t0)).isEqualTo(300);
  }

  @Test
  void partitionHoldsDataUntilHealedThenDeliversItInOrder() {
    ToxicSpec part = toxic("part", ToxicType.PARTITION, Direction.DOWNSTREAM, Map.of());
    Link link = link(1, part);
    link.data(bytes("ab"));
    clock.advanceMillis(10_000);
    link.data(bytes("cd"));
    assertThat(sink.text()).isEmpty();
    assertThat(link.inFlight()).isEqualTo(4);
    link.update(List.of());
    link.data(bytes("ef"));
    assertThat(sink.text()).isEqualTo("abcdef");
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void partitionWithDropLosesTheData() {
    Link link =
        link(1, toxic("part", ToxicType.PARTITION, Direction.DOWNSTREAM, Map.of("drop", 1L)));
    link.data(bytes("ab"));
    link.update(List.of());
    link.data(bytes("cd"));
    assertThat(sink.text()).isEqualTo("cd");
  }

  @Test
  void removingAToxicHandsWhatItHeldToTheNextOneInOrder() {
    ToxicSpec part = toxic("part", ToxicType.PARTITION, Direction.DOWNSTREAM, Map.of());
    ToxicSpec lat = toxic("lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 100L));
    Link link = link(1, lat, part);
    link.data(bytes("a"));
    clock.advanceMillis(200); // "a" now held by the partition
    link.data(bytes("b")); // "b" held by the latency toxic
    link.update(List.of(lat)); // heal: "a" goes to the sink, "b" still waits its 100 ms
    assertThat(sink.text()).isEqualTo("a");
    clock.advanceMillis(100);
    assertThat(sink.text()).isEqualTo("ab");
  }

  @Test
  void removingLatencyFlushesWhatItHeldAtOnce() {
    ToxicSpec lat = toxic("lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 1000L));
    Link link = link(1, lat);
    link.data(bytes("a"));
    link.data(bytes("b"));
    link.update(List.of());
    assertThat(sink.text()).isEqualTo("ab");
    assertThat(link.inFlight()).isZero();
  }

  @Test
  void updatingLatencyRetimesHeldChunksFromWhenTheyArrived() {
    long t0 = clock.nanoTime();
    ToxicSpec slow =
        toxic("lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 1000L));
    Link link = link(1, slow);
    link.data(bytes("a"));
    clock.advanceMillis(100);
    link.update(List.of(slow.merge(Map.of("latency", 200L), null)));
    clock.advanceMillis(99);
    assertThat(sink.text()).isEmpty();
    clock.advanceMillis(1);
    assertThat(sink.text()).isEqualTo("a");
    assertThat(sinceStart(sink.writeTimes.get(0), t0)).isEqualTo(200);
  }

  @Test
  void anUnchangedToxicKeepsItsStateAcrossAnUpdateOfAnother() {
    ToxicSpec lim = toxic("lim", ToxicType.LIMIT_DATA, Direction.DOWNSTREAM, Map.of("bytes", 4L));
    ToxicSpec lat = toxic("lat", ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 0L));
    Link link = link(1, lim, lat);
    link.data(bytes("ab"));
    link.update(List.of(lim, lat.merge(Map.of("latency", 1L), null)));
    link.data(bytes("cdef"));
    clock.advanceMillis(5);
    assertThat(sink.text()).isEqualTo("abcd");
    assertThat(sink.endedAt).isNotNegative();
  }

  @Test
  void closeReleasesHeldBuffers() {
    Link link = link(1, toxic("part", ToxicType.PARTITION, Direction.DOWNSTREAM, Map.of()));
    ByteBuf b = bytes("held");
    link.data(b);
    link.close();
    assertThat(b.refCnt()).isZero();
  }
}
