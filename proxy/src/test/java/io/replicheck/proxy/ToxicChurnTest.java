package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Toxics added, changed and removed over and over while data flows: every byte still arrives, once,
 * in order (what a toxic held moves on to the next when it goes).
 */
class ToxicChurnTest {
  @Test
  void noByteIsLostOrReorderedWhileToxicsChurn() throws Exception {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 17)) {
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
      Proxy p = client.createProxy("churn", "127.0.0.1:0", echo.address());
      byte[] data = new byte[400_000];
      new Random(1).nextBytes(data);
      try (Socket s = Net.connect(p.getListen())) {
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        Thread writer =
            new Thread(
                () -> {
                  try {
                    for (int off = 0; off < data.length; off += 1000) {
                      s.getOutputStream().write(data, off, Math.min(1000, data.length - off));
                      if (off % 20_000 == 0) Thread.sleep(5);
                    }
                  } catch (IOException | InterruptedException e) {
                    writeError.set(e);
                  }
                },
                "churn-writer");
        Thread churn =
            new Thread(
                () -> {
                  try {
                    Random r = new Random(2);
                    for (int i = 0; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                      ToxicDirection d =
                          r.nextBoolean() ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
                      var lat = p.toxics().latency("lat" + i, d, r.nextInt(5));
                      var sl = p.toxics().slicer("sl" + i, d, 1 + r.nextInt(200), r.nextInt(300));
                      p.toxics().bandwidth("bw" + i, d, 0); // rate 0 holds everything until removed
                      Thread.sleep(r.nextInt(10));
                      lat.setLatency(r.nextInt(5));
                      p.toxics().get("bw" + i).remove();
                      Thread.sleep(r.nextInt(10));
                      lat.remove();
                      sl.remove();
                    }
                  } catch (IOException | InterruptedException e) {
                    writeError.compareAndSet(null, e);
                  }
                },
                "churn-toxics");
        writer.start();
        churn.start();
        try {
          assertThat(Net.readExactly(s, data.length)).isEqualTo(data);
        } finally {
          churn.join(60_000);
          writer.join(10_000);
        }
        assertThat(writeError.get()).isNull();
        assertThat(p.toxics().getAll()).isEmpty();
      }
    }
  }
}
