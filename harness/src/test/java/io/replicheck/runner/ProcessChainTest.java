package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.replicheck.history.Event;
import io.replicheck.history.EventType;
import io.replicheck.history.JsonlReader;
import io.replicheck.workload.OpSpec;
import io.replicheck.workload.RegisterWorkload;
import io.replicheck.workload.WorkloadClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workload client's ops as an async chain (issue 19): one op outstanding per process, invoke
 * before completion, the op bound, a broken connection, and the ops handed back to the thread.
 * Against a small in-test RESP server, so that it can hold replies or drop the connection.
 */
@Timeout(600) // each test; guards against a hang, not a measure (slow on a loaded machine)
class ProcessChainTest {
  @TempDir Path dir;
  private FakeRedis server;
  private ClientResources resources;
  private HistoryRecorder history;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRedis();
    resources = DefaultClientResources.builder().ioThreadPoolSize(2).build();
    history = new HistoryRecorder(dir, null);
  }

  @AfterEach
  void stop() throws Exception {
    history.close();
    server.close();
    resources.shutdown(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }

  private WorkloadClient connect(Duration timeout) {
    return WorkloadClient.connect(resources, "127.0.0.1", server.port(), timeout, 8, 0);
  }

  private ProcessChain chain(WorkloadClient c, long process, Duration t, Supplier<OpSpec> next) {
    return new ProcessChain(c, history, process, "n1", t, next, () -> {});
  }

  /** The first {@code n} ops of a seeded register workload, then none (the drive stopped). */
  private static Supplier<OpSpec> ops(int n, long seed) {
    RegisterWorkload w = new RegisterWorkload(3, false);
    Random random = new Random(seed);
    AtomicInteger drawn = new AtomicInteger();
    return () -> drawn.getAndIncrement() < n ? w.next(random, 0) : null;
  }

  private List<Event> events() throws Exception {
    history.close();
    List<Event> out = new ArrayList<>();
    try (JsonlReader in = JsonlReader.open(history.file())) {
      for (Event e; (e = in.next()) != null; ) out.add(e);
    }
    return out;
  }

  /** Each process alternates invoke and completion of the same op, in index order. */
  private static void assertOneOpAtATime(List<Event> events) {
    Map<Object, Event> open = new HashMap<>();
    long lastIndex = -1;
    for (Event e : events) {
      assertThat(e.index()).isGreaterThan(lastIndex);
      lastIndex = e.index();
      Event invoke = open.remove(e.process());
      if (e.type() == EventType.INVOKE) {
        assertThat(invoke).as("a second invoke while %s is outstanding", invoke).isNull();
        open.put(e.process(), e);
      } else {
        assertThat(invoke).as("a completion with no invoke: %s", e).isNotNull();
        assertThat(e.f()).isEqualTo(invoke.f());
        assertThat(e.key()).isEqualTo(invoke.key());
        assertThat(e.time()).isGreaterThanOrEqualTo(invoke.time());
      }
    }
  }

  @Test
  void everyOpIsRecordedInvokeThenCompletionAndReadsSeeTheWrites() throws Exception {
    try (WorkloadClient c = connect(Duration.ofSeconds(30))) {
      ProcessChain.End end = chain(c, 0, Duration.ofSeconds(30), ops(500, 1)).run();
      assertThat(end).isEqualTo(ProcessChain.End.STOPPED);
    }
    List<Event> events = events();
    assertThat(events).hasSize(1000);
    assertOneOpAtATime(events);
    // one process, one connection: each read sees the last write of its key
    Map<Object, Object> written = new HashMap<>();
    for (Event e : events) {
      if (e.type() != EventType.OK) continue;
      if (e.f().equals("write")) written.put(e.key(), e.value());
      else assertThat(e.value()).as("read of %s", e.key()).isEqualTo(written.get(e.key()));
    }
  }

  @Test
  void manyChainsOnTwoEventLoopsKeepOneOpPerProcess() throws Exception {
    List<WorkloadClient> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int p = 0; p < 8; p++) {
        WorkloadClient c = connect(Duration.ofSeconds(30));
        clients.add(c);
        ProcessChain chain = chain(c, p, Duration.ofSeconds(30), ops(300, p));
        Thread t = new Thread(chain::run);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) t.join();
    } finally {
      clients.forEach(WorkloadClient::close);
    }
    List<Event> events = events();
    assertThat(events).hasSize(8 * 300 * 2);
    assertOneOpAtATime(events);
  }

  @Test
  void anOpWithNoReplyWithinItsBoundIsIndeterminateAndItsLateReplyIsDropped() throws Exception {
    Supplier<OpSpec> first = ops(10, 2);
    AtomicInteger drawn = new AtomicInteger();
    Supplier<OpSpec> next =
        () -> {
          if (drawn.incrementAndGet() <= 10) return first.get();
          server.hold(); // the server now keeps its replies
          return new OpSpec("write", "r0", 4L);
        };
    try (WorkloadClient c = connect(Duration.ofSeconds(30))) {
      ProcessChain.End end = chain(c, 0, Duration.ofSeconds(1), next).run();
      assertThat(end.op()).isEqualTo(new OpSpec("write", "r0", 4L));
      assertThat(end.last().type()).isEqualTo("info");
      assertThat(end.last().error()).contains("RedisCommandTimeoutException");
      // the held reply comes late; a read after it on the same connection returns only once the
      // late reply has been handled, which must record nothing
      server.release();
      assertThat(c.invoke(new OpSpec("read", "r0", null)).type()).isEqualTo("ok");
    }
    List<Event> events = events();
    assertThat(events).hasSize(22);
    assertOneOpAtATime(events);
    Event last = events.get(21);
    assertThat(last.type()).isEqualTo(EventType.INFO);
    assertThat(last.value()).isEqualTo(4L);
  }

  @Test
  void aBrokenConnectionEndsTheChainAndANewProcessGoesOnOnANewOne() throws Exception {
    server.dropAfter(7);
    ProcessChain.End end;
    try (WorkloadClient c = connect(Duration.ofSeconds(30))) {
      end = chain(c, 0, Duration.ofSeconds(30), ops(100, 3)).run();
    }
    assertThat(end.last()).isNotNull();
    assertThat(end.last().type()).isIn("info", "fail");
    assertThat(end.last().error()).isNotBlank();
    if (end.op().f().equals("write")) assertThat(end.last().type()).isEqualTo("info");
    // as ClientLoop does after an info: reconnect as the next process
    try (WorkloadClient c = connect(Duration.ofSeconds(30))) {
      assertThat(chain(c, 5, Duration.ofSeconds(30), ops(20, 4)).run())
          .isEqualTo(ProcessChain.End.STOPPED);
    }
    List<Event> events = events();
    assertOneOpAtATime(events);
    // seven ops answered, the eighth cut off by the dropped connection and recorded as it ended
    assertThat(events.stream().filter(e -> e.process().equals(0L)).count()).isEqualTo(2 * 8);
    assertThat(events.stream().filter(e -> e.process().equals(5L)).count()).isEqualTo(2 * 20);
  }

  @Test
  void anOpTheChainDoesNotRunIsHandedBackUninvoked() throws Exception {
    Supplier<OpSpec> first = ops(3, 5);
    AtomicInteger drawn = new AtomicInteger();
    OpSpec cas = new OpSpec("cas", "r1", List.of(0L, 1L));
    Supplier<OpSpec> next = () -> drawn.incrementAndGet() <= 3 ? first.get() : cas;
    try (WorkloadClient c = connect(Duration.ofSeconds(30))) {
      ProcessChain.End end = chain(c, 0, Duration.ofSeconds(30), next).run();
      assertThat(end.handedBack()).isEqualTo(cas);
      assertThat(end.last()).isNull();
    }
    List<Event> events = events();
    assertThat(events).hasSize(6);
    assertThat(events).noneMatch(e -> e.f().equals("cas"));
  }

  /**
   * Enough of RESP for the register workload: GET and SET on a shared map, +OK otherwise. It can
   * hold its replies until released, or drop a connection at its n-th GET or SET.
   */
  private static final class FakeRedis implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, String> data = new ConcurrentHashMap<>();
    private volatile CountDownLatch held = new CountDownLatch(0);
    private final AtomicInteger dropAt = new AtomicInteger(-1);
    private final List<Socket> open = new ArrayList<>();

    FakeRedis() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "fake-redis");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    void hold() {
      held = new CountDownLatch(1);
    }

    void release() {
      held.countDown();
    }

    void dropAfter(int ops) {
      dropAt.set(ops);
    }

    private void accept() {
      try {
        while (true) {
          Socket s = socket.accept();
          synchronized (open) {
            open.add(s);
          }
          Thread t = new Thread(() -> serve(s), "fake-redis-conn");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void serve(Socket s) {
      try (s) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        int ops = 0;
        for (String line; (line = in.readLine()) != null; ) {
          if (!line.startsWith("*")) continue;
          int n = Integer.parseInt(line.substring(1));
          List<String> argv = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            in.readLine();
            argv.add(in.readLine());
          }
          String cmd = argv.get(0).toUpperCase();
          String reply = "+OK\r\n";
          if (cmd.equals("GET") || cmd.equals("SET")) {
            int drop = dropAt.get();
            if (drop >= 0 && ++ops > drop && dropAt.compareAndSet(drop, -1)) return; // once
            if (cmd.equals("SET")) {
              data.put(argv.get(1), argv.get(2));
            } else {
              String v = data.get(argv.get(1));
              reply = v == null ? "$-1\r\n" : "$" + v.length() + "\r\n" + v + "\r\n";
            }
          }
          held.await();
          out.write(reply.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException | RuntimeException e) {
        // closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      release();
      socket.close();
      synchronized (open) {
        for (Socket s : open) s.close();
      }
    }
  }
}
