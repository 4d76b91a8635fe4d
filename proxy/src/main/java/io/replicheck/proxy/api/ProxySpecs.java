package io.replicheck.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.proxy.ProxyCollection;
import io.replicheck.proxy.ProxyException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a populate body or a {@code -config} file: a JSON array of {@code {name, listen, upstream,
 * enabled}}.
 */
public final class ProxySpecs {
  private ProxySpecs() {}

  /** Throws {@link ProxyException} (400) with Toxiproxy's message on bad input. */
  public static List<ProxyCollection.Spec> parse(byte[] json) {
    JsonNode n = Json.parse(json);
    if (!n.isArray())
      throw new ProxyException(400, "bad request body: expected a JSON array of proxies");
    List<ProxyCollection.Spec> specs = new ArrayList<>();
    for (JsonNode item : n) {
      ObjectNode o = Json.object(item, "a proxy");
      Boolean enabled = Json.bool(o, "enabled");
      specs.add(
          new ProxyCollection.Spec(
              Json.string(o, "name"),
              Json.string(o, "listen"),
              Json.string(o, "upstream"),
              enabled == null || enabled));
    }
    return specs;
  }
}
