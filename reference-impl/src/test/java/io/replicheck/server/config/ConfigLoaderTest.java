package io.replicheck.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicheck.server.core.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  final ConfigRegistry registry = new ConfigRegistry();
  final ServerConfig config = new ServerConfig();
  final List<String> warnings = new ArrayList<>();

  ConfigLoaderTest() {
    config.register(registry);
  }

  @Test
  void fileThenCommandLineOptions() throws Exception {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(
        conf,
        "# comment\nport 7000\nsave 900 1\nsave 300 10\nhz 20\n" + "list-max-ziplist-size 5\n");
    config.loadingConfigFile = true;
    new ConfigLoader(registry, warnings::add)
        .load(
            new String[] {
              conf.toString(), "--port", "7001", "--requirepass", "p w", "--dir", dir.toString()
            });
    assertThat(config.port).isEqualTo(7001);
    assertThat(config.requirepass).isEqualTo("p w");
    assertThat(registry.get(List.of("save")).get("save")).isEqualTo("900 1 300 10");
    assertThat(config.limits.listMaxListpackSize).isEqualTo(5);
    assertThat(warnings).hasSize(1).first().asString().contains("hz");
    assertThat(config.dir).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void daemonizeYesInAFileCanBeOverriddenOnTheCommandLine() throws Exception {
    Path conf = dir.resolve("debian.conf");
    Files.writeString(conf, "daemonize yes\nbind 127.0.0.1 -::1\n");
    config.loadingConfigFile = true;
    new ConfigLoader(registry, warnings::add)
        .load(new String[] {conf.toString(), "--daemonize", "no"});
    assertThat(config.unsupportedSetting()).isNull();
    assertThat(config.bind).containsExactly("127.0.0.1", "-::1");
    new ConfigLoader(registry, warnings::add).load(new String[] {conf.toString()});
    assertThat(config.unsupportedSetting()).contains("daemonize yes is not supported");
  }

  @Test
  void emptySaveDisablesSnapshots() throws Exception {
    new ConfigLoader(registry, warnings::add).load(new String[] {"--save", ""});
    assertThat(config.save).isEmpty();
  }

  @Test
  void unknownDirectiveIsFatalWithRedisMessage() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "port 7000\nfoo bar\n");
    assertThatThrownBy(
            () -> new ConfigLoader(registry, warnings::add).load(new String[] {conf.toString()}))
        .hasMessage(
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                + "Reading the configuration file, at line 2\n>>> 'foo bar'\n"
                + "Bad directive or wrong number of arguments");
  }

  @Test
  void badValueNamesTheLine() {
    assertThatThrownBy(
            () -> new ConfigLoader(registry, warnings::add).load(new String[] {"--port", "abc"}))
        .hasMessageContaining(">>> 'port \"abc\"'")
        .hasMessageEndingWith("argument couldn't be parsed into an integer");
    assertThatThrownBy(
            () ->
                new ConfigLoader(registry, warnings::add)
                    .load(new String[] {"--appendonly", "maybe"}))
        .hasMessageContaining("appendonly")
        .hasMessageEndingWith("argument must be 'yes' or 'no'");
  }

  @Test
  void numbersOutsideTheirRangeAreRefusedWithRedisMessage() throws Exception {
    new ConfigLoader(registry, warnings::add)
        .load(new String[] {"--databases", "4", "--proto-max-bulk-len", "2mb"});
    assertThat(config.databases).isEqualTo(4);
    assertThat(config.protoMaxBulkLen).isEqualTo(2L * 1024 * 1024);
    assertThatThrownBy(
            () -> new ConfigLoader(registry, warnings::add).load(new String[] {"--databases", "0"}))
        .hasMessageEndingWith("argument must be between 1 and 2147483647 inclusive");
    assertThatThrownBy(
            () ->
                new ConfigLoader(registry, warnings::add)
                    .load(new String[] {"--proto-max-bulk-len", "1k"}))
        .hasMessageEndingWith("argument must be between 1048576 and 9223372036854775807 inclusive");
    assertThatThrownBy(
            () ->
                new ConfigLoader(registry, warnings::add)
                    .load(new String[] {"--tracking-table-max-keys", "-1"}))
        .hasMessageEndingWith("argument must be between 0 and 9223372036854775807 inclusive");
  }
}
