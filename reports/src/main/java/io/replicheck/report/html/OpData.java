package io.replicheck.report.html;

import io.replicheck.report.data.DrawnOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops of a large history as compact JSON for the page's script, which draws them one by one
 * once the zoom window holds few enough of them, and bins the rest per pixel column of the window.
 * Columns, sorted by invoke time: {@code a} invoke time as the difference in µs from the previous
 * op's, {@code d} duration in µs, {@code l} lane, {@code y} a string of outcome codes (0 ok, 1
 * fail, 2 info), {@code f} and {@code k} indices into the {@code fs} and {@code keys} tables,
 * {@code i} invoke index as the difference from the previous op's, {@code p} process; {@code lanes}
 * holds the lanes' labels. About 23 bytes per op.
 */
final class OpData {
  private OpData() {}

  /** JSON safe to embed in a {@code <script type="application/json">} element. */
  static String json(List<DrawnOp> ops, long start, Lanes.Layout layout) {
    Map<Integer, Integer> lanes = layout.lane();
    List<DrawnOp> sorted = new ArrayList<>(ops);
    sorted.sort(
        Comparator.comparingLong(DrawnOp::invokeTime).thenComparingLong(DrawnOp::invokeIndex));
    Map<String, Integer> fs = new LinkedHashMap<>();
    Map<String, Integer> keys = new LinkedHashMap<>();
    StringBuilder a = new StringBuilder(sorted.size() * 6);
    StringBuilder d = new StringBuilder(sorted.size() * 6);
    StringBuilder l = new StringBuilder(sorted.size() * 3);
    StringBuilder y = new StringBuilder(sorted.size());
    StringBuilder f = new StringBuilder(sorted.size() * 2);
    StringBuilder k = new StringBuilder(sorted.size() * 3);
    StringBuilder i = new StringBuilder(sorted.size() * 3);
    StringBuilder p = new StringBuilder(sorted.size() * 2);
    long prevA = 0;
    long prevI = 0;
    long maxD = 0;
    for (DrawnOp op : sorted) {
      String sep = a.length() == 0 ? "" : ",";
      long micros = (op.invokeTime() - start) / 1000;
      long dur = Math.max(0, (op.completeTime() - op.invokeTime()) / 1000);
      maxD = Math.max(maxD, dur);
      a.append(sep).append(micros - prevA);
      prevA = micros;
      d.append(sep).append(dur);
      l.append(sep).append(lanes.get(op.process()));
      y.append(
          switch (op.type()) {
            case "ok" -> '0';
            case "fail" -> '1';
            default -> '2';
          });
      f.append(sep).append(fs.computeIfAbsent(op.f() == null ? "" : op.f(), x -> fs.size()));
      k.append(sep)
          .append(keys.computeIfAbsent(op.key() == null ? "" : op.key(), x -> keys.size()));
      i.append(sep).append(op.invokeIndex() - prevI);
      p.append(sep).append(op.process());
      prevI = op.invokeIndex();
    }
    List<String> labels = new ArrayList<>();
    for (int lane = 0; lane < layout.count(); lane++) labels.add(string(layout.label(lane)));
    StringBuilder b =
        new StringBuilder(
            a.length()
                + d.length()
                + l.length()
                + y.length()
                + f.length()
                + k.length()
                + i.length()
                + 256);
    b.append("{\"n\":")
        .append(sorted.size())
        .append(",\"maxD\":")
        .append(maxD)
        .append(",\"lanes\":[")
        .append(String.join(",", labels))
        .append(']')
        .append(",\"fs\":")
        .append(strings(fs))
        .append(",\"keys\":")
        .append(strings(keys))
        .append(",\"a\":[")
        .append(a)
        .append("],\"d\":[")
        .append(d)
        .append("],\"l\":[")
        .append(l)
        .append("],\"y\":\"")
        .append(y)
        .append("\",\"f\":[")
        .append(f)
        .append("],\"k\":[")
        .append(k)
        .append("],\"i\":[")
        .append(i)
        .append("],\"p\":[")
        .append(p)
        .append("]}");
    return b.toString();
  }

  private static String strings(Map<String, Integer> table) {
    StringBuilder b = new StringBuilder("[");
    for (String s : table.keySet()) {
      if (b.length() > 1) b.append(',');
      b.append(string(s));
    }
    return b.append(']').toString();
  }

  /**
   * A JSON string with {@code <}, {@code >} and {@code &} escaped, so no text can end the script
   * element.
   */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int j = 0; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029)
        b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
