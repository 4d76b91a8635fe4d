package io.replicheck.report.edn;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicheck.report.data.HistoryEvent;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a history as Jepsen and Knossos read it: one vector of op maps, e.g.
 * {@code {:type :invoke, :f :append, :value 4, :process 3, :time 123, :index 7}}, with keywords for
 * {@code :type} and {@code :f}, {@code :nemesis} as the nemesis's process, and our extra fields
 * ({@code :key}, {@code :node}, {@code :error}) as strings, which Jepsen's tools ignore.
 */
public final class EdnHistory {
  private EdnHistory() {}

  public static void write(List<HistoryEvent> events, Appendable out) throws IOException {
    out.append("[");
    boolean first = true;
    for (HistoryEvent e : events) {
      out.append(first ? "" : "\n ");
      first = false;
      out.append("{:type ").append(keyword(e.type()));
      out.append(", :f ").append(keyword(e.f()));
      out.append(", :value ");
      value(e.value(), out);
      out.append(", :process ").append(e.isNemesis() ? ":nemesis" : Integer.toString(e.process()));
      out.append(", :time ").append(Long.toString(e.time()));
      out.append(", :index ").append(Long.toString(e.index()));
      if (e.key() != null) out.append(", :key ").append(string(e.key()));
      if (e.node() != null) out.append(", :node ").append(string(e.node()));
      if (e.error() != null) out.append(", :error ").append(string(e.error()));
      out.append("}");
    }
    out.append("]\n");
  }

  /** A keyword from a name: characters EDN does not allow in a symbol become '-'. */
  static String keyword(String name) {
    if (name == null || name.isEmpty()) return ":nil";
    StringBuilder b = new StringBuilder(":");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) && c < 128 || "*+!-_?<>=.".indexOf(c) >= 0;
      b.append(ok ? c : '-');
    }
    // A keyword may not start with a digit after the colon.
    if (Character.isDigit(b.charAt(1))) b.insert(1, '_');
    return b.toString();
  }

  static void value(JsonNode v, Appendable out) throws IOException {
    if (v == null || v.isNull() || v.isMissingNode()) {
      out.append("nil");
    } else if (v.isBoolean() || v.isIntegralNumber()) {
      out.append(v.asText());
    } else if (v.isNumber()) {
      double d = v.asDouble();
      out.append(Double.isFinite(d) ? Double.toString(d) : "nil");
    } else if (v.isTextual()) {
      out.append(string(v.asText()));
    } else if (v.isArray()) {
      out.append('[');
      boolean first = true;
      for (JsonNode n : v) {
        if (!first) out.append(' ');
        first = false;
        value(n, out);
      }
      out.append(']');
    } else {
      out.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!first) out.append(", ");
        first = false;
        out.append(string(f.getKey())).append(' ');
        value(f.getValue(), out);
      }
      out.append('}');
    }
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"').toString();
  }
}
