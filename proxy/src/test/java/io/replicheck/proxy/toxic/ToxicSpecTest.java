package io.replicheck.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToxicSpecTest {
  @Test
  void fillsToxiproxyDefaultsInItsAttributeOrder() {
    ToxicSpec s =
        ToxicSpec.of("x", ToxicType.SLICER, Direction.UPSTREAM, 1.0, Map.of("average_size", 10L));
    assertThat(s.attributes())
        .containsExactly(
            Map.entry("average_size", 10L),
            Map.entry("size_variation", 0L),
            Map.entry("delay", 0L));
  }

  @Test
  void ignoresAttributesTheTypeDoesNotHave() {
    ToxicSpec s = ToxicSpec.of("x", ToxicType.LATENCY, Direction.UPSTREAM, 1.0, Map.of("rate", 5L));
    assertThat(s.attributes()).containsOnlyKeys("latency", "jitter");
  }

  @Test
  void refusesNegativeAbsurdAndInconsistentValues() {
    assertThatThrownBy(
            () ->
                ToxicSpec.of(
                    "x", ToxicType.LATENCY, Direction.UPSTREAM, 1.0, Map.of("latency", -1L)))
        .hasMessageContaining("negative");
    assertThatThrownBy(
            () ->
                ToxicSpec.of(
                    "x", ToxicType.TIMEOUT, Direction.UPSTREAM, 1.0, Map.of("timeout", 1L << 40)))
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> ToxicSpec.of("x", ToxicType.SLICER, Direction.UPSTREAM, 1.0, Map.of()))
        .hasMessageContaining("average_size");
    assertThatThrownBy(
            () ->
                ToxicSpec.of(
                    "x",
                    ToxicType.SLICER,
                    Direction.UPSTREAM,
                    1.0,
                    Map.of("average_size", 10L, "size_variation", 10L)))
        .hasMessageContaining("size_variation");
    assertThatThrownBy(
            () -> ToxicSpec.of("x", ToxicType.LATENCY, Direction.UPSTREAM, 1.5, Map.of()))
        .hasMessageContaining("toxicity");
    assertThatThrownBy(
            () ->
                ToxicSpec.of("x", ToxicType.PARTITION, Direction.UPSTREAM, 1.0, Map.of("drop", 2L)))
        .hasMessageContaining("0 or 1");
  }

  @Test
  void mergeKeepsUnchangedAttributesAndToxicity() {
    ToxicSpec s =
        ToxicSpec.of(
            "x", ToxicType.LATENCY, Direction.UPSTREAM, 0.5, Map.of("latency", 10L, "jitter", 3L));
    ToxicSpec m = s.merge(Map.of("latency", 20L), null);
    assertThat(m.attributes()).containsEntry("latency", 20L).containsEntry("jitter", 3L);
    assertThat(m.toxicity()).isEqualTo(0.5);
  }

  @Test
  void parsesStreamsAndTypesByToxiproxyNames() {
    assertThat(Direction.parse("UPSTREAM")).isEqualTo(Direction.UPSTREAM);
    assertThat(Direction.parse("downstream")).isEqualTo(Direction.DOWNSTREAM);
    assertThat(Direction.parse("sideways")).isNull();
    assertThat(ToxicType.parse("reset_peer")).isEqualTo(ToxicType.RESET_PEER);
    assertThat(ToxicType.parse("noop")).isNull();
  }
}
