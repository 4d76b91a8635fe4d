package io.replicheck.server.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void redisGlobSemantics() {
    assertThat(Glob.match("h?llo", "hello", false)).isTrue();
    assertThat(Glob.match("h*llo", "heeeello", false)).isTrue();
    assertThat(Glob.match("h[ae]llo", "hallo", false)).isTrue();
    assertThat(Glob.match("h[^e]llo", "hello", false)).isFalse();
    assertThat(Glob.match("h[a-b]llo", "hbllo", false)).isTrue();
    assertThat(Glob.match("h\\*llo", "h*llo", false)).isTrue();
    assertThat(Glob.match("h\\*llo", "hello", false)).isFalse();
    assertThat(Glob.match("*max*", "maxclients", false)).isTrue();
    assertThat(Glob.match("PORT", "port", true)).isTrue();
    assertThat(Glob.match("PORT", "port", false)).isFalse();
    assertThat(Glob.match("a*", "b", false)).isFalse();
  }
}
