package io.replicheck.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Porcupine's two log formats, written by hand after anishathalye/porcupine's test_data. */
class PorcupineFormatsTest {

  static final String ETCD =
      String.join(
          "\n",
          "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
          "INFO  jepsen.util - 2\t:invoke\t:write\t4",
          "INFO  jepsen.util - 0\t:ok\t:read\tnil",
          "INFO  jepsen.util - 2\t:ok\t:write\t4",
          "some other log line from jepsen.core",
          "INFO  jepsen.util - 1\t:invoke\t:cas\t[3 0]",
          "INFO  jepsen.util - 1\t:fail\t:cas\t[3 0]",
          "INFO  jepsen.util - 3\t:invoke\t:read\tnil",
          "INFO  jepsen.util - 3\t:fail\t:read\t:timed-out",
          "INFO  jepsen.util - 4\t:invoke\t:write\t1",
          "INFO  jepsen.util - 4\t:info\t:write\t:timed-out",
          "INFO  jepsen.util - 5\t:invoke\t:cas\t[1 2]",
          "");

  @Test
  void readsEtcdLogs() throws Exception {
    History h = HistoryFormat.PORCUPINE_ETCD.read("etcd_000.log", new StringReader(ETCD));
    assertThat(h.events()).hasSize(11);
    assertThat(h.ops()).hasSize(6);
    Event readOk = h.events().get(2);
    assertThat(readOk.type()).isEqualTo(EventType.OK);
    assertThat(readOk.value()).isNull();
    assertThat(readOk.line()).isEqualTo(3);
    Op cas = h.ops().get(2);
    assertThat(cas.isFail()).isTrue();
    assertThat(cas.input()).isEqualTo(List.of(3L, 0L));
    assertThat(cas.completion().error())
        .as("a failed cas carries no error: the compare failed")
        .isNull();
    Op timedOutRead = h.ops().get(3);
    assertThat(timedOutRead.completion().error()).isEqualTo("timed-out");
    assertThat(timedOutRead.output()).isNull();
    Op infoWrite = h.ops().get(4);
    assertThat(infoWrite.isUnknown()).isTrue();
    assertThat(infoWrite.value()).isEqualTo(1L);
    assertThat(h.ops().get(5).completion()).as("no completion: unknown").isNull();
  }

  @Test
  void etcdLogsRoundTrip() throws Exception {
    List<Event> events = HistoryFormat.PORCUPINE_ETCD.readEvents("a.log", new StringReader(ETCD));
    StringWriter w = new StringWriter();
    HistoryFormat.PORCUPINE_ETCD.write(events, w);
    assertThat(w.toString()).isEqualTo(ETCD.replace("some other log line from jepsen.core\n", ""));
  }

  @Test
  void etcdErrorsNameTheLine() {
    String bad =
        "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - zero\t:ok\t:read\t1\n";
    assertThatThrownBy(
            () -> HistoryFormat.PORCUPINE_ETCD.readEvents("e.log", new StringReader(bad)))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage("e.log:2: expected a process number or :nemesis, got zero");
    assertThatThrownBy(
            () ->
                HistoryFormat.PORCUPINE_ETCD.readEvents(
                    "e.log", new StringReader("INFO  jepsen.util - 0 :invoke\n")))
        .hasMessageStartingWith(
            "e.log:1: expected 'INFO  jepsen.util - <process> :<type> :<f> <value>'");
  }

  static final String KV =
      String.join(
          "\n",
          "{:process 0, :type :invoke, :f :append, :key \"0\", :value \"x 0 0 y\"}",
          "{:process 1, :type :invoke, :f :get, :key \"0\", :value nil}",
          "{:process 0, :type :ok, :f :append, :key \"0\", :value \"x 0 0 y\"}",
          "{:process 1, :type :ok, :f :get, :key \"0\", :value \"x 0 0 y\"}",
          "{:process 0, :type :invoke, :f :put, :key \"1\", :value \"x 0 1 y\"}",
          "{:process 0, :type :ok, :f :put, :key \"1\", :value \"x 0 1 y\"}",
          "");

  @Test
  void readsKvLogs() throws Exception {
    History h = HistoryFormat.PORCUPINE_KV.read("c01-ok.txt", new StringReader(KV));
    assertThat(h.ops()).hasSize(3);
    assertThat(h.ops().get(1).key()).isEqualTo("0");
    assertThat(h.ops().get(1).value()).isEqualTo("x 0 0 y");
    assertThat(h.events().get(4).line()).isEqualTo(5);
    StringWriter w = new StringWriter();
    HistoryFormat.PORCUPINE_KV.write(h.events(), w);
    assertThat(w.toString())
        .doesNotStartWith("[")
        .startsWith("{:index 0, :type :invoke, :f :append, :key \"0\"");
    assertThat(HistoryFormat.PORCUPINE_KV.readEvents("again", new StringReader(w.toString())))
        .extracting(Event::value)
        .isEqualTo(h.events().stream().map(Event::value).toList());
  }
}
