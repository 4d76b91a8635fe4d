package io.replicheck.server.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicheck.rdb.RdbEntry;
import io.replicheck.rdb.RdbReader;
import io.replicheck.rdb.RdbVisitor;
import io.replicheck.server.ServerLog;
import io.replicheck.server.command.TestCoreAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Function libraries in the RDB (FUNCTION2 opcodes): saved, loaded, and compiled again. */
class FunctionRdbTest {
  @TempDir Path dir;

  static final String LIB =
      "#!lua name=counter\n"
          + "redis.register_function('bump', function(keys, args)"
          + " return redis.call('incrby', keys[1], args[1]) end)\n"
          + "redis.register_function{function_name='peek', callback=function(keys)"
          + " return redis.call('get', keys[1]) end, flags={'no-writes'}}";

  private TestCoreAccess server() {
    TestCoreAccess t = new TestCoreAccess();
    t.config().dir = dir;
    t.core().setPersistence(new RdbPersistence(t.core(), new ServerLog(), Runnable::run));
    return t;
  }

  @Test
  void saveWritesOneFunction2OpcodePerLibraryBeforeTheKeys() throws Exception {
    TestCoreAccess t = server();
    assertThat(t.call("FUNCTION", "LOAD", LIB)).isEqualTo("counter");
    t.call("SET", "k", "1");
    assertThat(t.call("SAVE")).hasToString("OK");
    List<String> order = new ArrayList<>();
    RdbReader.read(
        dir.resolve("dump.rdb"),
        new RdbVisitor() {
          @Override
          public void function(String code) {
            order.add("function:" + code);
          }

          @Override
          public void entry(RdbEntry e) {
            order.add("key");
          }
        });
    assertThat(order).containsExactly("function:" + LIB, "key");
  }

  @Test
  void loadedLibrariesAreCompiledAgain() throws Exception {
    TestCoreAccess t = server();
    t.call("FUNCTION", "LOAD", LIB);
    t.call("SAVE");
    TestCoreAccess fresh = server();
    RdbPersistence p = (RdbPersistence) fresh.core().persistence();
    assertThat(p.loadAtStartup()).isTrue();
    assertThat(fresh.call("FCALL", "bump", "1", "n", "5")).isEqualTo(5L);
    assertThat(fresh.call("FCALL_RO", "peek", "1", "n")).isEqualTo("5");
    // DEBUG RELOAD replaces the dataset, libraries included.
    fresh.call("FUNCTION", "FLUSH");
    assertThat(fresh.call("DEBUG", "RELOAD", "NOSAVE")).hasToString("OK");
    assertThat(fresh.call("FCALL", "bump", "1", "n", "1")).isEqualTo(1L);
  }

  @Test
  void flushallKeepsTheLibraries() throws Exception {
    TestCoreAccess t = server();
    t.call("FUNCTION", "LOAD", LIB);
    t.call("FLUSHALL");
    assertThat(t.call("FCALL", "bump", "1", "n", "2")).isEqualTo(2L);
    assertThat(t.core().keyspace().functionLibraries()).containsExactly(LIB);
  }
}
