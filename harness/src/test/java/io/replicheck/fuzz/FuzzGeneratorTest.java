package io.replicheck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Family files parse, draws are reproducible per seed, unknown tokens and families are refused. */
class FuzzGeneratorTest {
  @Test
  void everyFamilyFileParses() {
    List<CommandFamily> all = CommandFamilies.all();
    assertThat(all).extracting(CommandFamily::name).isEqualTo(CommandFamilies.NAMES);
    assertThat(all).allSatisfy(f -> assertThat(f.shapes()).isNotEmpty());
    CommandFamily z = CommandFamily.load("zsets");
    assertThat(z.shapes()).extracting(CommandShape::name).contains("ZADD", "BZMPOP", "ZSCAN");
    assertThat(z.shapes().get(z.shapes().size() - 1).mode()).isEqualTo(ReplyMode.SHAPE);
  }

  @Test
  void sameSeedSameCommands() {
    assertThat(draw(7)).isEqualTo(draw(7));
    assertThat(draw(7)).isNotEqualTo(draw(8));
  }

  private static List<String> draw(long seed) {
    FuzzGenerator g = new FuzzGenerator(seed);
    List<CommandFamily> families = CommandFamilies.all();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      out.add(DifferentialFuzzer.show(g.draw(g.pick(families))));
    }
    return out;
  }

  @Test
  void badShapesAndFamiliesAreRefused() {
    assertThatThrownBy(() -> CommandShape.parse("ZADD key bogus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bogus");
    assertThatThrownBy(() -> CommandFamilies.of(List.of("nope")))
        .hasMessageContaining("known: strings");
  }

  @Test
  void repliesRenderByMode() {
    List<Object> a = List.of("b".getBytes(), "a".getBytes());
    List<Object> b = List.of("a".getBytes(), "b".getBytes());
    assertThat(DifferentialFuzzer.render(a, ReplyMode.UNORDERED))
        .isEqualTo(DifferentialFuzzer.render(b, ReplyMode.UNORDERED));
    assertThat(DifferentialFuzzer.render(a, ReplyMode.EXACT))
        .isNotEqualTo(DifferentialFuzzer.render(b, ReplyMode.EXACT));
  }
}
