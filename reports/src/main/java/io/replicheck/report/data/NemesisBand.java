package io.replicheck.report.data;

/** A fault window: from the nemesis start event to its stop (or the end of the history). */
public record NemesisBand(String description, long start, long end, boolean stopped) {}
