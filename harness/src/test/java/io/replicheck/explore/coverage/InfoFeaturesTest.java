package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoFeaturesTest {
  private static final String A = "5d405f7d717c7fdc065a99e2310ed149c04cba19";
  private static final String B = "7741cb46042acfddde3d091f8a956398b1139ec5";
  private static final String NULL = "0".repeat(40);

  @Test
  void transitionsOfStateFieldsAndIdChangesAreFeatures() {
    InfoFeatures f = new InfoFeatures();
    f.accept(
        reading(
            "n2",
            1,
            "role",
            "slave",
            "master_link_status",
            "up",
            "master_replid",
            A,
            "master_replid2",
            NULL));
    f.accept(
        reading(
            "n2",
            2,
            "role",
            "slave",
            "master_link_status",
            "down",
            "master_sync_in_progress",
            "0"));
    f.accept(
        reading(
            "n2",
            3,
            "role",
            "slave",
            "master_link_status",
            "down",
            "master_sync_in_progress",
            "1"));
    f.accept(reading("n2", 4, "role", "master", "master_replid", B, "master_replid2", A));
    f.accept(reading("n1", 1, "role", "master", "rdb_bgsave_in_progress", "0"));
    f.accept(reading("n1", 2, "role", "master", "rdb_bgsave_in_progress", "1"));
    assertThat(f.features())
        .containsExactlyInAnyOrder(
            "info:master_link_status:up->down",
            "info:master_sync_in_progress:0->1",
            "info:role:slave->master",
            "info:master_replid:changed",
            "info:master_replid2:set",
            "info:rdb_bgsave_in_progress:0->1",
            // n2's path: link lost, a sync begun, promoted (its changes in the order they came)
            "order:master_link_status:up->down => master_sync_in_progress:0->1",
            "order:master_sync_in_progress:0->1 => role:slave->master",
            "order:role:slave->master => master_replid:changed",
            "order:master_replid:changed => master_replid2:set");
  }

  @Test
  void countersThatRoseAndBufferSizesByPowersOfTwo() {
    InfoFeatures f = new InfoFeatures();
    // counters start at 0 with the process: a first reading above 0 has moved
    f.accept(reading("n1", 1, "sync_full", "2", "sync_partial_ok", "0", "expired_keys", "0"));
    f.accept(
        reading(
            "n1",
            2,
            "sync_full",
            "2",
            "sync_partial_ok",
            "0",
            "expired_keys",
            "3",
            "client_recent_max_output_buffer",
            "20000"));
    f.accept(reading("n1", 3, "sync_full", "0", "client_recent_max_output_buffer", "0"));
    assertThat(f.features())
        .containsExactlyInAnyOrder(
            "moved:sync_full",
            "moved:expired_keys",
            "moved:client_recent_max_output_buffer:2^14",
            "info:sync_full:reset");
  }

  @Test
  void aSamplesLineMapsToInfoNames() {
    InfoReading r =
        InfoReading.fromSampleJson(
            "{\"node\":\"n2\",\"time\":9765085,\"role\":\"slave\",\"replid\":\""
                + A
                + "\",\"offset\":14,"
                + "\"linkUp\":true,\"syncFull\":0,\"syncPartialOk\":-1,\"syncPartialErr\":0,"
                + "\"backlog\":{\"replid2\":\""
                + NULL
                + "\"},\"info\":{\"master_sync_in_progress\":\"0\"}}");
    assertThat(r.node()).isEqualTo("n2");
    assertThat(r.fields())
        .containsEntry("role", "slave")
        .containsEntry("master_link_status", "up")
        .containsEntry("master_replid", A)
        .containsEntry("master_replid2", NULL)
        .containsEntry("sync_full", "0")
        .containsEntry("master_sync_in_progress", "0")
        .doesNotContainKey("sync_partial_ok");
    // a master's linkUp false means it has no link, not that one is down
    assertThat(
            InfoReading.fromSampleJson("{\"node\":\"n1\",\"role\":\"master\",\"linkUp\":false}")
                .fields())
        .doesNotContainKey("master_link_status");
    assertThatThrownBy(() -> InfoReading.fromSampleJson("{\"node\":\"n1\",\"ro"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfoReading.fromSampleJson("[1]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static InfoReading reading(String node, long time, String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return InfoReading.fromInfo(node, time, m);
  }
}
