package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.proxy.net.TcpProxy;
import io.replicheck.proxy.toxic.Direction;
import io.replicheck.proxy.toxic.ToxicSpec;
import io.replicheck.proxy.toxic.ToxicType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The no-toxic pass-through and the toxic chain swap while bytes flow: several connections write
 * without pause through an echo server (so both directions carry data) while toxics are added and
 * removed in both directions, hundreds of times, each time back to no toxics at all. Every byte
 * must come back once and in order. Some of the toxics hold every byte (bandwidth 0) so that there
 * are always bytes in flight inside the chain when the proxy returns to pass-through, and some roll
 * toxicity 0 (a chain that passes everything but is not empty). No timing is asserted: the writers
 * stop after the churn ends, and the readers then expect exactly what was written.
 */
class PassThroughSwitchTest {
  private static final int CONNECTIONS = 4;
  private static final int SWITCHES = 200;

  /** A bound against hanging, not a measurement. */
  private static final long STALL_NANOS = 60_000_000_000L;

  @Test
  void noByteIsLostOrReorderedAcrossSwitches() throws Exception {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 23)) {
      TcpProxy p = chaos.createProxy("switch", "127.0.0.1:0", echo.address());
      List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean churnDone = new AtomicBoolean();
      AtomicLong[] written = new AtomicLong[CONNECTIONS];
      AtomicLong[] verified = new AtomicLong[CONNECTIONS];
      CountDownLatch writing = new CountDownLatch(CONNECTIONS);
      try {
        for (int c = 0; c < CONNECTIONS; c++) {
          Socket s = Net.connect(p.listen());
          s.setSoTimeout(100);
          sockets.add(s);
          int conn = c;
          written[c] = new AtomicLong(-1);
          verified[c] = new AtomicLong();
          threads.add(
              thread(
                  "writer-" + c,
                  failure,
                  sockets,
                  () -> writeUntil(s, conn, churnDone, writing, written[conn])));
          threads.add(
              thread(
                  "reader-" + c,
                  failure,
                  sockets,
                  () -> verify(s, conn, written[conn], verified[conn])));
        }
        for (Thread t : threads) t.start();
        writing.await();
        churn(p, new Random(5), failure);
        churnDone.set(true);
        for (Thread t : threads) t.join(120_000);
        if (failure.get() != null) throw new AssertionError(failure.get());
        for (Thread t : threads) assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
      } finally {
        for (Socket s : sockets) s.close();
      }
      if (failure.get() != null) throw new AssertionError(failure.get());
      for (int c = 0; c < CONNECTIONS; c++) {
        assertThat(written[c].get()).isPositive();
        assertThat(verified[c].get()).isEqualTo(written[c].get());
      }
      assertThat(p.toxics()).isEmpty();
    }
  }

  /** Adds one or more toxics, maybe lets data flow through them, then removes them all. */
  private static void churn(TcpProxy p, Random r, AtomicReference<Throwable> failure)
      throws InterruptedException {
    for (int i = 0; i < SWITCHES && failure.get() == null; i++) {
      int toxics = 1 + r.nextInt(3);
      for (int k = 0; k < toxics; k++) {
        Direction d = r.nextBoolean() ? Direction.UPSTREAM : Direction.DOWNSTREAM;
        String name = "t" + i + "-" + k;
        switch (r.nextInt(5)) {
          case 0 -> p.addToxic(ToxicSpec.of(name, ToxicType.BANDWIDTH, d, 1.0, Map.of("rate", 0L)));
          case 1 ->
              p.addToxic(
                  ToxicSpec.of(
                      name, ToxicType.LATENCY, d, 1.0, Map.of("latency", (long) r.nextInt(3))));
          case 2 ->
              p.addToxic(
                  ToxicSpec.of(
                      name,
                      ToxicType.SLICER,
                      d,
                      1.0,
                      Map.of(
                          "average_size", 1L + r.nextInt(500), "size_variation", 0L, "delay", 0L)));
          case 3 ->
              p.addToxic(ToxicSpec.of(name, ToxicType.LATENCY, d, 0.0, Map.of("latency", 1000L)));
          default ->
              p.addToxic(ToxicSpec.of(name, ToxicType.BANDWIDTH, d, 1.0, Map.of("rate", 100L)));
        }
      }
      Thread.sleep(r.nextInt(3)); // lets bytes pile up in the chain (not a timing assertion)
      if (r.nextBoolean()) {
        p.removeAllToxics();
      } else {
        for (int k = toxics - 1; k >= 0; k--) p.removeToxic("t" + i + "-" + k);
      }
      if (r.nextInt(4) == 0) Thread.sleep(1); // and some pass-through between toxics
    }
  }

  /** Writes pattern bytes in odd-sized pieces until the churn is over; records how many. */
  private static void writeUntil(
      Socket s, int conn, AtomicBoolean stop, CountDownLatch started, AtomicLong written)
      throws IOException, InterruptedException {
    Random sizes = new Random(100 + conn);
    OutputStream out = s.getOutputStream();
    byte[] buf = new byte[8_192];
    long pos = 0;
    started.countDown();
    while (!stop.get()) {
      int n = 1 + sizes.nextInt(buf.length);
      for (int i = 0; i < n; i++) buf[i] = pattern(conn, pos + i);
      out.write(buf, 0, n);
      pos += n;
      // Paced (a few MB/s) so that every switch finds bytes on the way without the test moving
      // gigabytes; the pace decides only how much flows, nothing is asserted on it.
      if (sizes.nextInt(4) == 0) Thread.sleep(1);
    }
    written.set(pos);
  }

  /** Reads and checks every byte against the pattern until the writer's total has come back. */
  private static void verify(Socket s, int conn, AtomicLong written, AtomicLong verified)
      throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[65_536];
    long pos = 0;
    long lastProgress = System.nanoTime();
    while (true) {
      long total = written.get();
      if (total >= 0 && pos == total) break;
      int n;
      try {
        n = in.read(buf); // times out often: the writer's total may have been set meanwhile
      } catch (SocketTimeoutException e) {
        if (System.nanoTime() - lastProgress > STALL_NANOS) {
          throw new IOException("connection " + conn + ": nothing came for 60 s at byte " + pos);
        }
        continue;
      }
      lastProgress = System.nanoTime();
      if (n < 0) throw new IOException("connection " + conn + " ended after " + pos + " bytes");
      for (int i = 0; i < n; i++) {
        if (buf[i] != pattern(conn, pos + i)) {
          throw new AssertionError(
              "connection " + conn + ": byte " + (pos + i) + " is not the one written there");
        }
      }
      pos += n;
      verified.set(pos);
    }
  }

  /** A byte that depends on its position and connection and repeats at no chunk size. */
  private static byte pattern(int conn, long pos) {
    long z = pos * 0x9E3779B97F4A7C15L + conn;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    return (byte) (z ^ (z >>> 29));
  }

  private interface Body {
    void run() throws Exception;
  }

  /** A thread that records the first failure and then closes every socket, so nothing waits. */
  private static Thread thread(
      String name, AtomicReference<Throwable> failure, List<Socket> sockets, Body body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                if (failure.compareAndSet(null, e)) {
                  for (Socket s : sockets) {
                    try {
                      s.close();
                    } catch (IOException ignored) {
                      // closing to unblock the others
                    }
                  }
                }
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }
}
