package io.replicheck.server.command;

import io.replicheck.server.resp.ReplySink;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * COMMAND DOCS from redis-server 7.0.15's own answer: {@code command-docs.resp3.gz} is its {@code
 * COMMAND DOCS} reply in RESP3 (written by {@code reference-impl/tools/gen-command-docs.py}, 25
 * kB), parsed once into a tree and replayed through the client's reply sink, so RESP2 clients get
 * it flattened as redis flattens maps. Only commands this server has are answered.
 */
final class CommandDocs {
  private CommandDocs() {}

  /** One RESP3 value of the stored reply. */
  sealed interface Node {}

  record MapNode(List<Node> keysAndValues) implements Node {}

  record ArrayNode(List<Node> items, boolean set) implements Node {}

  record Bulk(byte[] bytes) implements Node {}

  record Simple(String text) implements Node {}

  record Int(long value) implements Node {}

  record Null() implements Node {}

  private static volatile Map<String, Node> docs;

  /** Docs by lower-case command name (each a map: summary, since, group, complexity, ...). */
  static Map<String, Node> all() {
    Map<String, Node> d = docs;
    if (d == null) {
      d = load();
      docs = d;
    }
    return d;
  }

  /** The docs of {@code name} ({@code container|sub} for a subcommand), or null. */
  static Node lookup(String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return all().get(name);
    }
    Node parent = all().get(name.substring(0, bar));
    Node subs = parent == null ? null : field(parent, "subcommands");
    return subs == null ? null : field(subs, name);
  }

  /** A field of a map node by its (bulk) name, or null. */
  static Node field(Node map, String name) {
    if (!(map instanceof MapNode m)) {
      return null;
    }
    List<Node> kv = m.keysAndValues();
    for (int i = 0; i + 1 < kv.size(); i += 2) {
      if (kv.get(i) instanceof Bulk b
          && new String(b.bytes(), StandardCharsets.UTF_8).equalsIgnoreCase(name)) {
        return kv.get(i + 1);
      }
    }
    return null;
  }

  /** Writes a node to a reply (RESP2 sinks flatten maps and sets into arrays). */
  static void write(ReplySink r, Node n) {
    if (n instanceof MapNode m) {
      r.mapHeader(m.keysAndValues().size() / 2);
      m.keysAndValues().forEach(x -> write(r, x));
    } else if (n instanceof ArrayNode a) {
      if (a.set()) {
        r.setHeader(a.items().size());
      } else {
        r.arrayHeader(a.items().size());
      }
      a.items().forEach(x -> write(r, x));
    } else if (n instanceof Bulk b) {
      r.bulk(b.bytes());
    } else if (n instanceof Simple s) {
      r.simple(s.text());
    } else if (n instanceof Int i) {
      r.integer(i.value());
    } else {
      r.nullBulk();
    }
  }

  private static Map<String, Node> load() {
    try (InputStream raw = CommandDocs.class.getResourceAsStream("command-docs.resp3.gz")) {
      if (raw == null) {
        throw new IllegalStateException("command-docs.resp3.gz missing from the jar");
      }
      InputStream in = new BufferedInputStream(new GZIPInputStream(raw));
      Node root = read(in);
      Map<String, Node> out = new LinkedHashMap<>();
      if (root instanceof MapNode m) {
        List<Node> kv = m.keysAndValues();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          if (kv.get(i) instanceof Bulk b) {
            out.put(new String(b.bytes(), StandardCharsets.UTF_8), kv.get(i + 1));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one RESP3 value (the types COMMAND DOCS uses). */
  static Node read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '%' -> {
        int n = Integer.parseInt(line);
        List<Node> kv = new ArrayList<>(2 * n);
        for (int i = 0; i < 2 * n; i++) {
          kv.add(read(in));
        }
        return new MapNode(kv);
      }
      case '*', '~' -> {
        int n = Integer.parseInt(line);
        List<Node> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          items.add(read(in));
        }
        return new ArrayNode(items, type == '~');
      }
      case '$' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return new Null();
        }
        byte[] b = in.readNBytes(n);
        in.readNBytes(2);
        return new Bulk(b);
      }
      case '+' -> {
        return new Simple(line);
      }
      case ':' -> {
        return new Int(Long.parseLong(line));
      }
      case '_' -> {
        return new Null();
      }
      default -> throw new IOException("unexpected RESP3 type " + (char) type);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("truncated docs");
      }
      if (prev == '\r' && c == '\n') {
        byte[] all = b.toByteArray();
        return new String(all, 0, all.length - 1, StandardCharsets.UTF_8);
      }
      b.write(c);
      prev = c;
    }
  }
}
