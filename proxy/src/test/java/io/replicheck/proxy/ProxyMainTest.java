package io.replicheck.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyMainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);

  @Test
  void takesToxiproxyServersFlagsWithOneOrTwoDashes() {
    ProxyMain.Options o =
        ProxyMain.parse(
            new String[] {"-host", "127.0.0.2", "--port", "9000", "-config=x.json", "-seed", "5"});
    assertThat(o.host).isEqualTo("127.0.0.2");
    assertThat(o.port).isEqualTo(9000);
    assertThat(o.config).isEqualTo(Path.of("x.json"));
    assertThat(o.seed).isEqualTo(5);
    ProxyMain.Options d = ProxyMain.parse(new String[0]);
    assertThat(d.host).isEqualTo("127.0.0.1");
    assertThat(d.port).isEqualTo(8474);
    assertThat(ProxyMain.parse(new String[] {"--help"})).isNull();
    assertThat(ProxyMain.parse(new String[] {"-proxy-metrics", "-port", "1"}).ignored)
        .containsExactly("-proxy-metrics");
  }

  @Test
  void badFlagsAreOneClearErrorAndExitCode3() {
    assertThatThrownBy(() -> ProxyMain.parse(new String[] {"-port", "http"}))
        .hasMessageContaining("-port must be");
    assertThatThrownBy(() -> ProxyMain.parse(new String[] {"-seed"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ProxyMain.parse(new String[] {"-bogus", "1"}))
        .hasMessageContaining("unknown flag -bogus");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ProxyMain.run(
            new String[] {"-port", "-1"}, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("replicheck proxy: -port must be");
  }

  @Test
  void startsWithAConfigFileOfProxies(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config,
        "[{\"name\":\"redis\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:7000\"}]");
    ProxyMain.Options o = new ProxyMain.Options();
    o.port = 0;
    o.config = config;
    try (ChaosProxyServer server = ProxyMain.start(o, out)) {
      assertThat(new ToxiproxyClient("127.0.0.1", server.apiPort()).getProxy("redis").getUpstream())
          .isEqualTo("127.0.0.1:7000");
    }
    assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("populated 1 proxies");
  }

  @Test
  void aBadConfigOrABusyPortIsAClearError(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "[{\"name\":\"x\"}]");
    ProxyMain.Options o = new ProxyMain.Options();
    o.port = 0;
    o.config = config;
    assertThatThrownBy(() -> ProxyMain.start(o, out))
        .isInstanceOf(ProxyMain.UserFacing.class)
        .hasMessageContaining("missing required field: upstream at proxy 1");
    o.config = dir.resolve("missing.json");
    assertThatThrownBy(() -> ProxyMain.start(o, out)).hasMessageContaining("cannot read config");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ProxyMain.Options busy = new ProxyMain.Options();
      busy.port = taken.getLocalPort();
      assertThatThrownBy(() -> ProxyMain.start(busy, out))
          .isInstanceOf(ProxyMain.UserFacing.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
