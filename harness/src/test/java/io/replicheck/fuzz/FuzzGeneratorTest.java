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

  @Test
  void scriptsLibrariesAndShasAreDrawnFromTheGrammar() {
    FuzzGenerator g = new FuzzGenerator(3);
    List<String> scripts = new ArrayList<>();
    List<String> shas = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      scripts.add(text(g.draw(CommandShape.parse("EVAL script 0")).get(1)));
      shas.add(text(g.draw(CommandShape.parse("EVALSHA sha 0")).get(1)));
    }
    assertThat(scripts).anyMatch(s -> s.contains("redis.call(")).anyMatch(s -> s.contains("\n"));
    assertThat(scripts).allMatch(s -> s.contains("return") || s.contains("error("));
    // most shas name a script drawn before them, the rest are unknown or malformed
    long known =
        shas.stream()
            .filter(h -> scripts.stream().anyMatch(s -> FuzzGenerator.sha1hex(s).equals(h)))
            .count();
    assertThat(known).isGreaterThan(100).isLessThan(300);
    String lib = text(g.draw(CommandShape.parse("FUNCTION LOAD library")).get(2));
    assertThat(lib).startsWith("#!");
    assertThat(CommandShape.parse("sub> SUBSCRIBE channel").subscriber()).isTrue();
    assertThat(CommandShape.parse("PUBLISH channel message").subscriber()).isFalse();
  }

  private static String text(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void functionDumpRecordsAreSplitWhateverTheirOrder() {
    byte[] one = {(byte) 245, 3, 'a', 'b', 'c'};
    byte[] two = {(byte) 245, (byte) 0xC3, 2, 4, 'x', 'y'}; // LZF: 2 bytes for 4
    byte[] trailer = new byte[10];
    byte[] ab = concat(one, two, trailer);
    byte[] ba = concat(two, one, trailer);
    assertThat(FunctionDump.records(ab)).hasSize(2);
    assertThat(DifferentialFuzzer.render(ab, ReplyMode.PAYLOAD))
        .isEqualTo(DifferentialFuzzer.render(ba, ReplyMode.PAYLOAD));
    assertThat(FunctionDump.records(concat(new byte[] {(byte) 245, 9, 'a'}, trailer))).isNull();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void subscriberRepliesInDictOrderAreMadeCanonical() {
    List<String> a =
        List.of("[\"pmessage\", \"c*\", \"ch1\", \"m\"]", "[\"pmessage\", \"*\", \"ch1\", \"m\"]");
    assertThat(DifferentialFuzzer.canonical(a, false))
        .isEqualTo(DifferentialFuzzer.canonical(List.of(a.get(1), a.get(0)), false));
    List<String> u = List.of("[\"unsubscribe\", \"a\", :1]", "[\"unsubscribe\", \"b\", :0]");
    List<String> v = List.of("[\"unsubscribe\", \"b\", :1]", "[\"unsubscribe\", \"a\", :0]");
    assertThat(DifferentialFuzzer.canonical(u, true))
        .isEqualTo(DifferentialFuzzer.canonical(v, true));
    // a message order that is the server's own stays compared
    List<String> m = List.of("[\"message\", \"ch1\", \"x\"]", "[\"message\", \"ch1\", \"y\"]");
    assertThat(DifferentialFuzzer.canonical(m, false))
        .isNotEqualTo(DifferentialFuzzer.canonical(List.of(m.get(1), m.get(0)), false));
  }
}
