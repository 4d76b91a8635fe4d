package io.replicheck.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.core.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRewriterTest {
  @TempDir Path dir;

  private ConfigRegistry load(Path conf) throws Exception {
    ConfigRegistry registry = new ConfigRegistry();
    ServerConfig config = new ServerConfig();
    config.register(registry);
    config.loadingConfigFile = true;
    new ConfigLoader(registry, w -> {}).load(new String[] {conf.toString()});
    config.loadingConfigFile = false;
    return registry;
  }

  @Test
  void keepsCommentsRewritesNamedDirectivesInPlaceAndAppendsChangedOnes() throws Exception {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(
        conf,
        "# my settings\nport 7000\nsave 900 1\n\n# keep me\nsave 300 10\nhz 20\nmaxclients 10000\n");
    ConfigRegistry registry = load(conf);
    assertThat(registry.set(List.of("maxclients", "77", "requirepass", "p w", "save", "60 5")))
        .isNull();
    ConfigRewriter.rewrite(registry, conf);
    assertThat(Files.readAllLines(conf))
        .containsExactly(
            "# my settings",
            "port 7000",
            "save 60 5",
            "",
            "# keep me",
            "hz 20",
            "maxclients 77",
            ConfigRewriter.MARKER,
            "requirepass \"p w\"");
    ConfigRegistry again = load(conf);
    assertThat(again.get(List.of("maxclients", "requirepass", "save", "port")))
        .containsEntry("maxclients", "77")
        .containsEntry("requirepass", "p w")
        .containsEntry("save", "60 5")
        .containsEntry("port", "7000");
  }

  @Test
  void aSecondRewriteChangesNothingAndDefaultsAreNotAppended() throws Exception {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "port 7000\n");
    ConfigRegistry registry = load(conf);
    registry.set(List.of("timeout", "5"));
    ConfigRewriter.rewrite(registry, conf);
    String once = Files.readString(conf);
    ConfigRewriter.rewrite(registry, conf);
    assertThat(Files.readString(conf))
        .isEqualTo(once)
        .isEqualTo("port 7000\n" + ConfigRewriter.MARKER + "\ntimeout 5\n");
  }

  @Test
  void aMasterLosesItsReplicaofLine() throws Exception {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "replicaof 127.0.0.1 7000\nport 7001\n");
    ConfigRegistry registry = new ConfigRegistry();
    new ServerConfig().register(registry);
    String[] role = {"127.0.0.1 7000"};
    registry.register(
        new ConfigParam("replicaof", List.of("slaveof"), () -> role[0], v -> {}, false, 2, 2));
    role[0] = "";
    ConfigRewriter.rewrite(registry, conf);
    // Not loaded from the file: port is rewritten with the registry's value.
    assertThat(Files.readString(conf)).isEqualTo("port 6379\n");
  }

  @Test
  void emptySaveAndUnsetReplicaofRender() {
    assertThat(ConfigRewriter.render("save", "", 64)).containsExactly("save \"\"");
    assertThat(ConfigRewriter.render("replicaof", "", 2)).isEmpty();
    assertThat(ConfigRewriter.render("replicaof", "10.0.0.1 6380", 2))
        .containsExactly("replicaof 10.0.0.1 6380");
    assertThat(ConfigRewriter.render("client-output-buffer-limit", "normal 0 0 0 pubsub 1 2 3", 12))
        .containsExactly(
            "client-output-buffer-limit normal 0 0 0", "client-output-buffer-limit pubsub 1 2 3");
  }
}
