package io.replicheck.explore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  private final NodeConfig config =
      new NodeConfig(
          Map.of(
              "save",
              "",
              "client-output-buffer-limit",
              "replica 65536 16384 10",
              "repl-backlog-size",
              "16384",
              "repl-timeout",
              "5",
              "repl-ping-replica-period",
              "2"),
          Map.of("min-replicas-to-write", "1"));

  @Test
  void rendersOneArgumentPerWordAndAnEmptyValueAsOneEmptyArgument() {
    assertEquals(
        List.of(
            "--client-output-buffer-limit",
            "replica",
            "65536",
            "16384",
            "10",
            "--repl-backlog-size",
            "16384",
            "--repl-ping-replica-period",
            "2",
            "--repl-timeout",
            "5",
            "--save",
            ""),
        config.args(false));
    List<String> master = config.args(true);
    assertEquals(List.of("--min-replicas-to-write", "1"), master.subList(2 + 3, 2 + 3 + 2));
    assertEquals(config.args(false).size() + 2, master.size());
  }

  @Test
  void masterOverridesWinOnTheMasterOnly() {
    NodeConfig c =
        new NodeConfig(Map.of("repl-backlog-size", "16384"), Map.of("repl-backlog-size", "65536"));
    assertEquals("65536", c.effective(true).get("repl-backlog-size"));
    assertEquals("16384", c.effective(false).get("repl-backlog-size"));
  }

  @Test
  void roundTripsThroughJsonAlsoInsideAnotherRecord() throws Exception {
    assertEquals(config, NodeConfig.fromJson(config.toJson()));
    assertEquals(NodeConfig.DEFAULTS, NodeConfig.fromJson("{}"));
    assertEquals("{}", NodeConfig.DEFAULTS.toJson());
    // As a field of a schedule in replay.json.
    ObjectMapper json = new ObjectMapper();
    Holder h = new Holder(3, config);
    assertEquals(h, json.readValue(json.writeValueAsString(h), Holder.class));
  }

  record Holder(int n, NodeConfig config) {}

  @Test
  void badJsonIsOneClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NodeConfig.fromJson("{\"all\":{\"Repl Timeout\":\"5\"}}"));
    assertTrue(e.getMessage().contains("not a directive name"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NodeConfig.fromJson("{\"nodes\":{}}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> NodeConfig.fromJson("{\"all\":{\"save\":\"1 1\\nreplicaof x 1\"}}"));
  }

  @Test
  void shrinkCandidatesPutOneDirectiveBackAtItsDefaultAtATime() {
    List<NodeConfig> candidates = config.shrinkCandidates();
    // Absent directives count at the harness's own arguments (repl-timeout 5, ping period 1):
    // dropping repl-timeout leaves 5 > 2, dropping the ping period leaves 5 > 1.
    assertEquals(6, candidates.size());
    for (NodeConfig c : candidates) {
      int removed =
          config.all().size() + config.master().size() - c.all().size() - c.master().size();
      assertEquals(1, removed, c.toString());
      assertTrue(c.admissible());
    }
    assertTrue(candidates.stream().anyMatch(c -> !c.all().containsKey("repl-ping-replica-period")));
    assertTrue(candidates.stream().anyMatch(c -> c.master().isEmpty()));
    assertEquals(List.of(), NodeConfig.DEFAULTS.shrinkCandidates());
  }

  @Test
  void aTimeoutNotAboveThePingPeriodIsNotAdmissible() {
    assertFalse(new NodeConfig(Map.of("repl-timeout", "1"), Map.of()).admissible());
    assertTrue(new NodeConfig(Map.of("repl-timeout", "2"), Map.of()).admissible());
    assertFalse(new NodeConfig(Map.of(), Map.of("repl-ping-replica-period", "60")).admissible());
    // the harness runs every node with repl-timeout 5: a drawn ping period of 5 is not below it
    assertFalse(new NodeConfig(Map.of("repl-ping-replica-period", "5"), Map.of()).admissible());
    assertTrue(new NodeConfig(Map.of("repl-ping-replica-period", "4"), Map.of()).admissible());
  }

  @Test
  void aNumericDirectiveIsCappedOnEveryNodeAndTheMasterAlone() {
    NodeConfig c =
        new NodeConfig(
            Map.of("rdb-key-save-delay", "5000", "repl-timeout", "60"),
            Map.of("rdb-key-save-delay", "20"));
    NodeConfig capped = c.capped("rdb-key-save-delay", 100);
    assertThat(capped.all()).containsEntry("rdb-key-save-delay", "100");
    assertThat(capped.all()).containsEntry("repl-timeout", "60");
    assertThat(capped.master()).containsEntry("rdb-key-save-delay", "20");
    assertThat(NodeConfig.DEFAULTS.capped("rdb-key-save-delay", 1)).isEqualTo(NodeConfig.DEFAULTS);
  }
}
