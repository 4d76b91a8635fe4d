package io.replicheck.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * COMMAND DOCS answers redis 7.0.15's docs (from its own reply) for the commands this server has.
 */
class CommandDocsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void docsOfNamedCommandsInRedisForm() {
    c.call("HELLO", "3");
    @SuppressWarnings("unchecked")
    Map<Object, Object> docs =
        (Map<Object, Object>) c.call("COMMAND", "DOCS", "GET", "client|kill", "nosuch");
    assertThat(docs.keySet()).containsExactly("get", "client|kill");
    Map<?, ?> get = (Map<?, ?>) docs.get("get");
    assertThat(get.get("summary")).isEqualTo("Get the value of a key");
    assertThat(get.get("since")).isEqualTo("1.0.0");
    assertThat(get.get("group")).isEqualTo("string");
    assertThat(get.get("complexity")).isEqualTo("O(1)");
    List<?> args = (List<?>) get.get("arguments");
    @SuppressWarnings("unchecked")
    Map<Object, Object> first = (Map<Object, Object>) args.get(0);
    assertThat(first).containsEntry("name", "key").containsEntry("type", "key");
    assertThat(((Map<?, ?>) docs.get("client|kill")).get("group")).isEqualTo("connection");
  }

  @Test
  void everyCommandOfTheTableHasDocsWithoutArguments() {
    Object all = c.call("COMMAND", "DOCS");
    // RESP2: the map flattened into name, docs, name, docs ...
    @SuppressWarnings("unchecked")
    List<Object> flat = (List<Object>) all;
    long count = (Long) c.call("COMMAND", "COUNT");
    assertThat(flat).hasSize((int) (2 * count));
    assertThat(flat).contains("zadd", "xadd", "eval", "client");
  }
}
