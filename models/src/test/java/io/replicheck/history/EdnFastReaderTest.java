package io.replicheck.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fast EDN reader against edn-java: the same events, or it leaves the file to edn-java. */
class EdnFastReaderTest {

  private static List<Event> fast(String text) throws HistoryFormatException {
    return EdnFormat.parse("t", text, true);
  }

  private static List<Event> ednJava(String text) throws HistoryFormatException {
    return EdnFormat.parse("t", text, false);
  }

  private static boolean readsItself(String text) {
    return EdnFastReader.events(text, 0, text.length(), p -> 1) != null;
  }

  @Test
  void everyCorpusFileReadsAsWithEdnJava() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("..", "corpus", "knossos", "data"))) {
      files = s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(122);
    int fastOnes = 0;
    for (Path f : files) {
      String text = Files.readString(f);
      List<Event> a = fast(text);
      assertThat(a).as(f.toString()).isEqualTo(ednJava(text));
      // the file less its comment lines and its enclosing brackets, as EdnFormat hands it over
      String body = text.replaceAll("(?m)^\\s*;.*$", "").strip();
      if (body.startsWith("[") || body.startsWith("(")) {
        body = body.substring(1, body.length() - 1);
      }
      fastOnes += readsItself(body) ? 1 : 0;
    }
    // the point of the fast reader: the corpus must not all fall back
    assertThat(fastOnes).isEqualTo(files.size());
  }

  @Test
  void plainValuesReadAsWithEdnJava() throws IOException, HistoryFormatException {
    String plain =
        String.join(
            "\n",
            "{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:w :y 2]], :time 10}",
            "{:process 0, :type :ok, :f :txn, :value [[:r :x 1] [:w :y 2]], :time 20, :index 7}",
            "{:process -3 :type :invoke :f \"put\" :key \"k\\\"1\" :value \"a\\nb\\\\c\"}",
            "{:process -3 :type :info :f \"put\" :key \"k\\\"1\" :value {:a #{1 2 3} :b (4 5)}}",
            "{:process :nemesis, :type :info, :f :start, :value \"partition\"}",
            "{:process nemesis, :type :info, :f nil, :value [true false nil]}",
            "{:process 1N, :type :invoke, :f :my.ns/cas, :value [-1 +2], :node \"n1\"}",
            "{:process 1, :type :fail, :f :my.ns/cas, :value 1.5e3, :error :timeout}",
            "{:process 2, :type :invoke, :f :read, :value 123456789012345678901234567890}",
            "{:process 2, :type :ok, :f read, :value sym/bol} ; a comment",
            "{:type :invoke, :process 4, :f :add, :value 0, :extra {:nested [1 {:k v}]}}");
    assertThat(readsItself(plain)).isTrue();
    assertThat(fast(plain)).isEqualTo(ednJava(plain));
    assertThat(fast("[" + plain + "]")).isEqualTo(ednJava("[" + plain + "]"));
  }

  @Test
  void unusualInputIsLeftToEdnJava() throws HistoryFormatException {
    for (String text :
        List.of(
            "{:process 0, :type :invoke, :f :read, :value #inst \"2020-01-01T00:00:00Z\"}",
            "{:process 0, :type :invoke, :f :read, :value \\a}",
            "{:process 0, :type :invoke, :f :read, :value 1.5M}",
            "{:process 0, :type :invoke, :f :read, :value #_ 1 2}",
            "{:process 0, :type :invoke, :f :read, :value \"\\u0041\"}",
            "{:process 0, :type :invoke, :f :read, :value 010}",
            "{:process 0, :type \"invoke\", :f :read}",
            "{:process 0, :type :invoke, :type :ok, :f :read}",
            "{:process 0, :type :invoke, :f :read, :time 1.5}",
            "{:process 0, :type :invoke, :f :read, :value #{1 1}}",
            "[1 2 3]",
            "{:process 0, :type :invoke, :f :read")) {
      assertThat(readsItself(text)).as(text).isFalse();
    }
  }
}
