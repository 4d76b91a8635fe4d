package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.explore.BugCatalogue;
import io.replicheck.explore.BugSites;
import io.replicheck.explore.ScheduleGen;
import io.replicheck.nemesis.Nemeses;
import io.replicheck.nemesis.Nemesis;
import io.replicheck.runner.Checks;
import io.replicheck.workload.Workload;
import io.replicheck.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The docs' tables name exactly the registered parts, and every registered part can be built. */
class PartsDocsTest {
  private static final Path DOCS = Path.of("..", "docs");

  @Test
  void nemesesTableNamesEveryRegisteredNemesis() throws IOException {
    assertThat(firstColumn("nemeses.md")).containsExactlyInAnyOrderElementsOf(Nemeses.names());
  }

  @Test
  void workloadsTableNamesEveryRegisteredWorkload() throws IOException {
    assertThat(firstColumn("workloads.md")).containsExactlyInAnyOrderElementsOf(Workloads.names());
  }

  @Test
  void bugCatalogueTableIsTheCatalogue() throws IOException {
    List<String> names = BugCatalogue.catalogue().stream().map(BugCatalogue.Bug::name).toList();
    assertThat(firstColumn("bug-catalogue.md")).containsExactlyInAnyOrderElementsOf(names);
    assertThat(BugSites.names()).containsExactlyInAnyOrderElementsOf(names);
    List<String> rows = tableRows("bug-catalogue.md");
    for (BugCatalogue.Bug b : BugCatalogue.catalogue()) {
      String row =
          rows.stream().filter(r -> r.startsWith("| `" + b.name() + "`")).findFirst().orElseThrow();
      List<String> cells = List.of(row.split("\\|"));
      assertThat(cells.get(2).strip()).isEqualTo(BugSites.of(b.name()).where());
      assertThat(cells.get(3).strip()).isEqualTo(BugSites.of(b.name()).breaks());
      assertThat(cells.get(4).strip()).isEqualTo(String.join(", ", b.expected()));
    }
  }

  @Test
  void everyRegisteredPartIsBuiltByItsName() {
    for (Nemeses.Kind k : Nemeses.all()) {
      Nemesis n = Nemesis.named(k.name());
      assertThat(n.name()).isEqualTo(k.name());
      assertThat(k.description()).isNotBlank();
    }
    for (Workloads.Kind k : Workloads.all()) {
      Workload w = Workload.named(k.name(), 2, 10);
      assertThat(w.name()).isEqualTo(k.name());
    }
    assertThat(ScheduleGen.DEFAULT_WEIGHTS)
        .containsEntry("failover", 3)
        .containsEntry("diverge", 3)
        .containsEntry("blackhole", 1)
        .doesNotContainKey("isolate-master");
    assertThat(ScheduleGen.DEFAULT_WORKLOADS)
        .containsExactly("list-append", "register", "bulk", "propagation");
    assertThat(Checks.ids())
        .contains(
            "P1", "P2", "P3", "P4", "P5", "P6", "FS1", "FS2", "FS3", "FS4", "IS1", "IS2", "IS3",
            "IS4")
        .doesNotHaveDuplicates();
  }

  /** The first column's `names` of the first table in a doc. */
  private static List<String> firstColumn(String doc) throws IOException {
    List<String> names = new ArrayList<>();
    for (String row : tableRows(doc)) {
      String cell = row.split("\\|")[1].strip();
      names.add(cell.replaceAll("`", "").replace(" (default)", "").strip());
    }
    return names;
  }

  /** The body rows of the first table in a doc (header and rule skipped). */
  private static List<String> tableRows(String doc) throws IOException {
    List<String> rows = new ArrayList<>();
    boolean in = false;
    int seen = 0;
    for (String line : Files.readAllLines(DOCS.resolve(doc))) {
      if (line.startsWith("|")) {
        in = true;
        if (++seen > 2) rows.add(line);
      } else if (in) {
        break;
      }
    }
    return rows;
  }
}
