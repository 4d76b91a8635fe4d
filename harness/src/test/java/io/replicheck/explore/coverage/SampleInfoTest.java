package io.replicheck.explore.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.invariant.ReplicationSample;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the sampler writes to samples.jsonl is what coverage reads from it. */
class SampleInfoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> info(String bgsave, String expired, String buffer) {
    Map<String, String> m = new HashMap<>();
    m.put("role", "master");
    m.put("master_replid", "a".repeat(40));
    m.put("master_repl_offset", "100");
    m.put("sync_full", "1");
    m.put("master_sync_in_progress", "0");
    m.put("rdb_bgsave_in_progress", bgsave);
    m.put("client_recent_max_output_buffer", buffer);
    m.put("evicted_keys", "0");
    m.put("expired_keys", expired);
    m.put("used_memory", "123456"); // not followed: not written
    return m;
  }

  @Test
  void theSamplersInfoFieldsBecomeFeatures() throws Exception {
    ReplicationSample a = ReplicationSample.fromInfo("n1", 1, info("0", "0", "0"));
    ReplicationSample b = ReplicationSample.fromInfo("n1", 2, info("1", "7", "20000"));
    assertThat(a.info()).containsOnlyKeys(ReplicationSample.INFO_FIELDS);
    // as RunStore writes a samples.jsonl line
    String lineA = JSON.writeValueAsString(a);
    String lineB = JSON.writeValueAsString(b);
    assertThat(lineB)
        .contains("\"info\":{", "\"expired_keys\":\"7\"")
        .doesNotContain("used_memory");

    InfoFeatures f = new InfoFeatures();
    f.accept(InfoReading.fromSampleJson(lineA));
    f.accept(InfoReading.fromSampleJson(lineB));
    assertThat(f.features())
        .contains(
            "info:rdb_bgsave_in_progress:0->1",
            "moved:expired_keys",
            "moved:client_recent_max_output_buffer:2^14",
            "moved:sync_full");
  }

  @Test
  void aSampleWithoutThemWritesNoInfoObject() throws Exception {
    ReplicationSample s = new ReplicationSample("n2", 1, "slave", "", 5, true, 0, 0, 0, null);
    assertThat(JSON.writeValueAsString(s)).doesNotContain("\"info\"");
  }
}
