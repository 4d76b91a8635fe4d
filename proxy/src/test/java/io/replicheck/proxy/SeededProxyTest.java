package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed makes toxicity rolls repeat across proxy servers, over real connections. */
class SeededProxyTest {
  /**
   * For 24 connections in a row: true where the toxic (cut after 0 bytes, toxicity 0.5) applied.
   */
  private static List<Boolean> pattern(long seed) throws IOException {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, seed)) {
      Proxy p =
          new ToxiproxyClient("127.0.0.1", chaos.apiPort())
              .createProxy("p", "127.0.0.1:0", echo.address());
      p.toxics().limitData("cut", ToxicDirection.DOWNSTREAM, 0).setToxicity(0.5f);
      List<Boolean> applied = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        try (Socket s = Net.connect(p.getListen())) {
          s.getOutputStream().write(1);
          int b;
          try {
            b = s.getInputStream().read();
          } catch (SocketException e) {
            b = -1;
          }
          applied.add(b < 0);
        }
      }
      return applied;
    }
  }

  @Test
  void theSameSeedGivesTheSameConnectionsTheSameToxics() throws IOException {
    List<Boolean> a = pattern(99);
    assertThat(a).contains(true, false);
    assertThat(pattern(99)).isEqualTo(a);
    assertThat(pattern(100)).isNotEqualTo(a);
  }
}
