package io.replicheck.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.gen.Gen;
import io.replicheck.gen.Property;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.HistoryFormatException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Bad input gives one clear error: corrupted files (characters dropped, duplicated or replaced,
 * lines cut) either still read or fail with a HistoryFormatException naming a line; never another
 * exception.
 */
class CorruptInputPropertyTest {

  private static final String NOISE = "{}[]()\":;,\\#\n\t 0123456789abc:-";

  private static String corrupt(String text, List<Long> edits) {
    StringBuilder sb = new StringBuilder(text);
    for (int i = 0; i + 2 < edits.size(); i += 3) {
      if (sb.length() == 0) {
        break;
      }
      int at = (int) (edits.get(i + 1) % sb.length());
      switch ((int) (edits.get(i) % 4)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, sb.charAt(at));
        case 2 -> sb.setCharAt(at, NOISE.charAt((int) (edits.get(i + 2) % NOISE.length())));
        default -> sb.setLength(at);
      }
    }
    return sb.toString();
  }

  @Test
  void corruptedFilesFailCleanly() {
    SimWorkload w = new SimWorkload.MultiReg();
    AtomicInteger rejected = new AtomicInteger();
    for (HistoryFormat format : HistoryFormat.values()) {
      SimWorkload sim =
          format == HistoryFormat.PORCUPINE_ETCD ? new SimWorkload.KnossosCasRegister() : w;
      Gen<Map.Entry<List<List<Long>>, List<Long>>> cases =
          ConcurrentSim.plan(12)
              .flatMap(
                  plan ->
                      Gen.listOf(Gen.choose(0, 1_000_000), 3, 12)
                          .map(edits -> Map.entry(plan, edits)));
      Property.forAll(cases)
          .tries(150)
          .seed(0xC0DE + format.ordinal())
          .checkThat(
              c -> {
                StringWriter out = new StringWriter();
                try {
                  format.write(ConcurrentSim.simulate(sim, c.getKey()).events(), out);
                } catch (java.io.IOException e) {
                  throw new AssertionError(e);
                }
                String bad = corrupt(out.toString(), c.getValue());
                try {
                  format.read("bad." + format.id(), new StringReader(bad));
                } catch (HistoryFormatException e) {
                  rejected.incrementAndGet();
                  assertThat(e.getMessage()).startsWith("bad." + format.id()).doesNotContain("\n");
                }
              });
    }
    assertThat(rejected.get()).as("corruptions rejected").isGreaterThan(100);
  }
}
