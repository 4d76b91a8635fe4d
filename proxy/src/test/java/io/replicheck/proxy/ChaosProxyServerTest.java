package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChaosProxyServerTest {
  @Test
  void proxiesBytesBothWaysThroughAProxyMadeWithToxiproxyJava() throws Exception {
    try (EchoServer echo = new EchoServer();
        ChaosProxyServer chaos = ChaosProxyServer.start("127.0.0.1", 0, 1)) {
      assertThat(chaos.apiUrl()).isEqualTo("http://127.0.0.1:" + chaos.apiPort());
      ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", chaos.apiPort());
      Proxy p = client.createProxy("echo", "127.0.0.1:0", echo.address());
      assertThat(p.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
      int port = Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        assertThat(new String(in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
    }
  }
}
