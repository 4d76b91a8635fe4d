package io.replicheck.report.html;

import java.util.List;

/** Colours: one per series (op type, node), distinguishable and readable on white. */
public final class Palette {
  private static final List<String> SERIES =
      List.of(
          "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
          "#ff7f0e", "#d62728");

  public static final String OK = "#2e9e4f";
  public static final String FAIL = "#d62728";
  public static final String INFO = "#e6a100";
  public static final String FAULT = "#ff8c00";
  public static final String HIGHLIGHT = "#7b2cbf";

  private Palette() {}

  public static String series(int i) {
    return SERIES.get(Math.floorMod(i, SERIES.size()));
  }
}
