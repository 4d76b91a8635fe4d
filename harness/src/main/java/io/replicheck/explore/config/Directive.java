package io.replicheck.explore.config;

import io.replicheck.gen.Gen;
import java.util.List;

/**
 * One directive of the space: its name, redis 7.0's default, how other values are drawn, and the
 * values a probe tries with CONFIG SET to learn whether a server accepts them.
 *
 * @param name the directive as redis spells it (CONFIG GET reports it under this name)
 * @param redisDefault redis 7.0's default, as CONFIG GET shows it
 * @param choices for directives with a few values (yes/no, enumerations): all of them; drawn from
 *     those a server accepts other than its default. Empty for drawn ranges
 * @param drawn how a value other than the default is drawn when {@code choices} is empty
 * @param probeValues values a probe tries (for choices: the choices; for ranges: their extremes, so
 *     a server that refuses either end loses the directive rather than a run)
 * @param weightDefault relative chance that a schedule leaves the directive at its default
 * @param weightDrawn relative chance that it draws another value
 * @param masterOnly true when drawn for the first master only (its writes are what it gates)
 */
public record Directive(
    String name,
    String redisDefault,
    List<String> choices,
    Gen<String> drawn,
    List<String> probeValues,
    int weightDefault,
    int weightDrawn,
    boolean masterOnly) {

  public Directive {
    choices = List.copyOf(choices);
    probeValues = List.copyOf(probeValues);
    if (choices.isEmpty() && drawn == null) {
      throw new IllegalArgumentException(name + ": neither choices nor a drawn range");
    }
  }

  static Directive choice(
      String name, String redisDefault, int wDefault, int wDrawn, String... values) {
    List<String> vs = List.of(values);
    return new Directive(name, redisDefault, vs, null, vs, wDefault, wDrawn, false);
  }

  static Directive yesNo(String name, String redisDefault, int wDefault, int wDrawn) {
    return choice(name, redisDefault, wDefault, wDrawn, "yes", "no");
  }

  static Directive range(String name, String redisDefault, Gen<String> drawn, String... extremes) {
    return new Directive(name, redisDefault, List.of(), drawn, List.of(extremes), 1, 1, false);
  }

  Directive onMasterOnly() {
    return new Directive(
        name, redisDefault, choices, drawn, probeValues, weightDefault, weightDrawn, true);
  }

  Directive withDefault(String value) {
    return new Directive(
        name, value, choices, drawn, probeValues, weightDefault, weightDrawn, masterOnly);
  }

  Directive withChoices(List<String> accepted) {
    return new Directive(
        name, redisDefault, accepted, drawn, probeValues, weightDefault, weightDrawn, masterOnly);
  }
}
