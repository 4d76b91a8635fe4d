package io.replicheck.report.html;

import static io.replicheck.report.html.Html.esc;

import java.util.List;

/** The store's index page: a table of runs linking to their reports. */
public final class IndexPage {

  /** One run: its folder name and what results.json says. */
  public record Row(
      String name,
      String time,
      String workload,
      String nemesis,
      String server,
      String verdict,
      String summary) {}

  private IndexPage() {}

  public static String render(String store, List<Row> rows, String latest) {
    StringBuilder b =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>replicheck runs</title>\n<style>\n")
            .append(
                "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;color:#1d2430;background:#fafbfc;margin:0}")
            .append(
                "main{max-width:1240px;margin:0 auto;padding:18px 24px}h1{font-size:22px;font-weight:600}")
            .append(
                "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e3e6ea}")
            .append(
                "th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6ea}th{color:#5f6b7a;font-size:12.5px}")
            .append(
                ".badge{display:inline-block;padding:1px 9px;border-radius:999px;font-weight:600;font-size:12.5px;color:#fff}")
            .append(
                ".v-valid{background:#2e9e4f}.v-invalid{background:#d62728}.v-unknown{background:#e6a100}.v-not-exercised{background:#8c8c8c}")
            .append(
                ".note{color:#5f6b7a}a{color:#1f5fbf}td.summary{color:#5f6b7a;font-size:12.5px}td:nth-child(-n+3){white-space:nowrap}")
            .append(
                "</style></head>\n<body data-ready=\"1\"><main>\n<h1>replicheck runs</h1>\n<p class=\"note\">")
            .append(rows.size())
            .append(rows.size() == 1 ? " run" : " runs")
            .append(" in ")
            .append(esc(store));
    java.util.Map<String, Integer> verdicts = new java.util.TreeMap<>();
    for (Row r : rows) verdicts.merge(r.verdict(), 1, Integer::sum);
    if (!verdicts.isEmpty()) {
      b.append(": ");
      String sep = "";
      for (java.util.Map.Entry<String, Integer> v : verdicts.entrySet()) {
        b.append(sep)
            .append("<span class=\"badge ")
            .append(Html.verdictClass(v.getKey()))
            .append("\">")
            .append(v.getValue())
            .append(' ')
            .append(esc(v.getKey()))
            .append("</span>");
        sep = " ";
      }
    }
    if (latest != null)
      b.append(" · latest: <a id=\"latest\" href=\"")
          .append(Html.href(latest))
          .append("/report.html\">")
          .append(esc(latest))
          .append("</a>");
    b.append(
            "</p>\n<table id=\"runs\"><thead><tr><th>time</th><th>run</th><th>workload</th><th>nemesis</th><th>server</th>")
        .append("<th>verdict</th><th>summary</th></tr></thead><tbody>\n");
    for (Row r : rows) {
      b.append("<tr class=\"run\" data-verdict=\"")
          .append(esc(r.verdict()))
          .append("\"><td>")
          .append(esc(r.time()))
          .append("</td><td><a href=\"")
          .append(Html.href(r.name()))
          .append("/report.html\">")
          .append(esc(r.name()))
          .append("</a></td><td>")
          .append(esc(r.workload()))
          .append("</td><td>")
          .append(esc(r.nemesis()))
          .append("</td><td>")
          .append(esc(r.server()))
          .append("</td><td><span class=\"badge ")
          .append(Html.verdictClass(r.verdict()))
          .append("\">")
          .append(esc(r.verdict()))
          .append("</span></td><td class=\"summary\">")
          .append(esc(r.summary()))
          .append("</td></tr>\n");
    }
    if (rows.isEmpty())
      b.append(
          "<tr><td colspan=\"7\" class=\"note\">No runs yet: <code>bin/replicheck run</code> writes one.</td></tr>\n");
    return b.append("</tbody></table>\n</main></body></html>\n").toString();
  }
}
