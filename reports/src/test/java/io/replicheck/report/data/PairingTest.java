package io.replicheck.report.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<HistoryEvent> history(String... lines) throws Exception {
    List<HistoryEvent> out = new ArrayList<>();
    for (String l : lines) out.add(RunReader.event(JSON.readTree(l)));
    return out;
  }

  @Test
  void invokesPairWithTheNextCompletionOfTheirProcess() throws Exception {
    List<HistoryEvent> h = history(
        "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"l1\",\"value\":4,\"time\":100}",
        "{\"index\":1,\"process\":2,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"l1\",\"value\":null,\"time\":110}",
        "{\"index\":2,\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"key\":\"l1\",\"value\":[4],\"time\":150}",
        "{\"index\":3,\"process\":1,\"type\":\"fail\",\"f\":\"append\",\"key\":\"l1\",\"value\":4,\"time\":170,\"error\":\"READONLY\"}",
        "{\"index\":4,\"process\":3,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"l2\",\"value\":5,\"time\":180}");
    List<Op> ops = Pairing.ops(h, 500);
    assertThat(ops).hasSize(3);
    assertThat(ops.get(0)).isEqualTo(new Op(1, "append", "l1", 0, 3, "fail", 100, 170, null, "4", "READONLY"));
    assertThat(ops.get(1).type()).isEqualTo("ok");
    assertThat(ops.get(1).value()).isEqualTo("[4]");
    assertThat(ops.get(1).latencyNanos()).isEqualTo(40);
    // Never completed: unknown outcome, drawn until the end of the history.
    assertThat(ops.get(2)).extracting(Op::type, Op::completeTime, Op::completeIndex).containsExactly("info", 500L, -1L);
  }

  @Test
  void nemesisStartAndStopMakeBandsAsTheHarnessRecordsThem() throws Exception {
    List<HistoryEvent> h = history(
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
    assertThat(Pairing.ops(h, 99)).isEmpty();
    // The failed kill made no band; the partition was never stopped so it runs to the end.
    assertThat(Pairing.bands(h, 99)).containsExactly(
        new NemesisBand("partition n2<->n1", 10, 99, false),
        new NemesisBand("pause n3 (heal failed: gone)", 20, 31, true),
        new NemesisBand("crash n2", 40, 41, true));
  }

  @Test
  void jepsensOlderNemesisEventsAreInfoThenInfo() throws Exception {
    // As in Knossos's etcd history: the invocation is an info too, with no value.
    List<HistoryEvent> h = history(
        "{\"index\":0,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":null,\"time\":10}",
        "{\"index\":1,\"process\":0,\"type\":\"invoke\",\"f\":\"acquire\",\"time\":11}",
        "{\"index\":2,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"Cut off {n1 #{n2}}\",\"time\":12}",
        "{\"index\":3,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":null,\"time\":50}",
        "{\"index\":4,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"fully connected\",\"time\":52}",
        // A lone completion (its invocation lost) still counts, and so does one at the very end.
        "{\"index\":5,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\",\"value\":\"pause\",\"time\":60}",
        "{\"index\":6,\"process\":\"nemesis\",\"type\":\"invoke\",\"f\":\"crash\",\"value\":\"n3\",\"time\":70}",
        "{\"index\":7,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"crash\",\"value\":\"n3\",\"time\":71}",
        "{\"index\":8,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"stop\",\"value\":\"pause\",\"time\":80}");
    assertThat(Pairing.bands(h, 99)).containsExactly(
        new NemesisBand("Cut off {n1 #{n2}}", 10, 52, true),
        new NemesisBand("pause", 60, 80, true),
        new NemesisBand("crash n3", 70, 71, true));
  }
}
