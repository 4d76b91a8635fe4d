package io.replicheck.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PropertyTest {

  @Test
  void aTruePropertyRunsEveryTry() {
    AtomicInteger tries = new AtomicInteger();
    Property.forAll(Gen.choose(0, 10).list(0, 5))
        .tries(77)
        .seed(1)
        .check(
            l -> {
              tries.incrementAndGet();
              return l.size() <= 5;
            });
    assertThat(tries).hasValue(77);
  }

  @Test
  void aFalsePropertyNamesSeedOriginalAndShrunkValue() {
    Gen<List<Long>> g = Gen.choose(0, 100).list(0, 20);
    assertThatThrownBy(
            () ->
                Property.forAll(g)
                    .tries(200)
                    .seed(1234)
                    .check(l -> l.stream().mapToLong(x -> x).sum() <= 100))
        .isInstanceOf(PropertyFailure.class)
        .hasMessageContaining("seed 1234")
        .hasMessageContaining("original: [")
        .hasMessageContaining("shrunk:   [")
        .satisfies(
            e -> {
              PropertyFailure f = (PropertyFailure) e;
              assertThat(f.seed()).isEqualTo(1234);
              @SuppressWarnings("unchecked")
              List<Long> shrunk = (List<Long>) f.result().shrunk();
              assertThat(shrunk.stream().mapToLong(x -> x).sum()).isEqualTo(101);
              assertThat(shrunk).hasSizeLessThanOrEqualTo(2);
            });
  }

  @Test
  void assertionsInsideThePropertyCountAsFailures() {
    assertThatThrownBy(
            () ->
                Property.forAll(Gen.choose(0, 1000))
                    .tries(100)
                    .seed(5)
                    .checkThat(x -> assertThat(x).isLessThan(500)))
        .isInstanceOf(PropertyFailure.class)
        .hasMessageContaining("shrunk:   500");
  }

  @Test
  void theSameSeedFailsTheSameWay() {
    Gen<List<Long>> g = Gen.choose(0, 50).list(0, 10);
    String a = message(() -> Property.forAll(g).tries(100).seed(77).check(l -> !l.contains(7L)));
    String b = message(() -> Property.forAll(g).tries(100).seed(77).check(l -> !l.contains(7L)));
    assertThat(a).isEqualTo(b).contains("shrunk:   [7]");
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (PropertyFailure e) {
      return e.getMessage();
    }
    throw new AssertionError("property did not fail");
  }
}
