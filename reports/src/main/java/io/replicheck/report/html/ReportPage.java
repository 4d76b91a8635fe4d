package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicheck.report.ReportException;
import io.replicheck.report.data.DrawnOp;
import io.replicheck.report.data.InvariantCounterexample;
import io.replicheck.report.data.RunData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole report page: verdicts, counterexample, timeline, latency, replication, and how to
 * repeat the run. Self-contained: CSS, script and SVG are inline and nothing is fetched from
 * anywhere.
 */
public final class ReportPage {
  private static final int MAX_EVIDENCE = 200;
  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");

  private ReportPage() {}

  /** {@code files}: run-folder files to link to, relative to the report. */
  public static String render(RunData run, List<String> files) {
    JsonNode r = run.results();
    String name = run.dir().getFileName() == null ? "run" : run.dir().getFileName().toString();
    StringBuilder b = new StringBuilder(256 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(run.verdict()))
        .append(" · ")
        .append(esc(name))
        .append(" · replicheck</title>\n<style>\n")
        .append(CSS)
        .append("</style></head>\n<body data-verdict=\"")
        .append(esc(run.verdict()))
        .append("\">\n<main>\n");
    b.append(
            "<header><p class=\"note\"><a id=\"to-index\" href=\"../index.html\">← all runs</a></p><h1>")
        .append(esc(name))
        .append(" <span id=\"verdict\" class=\"badge big ")
        .append(Html.verdictClass(run.verdict()))
        .append("\">")
        .append(esc(run.verdict()))
        .append("</span></h1>");
    JsonNode spec = r.path("spec");
    b.append("<p class=\"summary\">").append(esc(r.path("summary").asText(""))).append("</p>");
    b.append("<p class=\"note\">workload <b>")
        .append(esc(spec.path("workload").asText("?")))
        .append("</b> · nemesis <b>")
        .append(esc(spec.path("nemesis").asText("?")))
        .append("</b> · seed <b>")
        .append(esc(spec.path("seed").asText("?")))
        .append("</b> · server ")
        .append(esc(r.path("server").asText(spec.path("server").asText("?"))))
        .append(" · ")
        .append(
            run.oneIn() > 1
                ? run.allOps() + " ops (drawn: 1 in " + run.oneIn() + ", " + run.ops().size() + ")"
                : run.ops().size() + " ops")
        .append(", ")
        .append(run.bands().size())
        .append(" faults</p>");
    b.append("<pre id=\"js-errors\" hidden></pre></header>\n");

    b.append("<section id=\"invariants\"><h2>Invariants</h2>")
        .append(invariants(r))
        .append("</section>\n");
    if (!run.counterexamples().isEmpty()) {
      b.append("<section id=\"counterexample\"><h2>Counterexample</h2>")
          .append(counterexample(run))
          .append("</section>\n");
    }
    b.append("<section id=\"timeline-section\"><h2>Timeline</h2>")
        .append(timelineControls(run))
        .append(TimelineSvg.render(run))
        .append(timelineLegend(run))
        .append(faultList(run))
        .append("</section>\n");
    b.append("<section id=\"latency\"><h2>Latency</h2>")
        .append(LatencySection.plot(run))
        .append(LatencySection.table(run))
        .append("</section>\n");
    b.append("<section id=\"replication\"><h2>Replication</h2>")
        .append(ReplicationSection.render(run))
        .append("</section>\n");
    // Same colour per node as in the replication plots.
    java.util.TreeSet<String> nodes = new java.util.TreeSet<>();
    run.samples().forEach(s -> nodes.add(s.node()));
    b.append("<section id=\"replica-reads\"><h2>Staleness of replica reads</h2>")
        .append(StalenessSection.render(run, new java.util.ArrayList<>(nodes)))
        .append("</section>\n");
    b.append("<section id=\"run\"><h2>Repeat this run</h2>")
        .append(runDetails(r, files))
        .append("</section>\n");
    b.append("</main>\n<script>\n").append(JS).append("</script>\n</body></html>\n");
    return b.toString();
  }

  private static String invariants(JsonNode r) {
    JsonNode list = r.path("invariants");
    if (!list.isArray() || list.isEmpty()) return "<p class=\"note\">No invariant was checked.</p>";
    StringBuilder b =
        new StringBuilder(
            "<table><thead><tr><th>id</th><th>invariant</th><th>verdict</th><th>reason and evidence</th></tr></thead><tbody>\n");
    for (JsonNode inv : list) {
      String verdict = inv.path("verdict").asText("unknown");
      b.append("<tr class=\"invariant\" data-id=\"")
          .append(esc(inv.path("id").asText()))
          .append("\" data-verdict=\"")
          .append(esc(verdict))
          .append("\"><td><b>")
          .append(esc(inv.path("id").asText()))
          .append("</b></td><td>")
          .append(esc(inv.path("name").asText()))
          .append("</td><td><span class=\"badge ")
          .append(Html.verdictClass(verdict))
          .append("\">")
          .append(esc(verdict.replace('_', ' ')))
          .append("</span></td><td>")
          .append(esc(inv.path("reason").asText()));
      JsonNode ev = inv.path("evidence");
      if (ev.isArray() && !ev.isEmpty()) {
        b.append("<details")
            .append(verdict.equals("valid") ? "" : " open")
            .append("><summary>evidence (")
            .append(ev.size())
            .append(")</summary><ul class=\"evidence\">");
        int i = 0;
        for (JsonNode e : ev) {
          if (i++ == MAX_EVIDENCE) {
            b.append("<li>… and ")
                .append(ev.size() - MAX_EVIDENCE)
                .append(" more in results.json</li>");
            break;
          }
          b.append("<li>").append(esc(e.isTextual() ? e.asText() : e.toString())).append("</li>");
        }
        b.append("</ul></details>");
      }
      b.append("</td></tr>\n");
    }
    return b.append("</tbody></table>").toString();
  }

  private static final int MAX_PREFIX_ROWS = 12;
  private static final int MAX_RAW_CHARS = 20_000;

  private static String counterexample(RunData run) {
    StringBuilder b = new StringBuilder();
    Map<Long, DrawnOp> byIndex = new java.util.HashMap<>();
    for (DrawnOp op : run.ops()) {
      byIndex.put(op.invokeIndex(), op);
      if (op.completeIndex() >= 0) byIndex.put(op.completeIndex(), op);
    }
    int drawn = 0;
    for (InvariantCounterexample cx : run.counterexamples()) {
      b.append("<div class=\"cx\" data-invariant=\"")
          .append(esc(cx.invariant()))
          .append("\"><h3>")
          .append(esc(cx.invariant()))
          .append(cx.key() == null ? "" : ", key " + esc(cx.key()))
          .append(": what cannot be linearized</h3>");
      if (cx.explanation() != null && !cx.explanation().isBlank()) {
        b.append("<p class=\"cx-explanation\">").append(esc(cx.explanation())).append("</p>");
      }
      List<DrawnOp> failing = new java.util.ArrayList<>();
      for (long i : cx.ops()) {
        DrawnOp op = byIndex.get(i);
        if (op != null && !failing.contains(op)) failing.add(op);
      }
      failing.sort((x, y) -> Long.compare(x.invokeIndex(), y.invokeIndex()));
      drawn += failing.size();
      b.append(opTable("counterexample-ops", "cx-op", failing, run));
      if (failing.isEmpty())
        b.append("<p class=\"note\">The ops it names (")
            .append(esc(cx.ops().toString()))
            .append(") are not in the history.</p>");
      if (!cx.states().isEmpty()) {
        b.append(
            "<h3>Model states in which it had to take effect</h3><ul class=\"evidence\" id=\"cx-states\">");
        for (String st : cx.states()) b.append("<li>").append(esc(st)).append("</li>");
        b.append("</ul>");
      }
      if (!cx.linearized().isEmpty()) {
        List<DrawnOp> prefix = new java.util.ArrayList<>();
        for (long i : cx.linearized()) if (byIndex.containsKey(i)) prefix.add(byIndex.get(i));
        b.append("<details id=\"cx-prefix\"><summary>the longest linearizable prefix: ")
            .append(cx.linearized().size())
            .append(" ops, in linearization order")
            .append(
                prefix.size() > MAX_PREFIX_ROWS ? " (the last " + MAX_PREFIX_ROWS + " shown)" : "")
            .append("; dashed purple in the timeline</summary>")
            .append(
                opTable(
                    "cx-prefix-ops",
                    "lin-op",
                    prefix.subList(Math.max(0, prefix.size() - MAX_PREFIX_ROWS), prefix.size()),
                    run))
            .append("</details>");
      }
      String raw;
      try {
        raw = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(cx.raw());
      } catch (IOException e) {
        raw = cx.raw().toString();
      }
      if (raw.length() > MAX_RAW_CHARS)
        raw = raw.substring(0, MAX_RAW_CHARS) + "\n… (the rest is in results.json)";
      b.append(
              "<details><summary>as the checker wrote it</summary><pre class=\"counterexample-json\">")
          .append(esc(raw))
          .append("</pre></details></div>");
    }
    b.append("<p class=\"note\">")
        .append(drawn)
        .append(drawn == 1 ? " op" : " ops")
        .append(" that cannot be linearized, outlined in purple in the timeline below.</p>");
    return b.toString();
  }

  private static String opTable(String id, String rowClass, List<DrawnOp> ops, RunData run) {
    StringBuilder b =
        new StringBuilder("<table class=\"")
            .append(id)
            .append("\"><thead><tr><th>index</th><th>process</th><th>op</th>")
            .append(
                "<th>key</th><th>value</th><th>outcome</th><th>node</th><th>invoked</th><th>completed</th></tr></thead><tbody>\n");
    for (DrawnOp op : ops) {
      b.append("<tr class=\"")
          .append(rowClass)
          .append("\" data-index=\"")
          .append(op.invokeIndex())
          .append("\"><td>")
          .append(op.invokeIndex())
          .append(op.completeIndex() >= 0 ? "–" + op.completeIndex() : "")
          .append("</td><td>p")
          .append(op.process())
          .append("</td><td>")
          .append(esc(op.f()))
          .append("</td><td>")
          .append(esc(op.key()))
          .append("</td><td class=\"mono\">")
          .append(esc(op.value()))
          .append("</td><td>")
          .append(esc(op.type()))
          .append(op.error() == null ? "" : " (" + esc(op.error()) + ")")
          .append("</td><td>")
          .append(esc(op.node()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f s", (op.invokeTime() - run.startTime()) / 1e9))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f s", (op.completeTime() - run.startTime()) / 1e9))
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table>").toString();
  }

  private static String timelineControls(RunData run) {
    StringBuilder b =
        new StringBuilder(
                "<div class=\"controls\"><button id=\"tl-in\" type=\"button\" title=\"zoom in\">+</button>")
            .append(
                "<button id=\"tl-out\" type=\"button\" title=\"zoom out\">−</button><button id=\"tl-reset\" type=\"button\">whole run</button>")
            .append(
                "<span>window</span><input id=\"tl-from\" type=\"text\" inputmode=\"decimal\" aria-label=\"from seconds\"><span>s to</span>")
            .append(
                "<input id=\"tl-to\" type=\"text\" inputmode=\"decimal\" aria-label=\"to seconds\"><span>s</span>")
            .append("<button id=\"tl-apply\" type=\"button\">show</button>");
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (DrawnOp op : run.ops()) {
      if (run.counterexample().contains(op.invokeIndex())
          || run.counterexample().contains(op.completeIndex())) {
        lo = Math.min(lo, op.invokeTime());
        hi = Math.max(hi, op.completeTime());
      }
    }
    if (lo <= hi) {
      b.append("<button id=\"tl-cx\" type=\"button\" data-from=\"")
          .append(Html.ms(lo - run.startTime()))
          .append("\" data-to=\"")
          .append(Html.ms(hi - run.startTime()))
          .append("\">zoom to counterexample</button>");
    }
    return b.append(
            "<span class=\"note\">wheel to zoom, drag to pan; hover a bar for the op</span></div>\n")
        .toString();
  }

  private static String timelineLegend(RunData run) {
    return "<div class=\"legend\"><span><i class=\"m-ok\"></i>ok</span><span><i class=\"m-fail\"></i>fail</span>"
        + "<span><i class=\"m-info\"></i>info (unknown outcome)</span><span><i class=\"shade\"></i>fault (nemesis start … stop)</span>"
        + (run.counterexample().isEmpty()
            ? ""
            : "<span><i class=\"cx\"></i>cannot be linearized</span>")
        + (run.linearized().isEmpty()
            ? ""
            : "<span><i class=\"lin\"></i>in the longest linearizable prefix</span>")
        + "</div>\n";
  }

  private static String faultList(RunData run) {
    if (run.bands().isEmpty())
      return "<p class=\"note\" id=\"faults\">No faults were injected.</p>\n";
    StringBuilder b =
        new StringBuilder(
            "<table id=\"faults\"><thead><tr><th></th><th>fault</th><th>from</th><th>to</th><th>lasted</th></tr></thead><tbody>\n");
    int k = 1;
    for (var band : run.bands()) {
      b.append("<tr><td>F")
          .append(k++)
          .append("</td><td>")
          .append(esc(band.description()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f s", (band.start() - run.startTime()) / 1e9))
          .append("</td><td>")
          .append(
              band.stopped()
                  ? String.format(Locale.ROOT, "%.3f s", (band.end() - run.startTime()) / 1e9)
                  : "never stopped")
          .append("</td><td>")
          .append(Html.duration(band.end() - band.start()))
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table>\n").toString();
  }

  private static String runDetails(JsonNode r, List<String> files) {
    StringBuilder b =
        new StringBuilder("<h3>Command</h3><pre id=\"command\">")
            .append(esc(r.path("command").asText("(not recorded)")))
            .append("</pre><h3>Options</h3><dl class=\"spec\" id=\"spec\">");
    for (Iterator<Map.Entry<String, JsonNode>> it = r.path("spec").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      b.append("<dt>")
          .append(esc(f.getKey()))
          .append("</dt><dd>")
          .append(
              esc(
                  f.getValue().isNull()
                      ? "–"
                      : f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()))
          .append("</dd>");
    }
    b.append("<dt>ran</dt><dd>").append(esc(r.path("server").asText("–"))).append("</dd></dl>");
    JsonNode nemesisErrors = r.path("nemesisErrors");
    if (nemesisErrors.isArray() && !nemesisErrors.isEmpty()) {
      b.append("<h3>Nemesis errors</h3><ul class=\"evidence\" id=\"nemesis-errors\">");
      for (JsonNode e : nemesisErrors)
        b.append("<li>").append(esc(e.isTextual() ? e.asText() : e.toString())).append("</li>");
      b.append("</ul>");
    }
    if (!files.isEmpty()) {
      b.append("<h3>Files</h3><p class=\"note\" id=\"files\">");
      for (String f : files)
        b.append("<a href=\"")
            .append(Html.href(f))
            .append("\">")
            .append(esc(f))
            .append("</a> &nbsp; ");
      b.append("</p>");
    }
    return b.toString();
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) throw new ReportException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ReportException("cannot read resource " + name, e);
    }
  }
}
