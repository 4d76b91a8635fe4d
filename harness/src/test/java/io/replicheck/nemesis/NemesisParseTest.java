package io.replicheck.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NemesisParseTest {
  @Test
  void everyNamedNemesisParses() {
    for (String name : Nemesis.names()) {
      assertThat(Nemesis.named(name).name()).isEqualTo(name);
    }
    assertThat(Nemesis.parse("partition, kill"))
        .extracting(Nemesis::name)
        .containsExactly("partition", "kill");
    assertThat(Nemesis.parse("none")).isEmpty();
  }

  @Test
  void processFaultsNeedProcessControl() {
    assertThat(Nemesis.named("kill").needsProcessControl()).isTrue();
    assertThat(Nemesis.named("partition").needsProcessControl()).isFalse();
  }

  @Test
  void unknownNemesisNamesTheChoices() {
    assertThatThrownBy(() -> Nemesis.parse("partition,meteor"))
        .hasMessageContaining("unknown nemesis 'meteor'")
        .hasMessageContaining("backlog-shrink");
  }
}
