package io.replicheck.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PropagationWorkloadTest {

  @Test
  void theFirstOpProbesCommandInfoAndOpsRunThemselves() {
    PropagationWorkload w = (PropagationWorkload) Workload.named("propagation", 3, 10);
    assertThat(w.model()).isEqualTo("none");
    assertThat(w.keys()).isEmpty();
    assertThat(w.probed()).isFalse();
    OpSpec first = w.next(new Random(1), 0);
    assertThat(first.f()).isEqualTo("probe");
    assertThat(first.value()).isInstanceOf(Call.class);
    assertThat(first.value().toString()).startsWith("COMMAND INFO");
  }

  @Test
  void everyCommandAnOpNeedsIsProbedAndEveryFamilyIsInTheDraw() {
    PropagationWorkload w = new PropagationWorkload(2);
    assertThat(w.weights().keySet())
        .contains(
            "set",
            "expire",
            "getex",
            "incrbyfloat",
            "spop",
            "blpop",
            "blmove",
            "bzpopmin",
            "rename",
            "copy",
            "move",
            "swapdb",
            "multi",
            "eval",
            "fcall",
            "xreadgroup",
            "xclaim",
            "bits");
    assertThat(PropagationWorkload.COMMANDS).contains("COPY", "FCALL", "XAUTOCLAIM", "PFMERGE");
    assertThat(PropagationWorkload.library(3)).startsWith("#!lua name=rcprop\n");
  }
}
