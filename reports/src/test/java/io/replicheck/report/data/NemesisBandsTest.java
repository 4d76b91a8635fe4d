package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.history.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class NemesisBandsTest {

  @Test
  void nemesisStartAndStopMakeBandsAsTheHarnessRecordsThem() throws Exception {
    List<Event> h =
        Histories.of(
            "{\"index\":0,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"partition\",\"time\":10}",
            "{\"index\":1,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"partition n2<->n1\",\"time\":12}",
            "{\"index\":2,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"pause\",\"time\":20}",
            "{\"index\":3,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"pause n3\",\"time\":21}",
            "{\"index\":4,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"stop\",\"value\":\"pause n3\",\"time\":30}",
            "{\"index\":5,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"pause n3\",\"time\":31,\"error\":\"heal failed: gone\"}",
            "{\"index\":6,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"kill\",\"time\":35}",
            "{\"index\":7,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"kill\",\"time\":36,\"error\":\"failed: no pid\"}",
            "{\"index\":8,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"crash\",\"value\":\"n2\",\"time\":40}",
            "{\"index\":9,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"crash\",\"value\":\"n2\",\"time\":41}");
    assertThat(RunReader.ops("test", h, 99)).isEmpty();
    // The failed kill made no band; the partition was never stopped so it runs to the end.
    assertThat(NemesisBands.of(h, 99, RunData::time))
        .containsExactly(
            new NemesisBand("partition n2<->n1", 10, 99, false),
            new NemesisBand("pause n3 (heal failed: gone)", 20, 31, true),
            new NemesisBand("crash n2", 40, 41, true));
  }

  @Test
  void overlappingFaultsAndAPhaseWatchInterleaved() throws Exception {
    // A fault that overlaps another: the partition is healed while the kill's phase watch waits,
    // and the kill starts while the partition is still on.
    List<Event> h =
        Histories.of(
            "{\"index\":0,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"partition\",\"time\":10}",
            "{\"index\":1,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"partition n2<->n1\",\"time\":11}",
            "{\"index\":2,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"start\",\"value\":\"kill\",\"time\":15}",
            "{\"index\":3,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"kill -9 n3\",\"time\":16}",
            "{\"index\":4,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"phase\",\"value\":\"link-down\",\"time\":18}",
            "{\"index\":5,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"stop\",\"value\":\"partition n2<->n1\",\"time\":20}",
            "{\"index\":6,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"partition n2<->n1\",\"time\":21}",
            "{\"index\":7,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"phase\",\"value\":\"link-down on n2 after 5 ms\",\"time\":23}",
            "{\"index\":8,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"stop\",\"value\":\"kill -9 n3\",\"time\":30}",
            "{\"index\":9,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"kill -9 n3\",\"time\":31}");
    assertThat(NemesisBands.of(h, 99, RunData::time))
        .containsExactly(
            new NemesisBand("partition n2<->n1", 10, 21, true),
            new NemesisBand("kill -9 n3", 15, 31, true),
            new NemesisBand("phase link-down on n2 after 5 ms", 18, 23, true));
  }

  @Test
  void jepsensOlderNemesisEventsAreInfoThenInfo() throws Exception {
    // As in Knossos's etcd history: the invocation is an info too, with no value.
    List<Event> h =
        Histories.of(
            "{\"index\":0,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":null,\"time\":10}",
            "{\"index\":1,\"process\":0,\"type\":\"invoke\",\"f\":\"acquire\",\"time\":11}",
            "{\"index\":2,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"Cut off {n1 #{n2}}\",\"time\":12}",
            "{\"index\":3,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":null,\"time\":50}",
            "{\"index\":4,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"fully connected\",\"time\":52}",
            // A lone completion (its invocation lost) still counts, and so does one at the very
            // end.
            "{\"index\":5,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"pause\",\"time\":60}",
            "{\"index\":6,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"crash\",\"value\":\"n3\",\"time\":70}",
            "{\"index\":7,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"crash\",\"value\":\"n3\",\"time\":71}",
            "{\"index\":8,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"pause\",\"time\":80}");
    assertThat(NemesisBands.of(h, 99, RunData::time))
        .containsExactly(
            new NemesisBand("Cut off {n1 #{n2}}", 10, 52, true),
            new NemesisBand("pause", 60, 80, true),
            new NemesisBand("crash n3", 70, 71, true));
  }
}
