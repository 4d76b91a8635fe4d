package io.replicheck.report.data;

import io.replicheck.history.Event;
import io.replicheck.history.JsonlFormat;
import java.io.StringReader;
import java.util.List;

/** History lines for tests, read by models' JsonlFormat as the report reads a run's history. */
final class Histories {
  private Histories() {}

  static List<Event> of(String... lines) throws Exception {
    return JsonlFormat.read("test", new StringReader(String.join("\n", lines)));
  }
}
