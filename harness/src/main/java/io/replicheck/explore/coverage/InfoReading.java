package io.replicheck.explore.coverage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of a node's INFO fields, by redis's field names, as {@link InfoFeatures} compares
 * them. Built from a raw INFO map, or from a line of a run's {@code samples.jsonl} (a {@code
 * ReplicationSample}: its fields are mapped back to INFO names, and an {@code info} object on the
 * line, if the sampler writes one, adds its fields as they are).
 *
 * @param node node name
 * @param time when it was read (any monotonic unit; only the order matters)
 * @param fields INFO field name to value
 */
public record InfoReading(String node, long time, Map<String, String> fields) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public InfoReading {
    fields = Map.copyOf(fields);
  }

  /** A reading from INFO (replication and stats merged). */
  public static InfoReading fromInfo(String node, long time, Map<String, String> info) {
    return new InfoReading(node, time, info);
  }

  /**
   * A reading from one line of samples.jsonl.
   *
   * @throws IllegalArgumentException when the line is not a JSON object with a node name
   */
  public static InfoReading fromSampleJson(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject() || !n.path("node").isTextual()) {
      throw new IllegalArgumentException("not a sample (no node name)");
    }
    Map<String, String> f = new LinkedHashMap<>();
    String role = n.path("role").asText("");
    if (!role.isEmpty()) f.put("role", role);
    // master_link_status is a replica's field; a master's sample says linkUp false for no link at
    // all
    if (role.equals("slave") && n.has("linkUp")) {
      f.put("master_link_status", n.path("linkUp").asBoolean() ? "up" : "down");
    }
    text(n, "replid", "master_replid", f);
    text(n.path("backlog"), "replid2", "master_replid2", f);
    number(n, "syncFull", "sync_full", f);
    number(n, "syncPartialOk", "sync_partial_ok", f);
    number(n, "syncPartialErr", "sync_partial_err", f);
    JsonNode info = n.path("info");
    for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      f.put(e.getKey(), e.getValue().asText());
    }
    return new InfoReading(n.path("node").asText(), n.path("time").asLong(), f);
  }

  private static void text(JsonNode n, String json, String info, Map<String, String> f) {
    if (n.path(json).isTextual() && !n.path(json).asText().isEmpty())
      f.put(info, n.path(json).asText());
  }

  private static void number(JsonNode n, String json, String info, Map<String, String> f) {
    // -1 is the sample's "missing"
    if (n.path(json).canConvertToLong() && n.path(json).asLong() >= 0) {
      f.put(info, Long.toString(n.path(json).asLong()));
    }
  }
}
