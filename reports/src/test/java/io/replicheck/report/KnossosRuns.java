package io.replicheck.report;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Real Jepsen histories from the Knossos corpus ({@code corpus/knossos} in the repository, found
 * above the working directory) turned into run folders as the harness writes them: history.jsonl
 * (keywords become strings, {@code :nemesis} the process "nemesis"; a history without {@code :time}
 * gets one millisecond per event, one without {@code :index} its position) and a results.json
 * stating the corpus's verdict.
 */
final class KnossosRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KnossosRuns() {}

  static Path corpus() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      for (String where : new String[] {"corpus/knossos/data", "shared/corpus/knossos/data"}) {
        Path c = d.resolve(where);
        if (Files.isDirectory(c)) return c;
      }
    }
    return fail(
        "the Knossos corpus is missing: expected corpus/knossos/data in the repository above "
            + Path.of("").toAbsolutePath());
  }

  /** The EDN history as parsed: one map per event. */
  @SuppressWarnings("unchecked")
  static List<Map<Keyword, Object>> read(Path edn) throws IOException {
    Parseable p = Parsers.newParseable(Files.readString(edn));
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    return new ArrayList<>((List<Map<Keyword, Object>>) parser.nextValue(p));
  }

  /** Writes {@code dir} from a corpus file; {@code verdict} is what the corpus says of it. */
  static void write(Path edn, Path dir, String model, String verdict) throws IOException {
    List<Map<Keyword, Object>> events = read(edn);
    Files.createDirectories(dir);
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
      long position = 0;
      for (Map<Keyword, Object> e : events) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object index = e.get(Keyword.newKeyword("index"));
        m.put("index", index == null ? position : index);
        Object process = e.get(Keyword.newKeyword("process"));
        m.put("process", process instanceof Keyword k ? k.getName() : process);
        m.put("type", ((Keyword) e.get(Keyword.newKeyword("type"))).getName());
        m.put("f", ((Keyword) e.get(Keyword.newKeyword("f"))).getName());
        m.put("value", json(e.get(Keyword.newKeyword("value"))));
        Object time = e.get(Keyword.newKeyword("time"));
        m.put("time", time == null ? position * 1_000_000L : time);
        Object error = e.get(Keyword.newKeyword("error"));
        if (error != null)
          m.put("error", error instanceof Keyword k ? k.getName() : String.valueOf(error));
        w.write(JSON.writeValueAsString(m));
        w.write('\n');
        position++;
      }
    }
    String name = edn.getFileName().toString();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workload", model);
    spec.put("nemesis", "recorded by Jepsen");
    spec.put("seed", null);
    Map<String, Object> p3 = new LinkedHashMap<>();
    p3.put("id", "P3");
    p3.put("name", "operations are linearizable (" + model + ")");
    p3.put("verdict", verdict);
    p3.put(
        "reason",
        "Knossos's corpus files this history under " + edn.getParent().getFileName() + "/");
    p3.put("evidence", List.of());
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("verdict", verdict);
    r.put(
        "summary",
        "a Jepsen history from the Knossos corpus: "
            + model
            + "/"
            + edn.getParent().getFileName()
            + "/"
            + name);
    r.put("server", "as recorded by Jepsen");
    r.put("spec", spec);
    r.put(
        "command",
        "bin/replicheck check --model "
            + model
            + " corpus/knossos/data/"
            + model
            + "/"
            + edn.getParent().getFileName()
            + "/"
            + name);
    r.put("invariants", List.of(p3));
    JSON.copy()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("results.json").toFile(), r);
  }

  /**
   * EDN values as JSON: keywords and symbols as strings, vectors and lists as arrays, maps as
   * objects.
   */
  static Object json(Object v) {
    if (v instanceof Keyword k) return k.getName();
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(json(o));
      return out;
    }
    if (v instanceof java.util.Set<?> s) {
      List<Object> out = new ArrayList<>();
      for (Object o : s) out.add(json(o));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, x) -> out.put(k instanceof Keyword kw ? kw.getName() : String.valueOf(k), json(x)));
      return out;
    }
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
    return String.valueOf(v);
  }
}
