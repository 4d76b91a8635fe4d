package io.replicheck.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.replicheck.explore.scale.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/examples: the Kubernetes Indexed Job and the GitHub Actions matrix parse, and their command
 * lines, with the shard variables each pod or job gets, split one exploration into disjoint shards
 * that together cover it (no cluster runs: picocli parses the line into ExploreCommand).
 */
class ScalingExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "docs", "examples");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The explore command of a command line, parsed as the CLI would, with {@code env}. */
  private static ExploreCommand parse(String line, Map<String, String> env) {
    List<String> words = new ArrayList<>(List.of(line.strip().split("\\s+")));
    assertThat(words.subList(0, 2)).containsExactly("bin/replicheck", "explore");
    ExploreCommand c = new ExploreCommand();
    new CommandLine(c).parseArgs(words.subList(2, words.size()).toArray(String[]::new));
    c.env = env;
    return c;
  }

  /** Which of schedules 0..99 a command runs. */
  private static TreeSet<Integer> selected(ExploreCommand c) {
    Shard s = c.shard();
    TreeSet<Integer> out = new TreeSet<>();
    for (int k = 0; k < 100; k++) if (s.selects(k)) out.add(k);
    return out;
  }

  private static void assertPartition(List<TreeSet<Integer>> parts) {
    TreeSet<Integer> all = new TreeSet<>();
    int total = 0;
    for (TreeSet<Integer> p : parts) {
      assertThat(p).isNotEmpty();
      all.addAll(p);
      total += p.size();
    }
    assertThat(total).as("disjoint").isEqualTo(100);
    assertThat(all).hasSize(100).first().isEqualTo(0);
  }

  @Test
  void theIndexedJobSplitsTheExplorationByItsCompletionIndex() throws Exception {
    JsonNode job = YAML.readTree(EXAMPLES.resolve("explore-indexed-job.yaml").toFile());
    assertThat(job.path("kind").asText()).isEqualTo("Job");
    JsonNode spec = job.path("spec");
    assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
    int completions = spec.path("completions").asInt();
    assertThat(completions).isGreaterThan(1);
    JsonNode container = spec.path("template").path("spec").path("containers").get(0);
    JsonNode command = container.path("command");
    assertThat(command.get(0).asText()).isEqualTo("sh");
    String script = command.get(2).asText();
    assertThat(script).startsWith("exec bin/replicheck explore");

    List<TreeSet<Integer>> parts = new ArrayList<>();
    TreeSet<String> stores = new TreeSet<>();
    for (int index = 0; index < completions; index++) {
      // what sh does with the variable Kubernetes sets in each pod
      String line = script.substring("exec ".length()).replace("$JOB_COMPLETION_INDEX", "" + index);
      ExploreCommand c = parse(line, Map.of("JOB_COMPLETION_INDEX", "" + index));
      assertThat(c.shards).isEqualTo(completions);
      assertThat(c.shard()).isEqualTo(new Shard(index, completions));
      assertThat(c.seed).isNotNull();
      stores.add(c.store.toString());
      assertThat(c.parallel)
          .isLessThanOrEqualTo(
              Integer.parseInt(container.path("resources").path("requests").path("cpu").asText()));
      parts.add(selected(c));
    }
    assertThat(stores).as("each pod its own store").hasSize(completions);
    assertPartition(parts);
  }

  @Test
  void theGithubMatrixSplitsTheExplorationByReplicheckShard() throws Exception {
    JsonNode wf = YAML.readTree(EXAMPLES.resolve("explore-shards.yml").toFile());
    JsonNode job = wf.path("jobs").path("explore");
    JsonNode matrix = job.path("strategy").path("matrix").path("shard");
    JsonNode step = null;
    for (JsonNode s : job.path("steps"))
      if (s.path("run").asText().startsWith("bin/replicheck explore")) step = s;
    assertThat(step).isNotNull();
    List<TreeSet<Integer>> parts = new ArrayList<>();
    for (JsonNode shard : matrix) {
      Map<String, String> env = new HashMap<>();
      step.path("env")
          .fields()
          .forEachRemaining(
              e -> env.put(e.getKey(), expand(e.getValue().asText(), shard.asText())));
      ExploreCommand c = parse(expand(step.path("run").asText(), shard.asText()), env);
      assertThat(c.shard()).isEqualTo(new Shard(shard.asInt(), matrix.size()));
      parts.add(selected(c));
    }
    assertPartition(parts);
    // the merge job joins what the shards uploaded
    String merge = wf.path("jobs").path("merge").path("steps").get(4).path("run").asText();
    assertThat(merge).startsWith("bin/replicheck merge stores/store-* --into ");
  }

  private static String expand(String text, String shard) {
    return text.replace("${{ matrix.shard }}", shard).replace("${{ github.run_id }}", "4242");
  }

  @Test
  void shardsNeedASeedAndAnIndex() {
    ExploreCommand c = parse("bin/replicheck explore --shards 4", Map.of());
    c.seed = 1L;
    assertThatThrownBy(c::shard)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("JOB_COMPLETION_INDEX");
    ExploreCommand noSeed = parse("bin/replicheck explore --shard 1/4", Map.of());
    assertThatThrownBy(noSeed::shard).isInstanceOf(UserError.class).hasMessageContaining("--seed");
    ExploreCommand disagree =
        parse("bin/replicheck explore --shards 3 --seed 1", Map.of("REPLICHECK_SHARD", "1/4"));
    assertThatThrownBy(disagree::shard)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("disagrees");
    ExploreCommand one = parse("bin/replicheck explore", Map.of("JOB_COMPLETION_INDEX", "3"));
    assertThat(one.shard()).isEqualTo(Shard.ALL);
  }
}
