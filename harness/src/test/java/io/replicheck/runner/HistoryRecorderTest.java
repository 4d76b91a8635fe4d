package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.History;
import io.replicheck.history.HistoryFormat;
import io.replicheck.history.JsonlFormat;
import io.replicheck.history.JsonlReader;
import io.replicheck.history.JsonlWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's hand-off: clients on many threads through a small ring, one writer, every event in
 * the file once and in index order; close drains and finishes the file (as a signal's abort does);
 * a failing disk is one error, reported once, and never blocks a client.
 */
class HistoryRecorderTest {
  @TempDir Path dir;

  @Test
  void manyClientsThroughASmallRingWriteEveryEventOnceInIndexOrder() throws Exception {
    int clients = 8;
    int opsEach = 2_000;
    HistoryRecorder h = new HistoryRecorder(dir.resolve("h.jsonl.gz"), null, 16, null);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    Map<Long, List<Long>> indices = new HashMap<>();
    for (int c = 0; c < clients; c++) {
      long process = c;
      List<Long> mine = new ArrayList<>();
      indices.put(process, mine);
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (long i = 0; i < opsEach; i++) {
                  mine.add(h.record(process, "invoke", "append", "k" + (i % 3), i, "n1", null));
                  mine.add(h.record(process, "ok", "append", "k" + (i % 3), i, "n1", null));
                }
              });
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) t.join();
    h.close();
    assertThat(h.failure()).isNull();

    List<Event> events = HistoryFormat.readFileEvents(h.file(), HistoryFormat.JSONL);
    int total = clients * opsEach * 2;
    assertThat(events).hasSize(total);
    for (int i = 0; i < total; i++) assertThat(events.get(i).index()).isEqualTo(i);
    // each client's events come in the order it recorded them, at the indices it was given
    Map<Long, Long> nextValue = new HashMap<>();
    for (Event e : events) {
      long p = (Long) e.process();
      long v = (Long) e.value();
      long expected = nextValue.getOrDefault(p, 0L);
      assertThat(v).isEqualTo(expected);
      if (e.type() == EventType.OK) nextValue.put(p, expected + 1);
    }
    for (Map.Entry<Long, List<Long>> m : indices.entrySet()) {
      for (long i : m.getValue()) assertThat(events.get((int) i).process()).isEqualTo(m.getKey());
    }
    assertThat(History.of("h", events).ops()).hasSize(clients * opsEach);
    assertThat(h.completions(EventType.OK)).isEqualTo(clients * opsEach);
    // times follow the clock; an event recorded after another completed has the larger index
    assertThat(events).allMatch(e -> e.time() != null && e.time() >= 0);
  }

  @Test
  void linesAreJsonlFormatsAndNemesisEventsStayInMemory() throws Exception {
    HistoryRecorder h = new HistoryRecorder(dir, null);
    h.record(0, "invoke", "append", "l1", 3, "n1", null);
    h.record("nemesis", "invoke", "stop", null, "kill -9 n2", null, null);
    h.record(0, "ok", "append", "l1", 3, "n1", null);
    h.record(1, "invoke", "read", "l1", null, "n2", null);
    h.record(1, "info", "read", "l1", null, "n2", "timeout");
    h.record(2, "invoke", "read", "l1", null, "n1", null);
    h.record(2, "ok", "read", "l1", List.of(3L), "n1", null);
    h.close();
    Path file = JsonlFormat.runHistory(dir);
    assertThat(file.getFileName().toString()).isEqualTo(JsonlFormat.RUN_FILE);
    List<Event> events = HistoryFormat.readFileEvents(file, null);
    assertThat(events).hasSize(7);
    // the recorder's bytes are JsonlFormat's own line for the event they read back as
    try (JsonlReader in = JsonlReader.open(file)) {
      for (Event e; (e = in.next()) != null; ) assertThat(in.line()).isEqualTo(JsonlFormat.line(e));
    }
    assertThat(events.get(6).value()).isEqualTo(List.of(3L));
    assertThat(events.get(4).error()).isEqualTo("timeout");
    assertThat(h.nemesisEvents())
        .singleElement()
        .satisfies(e -> assertThat(e.index()).isEqualTo(1));
    assertThat(h.completions(EventType.OK)).isEqualTo(2);
    assertThat(h.completions(EventType.INFO)).isEqualTo(1);
  }

  @Test
  void closeWritesWhatWasRecordedAndRefusesMore() throws Exception {
    HistoryRecorder h = new HistoryRecorder(dir, null);
    // an aborted drive: ops invoked and never completed, then the report phase closes the history
    for (int p = 0; p < 20; p++) h.record(p, "invoke", "write", "r1", (long) p, "n1", null);
    h.close();
    h.close(); // idempotent: CollectPhase, ReportPhase and the Closer all close it
    assertThat(HistoryFormat.readFileEvents(h.file(), null)).hasSize(20);
    assertThat(History.of("h", HistoryFormat.readFileEvents(h.file(), null)).ops())
        .allMatch(op -> op.completion() == null && op.isUnknown());
    assertThatThrownBy(() -> h.record(0, "ok", "write", "r1", 0L, "n1", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aFailingDiskIsOneErrorAndNoClientBlocks() throws Exception {
    OutputStream full =
        new OutputStream() {
          long bytes;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            if (bytes > 2_000) throw new IOException("No space left on device");
          }
        };
    List<String> reported = new CopyOnWriteArrayList<>();
    HistoryRecorder h =
        new HistoryRecorder(dir.resolve("h.jsonl"), reported::add, 16, new JsonlWriter(full));
    // far more than the ring and the writer's buffers hold: the writer must keep draining
    for (int i = 0; i < 20_000; i++) {
      h.record(i % 4, "invoke", "write", "r1", (long) i, "n1", null);
      h.record(i % 4, "ok", "write", "r1", (long) i, "n1", null);
    }
    h.close();
    assertThat(reported)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("cannot write the history " + dir.resolve("h.jsonl"))
                    .endsWith("No space left on device"));
    assertThat(h.failure()).isEqualTo(reported.get(0));
  }

  @Test
  void aBadEventIsRefusedAtTheClient() {
    HistoryRecorder h = new HistoryRecorder(dir, null);
    assertThatThrownBy(() -> h.record(0, "done", "read", "k", null, "n1", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.record("me", "invoke", "read", "k", null, "n1", null))
        .isInstanceOf(IllegalArgumentException.class);
    h.close();
    assertThat(h.size()).isZero();
  }
}
