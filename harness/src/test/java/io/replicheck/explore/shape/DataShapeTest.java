package io.replicheck.explore.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicheck.gen.Gen;
import io.replicheck.gen.Shrinkable;
import io.replicheck.gen.Source;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataShapeTest {
  private final Gen<DataShape> gen = DataShape.gen();

  @Test
  void theSameSeedDrawsTheSameShape() {
    Set<DataShape> distinct = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      DataShape a = gen.sample(seed, 30);
      assertEquals(a, DataShape.gen().sample(seed, 30));
      distinct.add(a);
    }
    assertTrue(distinct.size() > 190, "shapes differ between seeds: " + distinct.size());
  }

  @Test
  void drawsStayInBoundsAndReachBothEnds() {
    long smallestMax = Long.MAX_VALUE;
    long largestMax = 0;
    int fewKeys = 0;
    int manyKeys = 0;
    int otherDb = 0;
    Set<String> kinds = new HashSet<>();
    for (long seed = 0; seed < 2000; seed++) {
      DataShape s = gen.sample(seed, 30);
      assertTrue(s.maxValueBytes() >= 1 && s.maxValueBytes() <= 8L * 1024 * 1024);
      assertTrue(s.preloadKeys() >= 1 && s.preloadKeys() <= 100_000);
      assertTrue((long) s.preloadKeys() * s.preloadValueBytes() <= DataShape.MAX_PRELOAD_BYTES);
      assertTrue(s.db() >= 0 && s.db() <= 15);
      smallestMax = Math.min(smallestMax, s.maxValueBytes());
      largestMax = Math.max(largestMax, s.maxValueBytes());
      fewKeys += s.preloadKeys() <= 10 ? 1 : 0;
      manyKeys += s.preloadKeys() >= 50_000 ? 1 : 0;
      otherDb += s.db() != 0 ? 1 : 0;
      s.rate().segments().forEach(g -> kinds.add(g.kind()));
      assertTrue(s.rate().segments().stream().anyMatch(g -> g.opsPerSecond() > 0));
    }
    assertTrue(smallestMax <= 4, "smallest largest value " + smallestMax);
    assertTrue(largestMax >= 4L * 1024 * 1024, "largest value " + largestMax);
    assertTrue(fewKeys > 100 && manyKeys > 20, fewKeys + " small preloads, " + manyKeys + " large");
    assertTrue(otherDb > 300 && otherDb < 700, "db other than 0 in " + otherDb + " of 2000");
    assertEquals(Set.of("steady", "burst", "idle"), kinds);
  }

  @Test
  void valueSizesAreLogUniformUpToTheLargest() {
    DataShape s = new DataShape(8L * 1024 * 1024, 1, 1, RatePattern.steady(100), 0);
    assertEquals(1, s.valueSize(0));
    assertEquals(8 * 1024 * 1024, s.valueSize(1));
    assertEquals(2896, s.valueSize(0.5), 1); // the geometric mean of 1 and 8 MB
  }

  @Test
  void roundTripsThroughJson() {
    for (long seed = 0; seed < 50; seed++) {
      DataShape s = gen.sample(seed, 30);
      assertEquals(s, DataShape.fromJson(s.toJson()));
    }
  }

  @Test
  void badJsonIsOneClearError() {
    String tooMany =
        new DataShape(1, 100_000, 64, RatePattern.steady(10), 0)
            .toJson()
            .replace("\"preloadValueBytes\":64", "\"preloadValueBytes\":8388608");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DataShape.fromJson(tooMany));
    assertTrue(e.getMessage().contains("is over"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataShape.fromJson(
                    "{\"maxValueBytes\":1,\"preloadKeys\":1,\"preloadValueBytes\":1,\"db\":16,"
                        + "\"rate\":{\"segments\":[{\"kind\":\"steady\",\"durationMillis\":1,\"opsPerSecond\":1}]}}"));
    assertTrue(e.getMessage().contains("db 16"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataShape.fromJson(
                    "{\"maxValueBytes\":1,\"preloadKeys\":1,\"preloadValueBytes\":1,\"db\":0,"
                        + "\"rate\":{\"segments\":[{\"kind\":\"storm\",\"durationMillis\":1,\"opsPerSecond\":1}]}}"));
    assertTrue(e.getMessage().contains("storm"), e.getMessage());
  }

  @Test
  void shrinkCandidatesAreSimplerShapes() {
    RatePattern bursty =
        new RatePattern(
            List.of(
                new RatePattern.Segment("idle", 1000, 0),
                new RatePattern.Segment("burst", 500, 5000)));
    DataShape s = new DataShape(8L * 1024 * 1024, 100_000, 640, bursty, 7);
    List<DataShape> c = s.shrinkCandidates();
    assertEquals(0, c.get(0).db());
    assertEquals(RatePattern.steady(DataShape.STEADY_OPS), c.get(1).rate());
    assertEquals(1, c.get(2).preloadKeys());
    assertEquals(50_000, c.get(3).preloadKeys(), 1);
    assertEquals(1, c.get(4).preloadValueBytes());
    assertEquals(1, c.get(6).maxValueBytes());
    assertEquals(8, c.size());
    for (DataShape d : c) {
      int differing =
          (d.db() != s.db() ? 1 : 0)
              + (!d.rate().equals(s.rate()) ? 1 : 0)
              + (d.preloadKeys() != s.preloadKeys() ? 1 : 0)
              + (d.preloadValueBytes() != s.preloadValueBytes() ? 1 : 0)
              + (d.maxValueBytes() != s.maxValueBytes() ? 1 : 0);
      assertEquals(1, differing, d.toString());
    }
    DataShape smallest = new DataShape(1, 1, 1, RatePattern.steady(10), 0);
    assertEquals(List.of(), smallest.shrinkCandidates());
  }

  @Test
  void generatorShrinkingReachesTheSmallestShape() {
    Shrinkable<DataShape> t = gen.generate(new Source(3, 30));
    // Follow first candidates down: every step is still a valid shape, and it ends.
    int steps = 0;
    while (t.shrinks().findFirst().isPresent() && steps < 10_000) {
      t = t.shrinks().findFirst().get();
      steps++;
    }
    assertTrue(steps < 10_000);
    assertEquals(1, t.value().maxValueBytes());
    assertEquals(1, t.value().preloadKeys());
    assertEquals(0, t.value().db());
  }

  @Test
  void aRatePatternRepeatsItsSegments() {
    RatePattern p =
        new RatePattern(
            List.of(
                new RatePattern.Segment("steady", 1000, 100),
                new RatePattern.Segment("idle", 500, 0),
                new RatePattern.Segment("burst", 200, 9000)));
    assertEquals(100, p.opsPerSecond(0));
    assertEquals(100, p.opsPerSecond(999));
    assertEquals(0, p.opsPerSecond(1000));
    assertEquals(9000, p.opsPerSecond(1600));
    assertEquals(100, p.opsPerSecond(1700));
    assertEquals(0, p.opsPerSecond(1700 + 1200));
    assertThrows(IllegalArgumentException.class, () -> new RatePattern.Segment("idle", 100, 5));
    assertThrows(IllegalArgumentException.class, () -> new RatePattern(List.of()));
  }
}
