package io.replicheck.proxy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicheck.proxy.ProxyException;
import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.ToxicSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Toxiproxy's JSON shapes, both ways, with Go's decoding strictness on field types. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code {"name","listen","upstream","enabled","toxics":[...]}}. */
  static ObjectNode proxy(TcpProxy p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", p.name());
    o.put("listen", p.listen());
    o.put("upstream", p.upstream());
    o.put("enabled", p.enabled());
    o.set("toxics", toxics(p.toxics()));
    return o;
  }

  static ArrayNode proxies(List<TcpProxy> ps) {
    ArrayNode a = MAPPER.createArrayNode();
    for (TcpProxy p : ps) a.add(proxy(p));
    return a;
  }

  static ArrayNode toxics(List<ToxicSpec> ts) {
    ArrayNode a = MAPPER.createArrayNode();
    for (ToxicSpec t : ts) a.add(toxic(t));
    return a;
  }

  /** {@code {"attributes":{...},"name","type","stream","toxicity"}}, Go's field order. */
  static ObjectNode toxic(ToxicSpec t) {
    ObjectNode o = MAPPER.createObjectNode();
    ObjectNode attrs = o.putObject("attributes");
    for (Map.Entry<String, Long> e : t.attributes().entrySet()) attrs.put(e.getKey(), e.getValue());
    o.put("name", t.name());
    o.put("type", t.type().wire());
    o.put("stream", t.stream().wire());
    o.put("toxicity", (float) t.toxicity());
    return o;
  }

  static ObjectNode error(String message, int status) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", message);
    o.put("status", status);
    return o;
  }

  /** Parses a body; Go's decoder says EOF for an empty one. */
  static JsonNode parse(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      throw badRequest("bad request body: EOF");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null) throw badRequest("bad request body: EOF");
      return n;
    } catch (JsonProcessingException e) {
      throw badRequest("bad request body: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw badRequest("bad request body: " + e.getMessage());
    }
  }

  static ObjectNode object(JsonNode n, String what) {
    if (!n.isObject()) throw badRequest("bad request body: expected a JSON object for " + what);
    return (ObjectNode) n;
  }

  static String string(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw typeError(field, v, "string");
    return v.asText();
  }

  static Boolean bool(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isBoolean()) throw typeError(field, v, "bool");
    return v.asBoolean();
  }

  static Double number(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isNumber()) throw typeError(field, v, "float32");
    return v.asDouble();
  }

  /** Integer attributes; Go refuses fractions and strings for its int64 fields, so do we. */
  static Map<String, Long> attributes(ObjectNode o) {
    Map<String, Long> out = new LinkedHashMap<>();
    JsonNode v = o.get("attributes");
    if (v == null || v.isNull()) return out;
    if (!v.isObject()) throw typeError("attributes", v, "object");
    v.fields()
        .forEachRemaining(
            e -> {
              JsonNode x = e.getValue();
              if (x.isNull()) return;
              if (!x.isIntegralNumber() || !x.canConvertToLong())
                throw typeError("attributes." + e.getKey(), x, "int64");
              out.put(e.getKey(), x.asLong());
            });
    return out;
  }

  private static ProxyException typeError(String field, JsonNode v, String type) {
    return badRequest(
        "bad request body: json: cannot unmarshal "
            + kind(v)
            + " into field "
            + field
            + " of type "
            + type);
  }

  private static String kind(JsonNode v) {
    if (v.isTextual()) return "string";
    if (v.isNumber()) return "number";
    if (v.isBoolean()) return "bool";
    if (v.isArray()) return "array";
    if (v.isObject()) return "object";
    return "null";
  }

  private static ProxyException badRequest(String message) {
    return new ProxyException(400, message);
  }
}
