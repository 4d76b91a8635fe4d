package io.replicheck.server.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.server.ReferenceServer;
import io.replicheck.server.resp.RespParser;
import io.replicheck.testkit.RedisServerProcess;
import io.replicheck.testkit.Tools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same command script against redis-server 7.0 and the reference server through redis-cli:
 * every reply, error texts included, must be identical. Scripts are in
 * src/test/resources/differential (one command per line, quoted like redis-cli's input).
 */
@Tag("interop") // needs redis-server and redis-tools
class DifferentialIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"errors.txt", "values.txt", "pubsub.txt"})
  void sameRepliesAsRedisServer(String script) throws Exception {
    List<List<String>> commands = new ArrayList<>();
    try (InputStream in = DifferentialIT.class.getResourceAsStream("/differential/" + script)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        List<byte[]> parts = RespParser.splitArgs(line.getBytes(StandardCharsets.UTF_8));
        if (parts != null && !parts.isEmpty()) {
          List<String> args = new ArrayList<>();
          parts.forEach(p -> args.add(new String(p, StandardCharsets.UTF_8)));
          commands.add(args);
        }
      }
    }
    Path theirs = Files.createDirectories(dir.resolve("redis"));
    Path ours = Files.createDirectories(dir.resolve("ours"));
    List<String> mismatches = new ArrayList<>();
    try (RedisServerProcess redis = RedisServerProcess.redis(theirs);
        ReferenceServer server =
            ReferenceServer.start(
                false,
                "--port",
                "0",
                "--save",
                "",
                "--dir",
                ours.toString(),
                "--enable-debug-command",
                "yes",
                "--logfile",
                ours.resolve("s.log").toString())) {
      for (List<String> cmd : commands) {
        String expected = Tools.cli(redis.port, cmd.toArray(new String[0])).output();
        String actual = Tools.cli(server.port(), cmd.toArray(new String[0])).output();
        if (!expected.equals(actual)) {
          mismatches.add(String.join(" ", cmd) + "\n  redis: " + expected + "  ours:  " + actual);
        }
      }
    }
    assertThat(commands).hasSizeGreaterThan(50);
    assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
  }

  @Test
  void scriptsAreOnTheClassPath() {
    assertThat(DifferentialIT.class.getResource("/differential/errors.txt")).isNotNull();
  }
}
