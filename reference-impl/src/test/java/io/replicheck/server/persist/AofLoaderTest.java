package io.replicheck.server.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AOF files read and written without a server: the writer's bytes, the reader's verdicts. */
class AofLoaderTest {
  @TempDir Path dir;

  /** Records what loading applies. */
  static final class Recorder implements AofLoader.Target {
    final List<String> applied = new ArrayList<>();
    int discards;

    @Override
    public void loadRdb(InputStream in) throws IOException {
      throw new IOException("no RDB expected");
    }

    @Override
    public void apply(byte[][] argv) throws IOException {
      if (new String(argv[0], StandardCharsets.UTF_8).equals("NOSUCH")) {
        throw new AofFormatException("Unknown command 'NOSUCH'");
      }
      applied.add(
          String.join(
              " ", Arrays.stream(argv).map(a -> new String(a, StandardCharsets.UTF_8)).toList()));
    }

    @Override
    public void discardOpenMulti() {
      discards++;
    }
  }

  private static String cmd(String... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    AofWriter.encode(b, argv);
    return b.toString(StandardCharsets.UTF_8);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private List<String> logs = new ArrayList<>();

  private long load(Path f, boolean last, boolean loadTruncated, Recorder r) throws IOException {
    return AofLoader.loadFile(f, last, loadTruncated, r, logs::add);
  }

  @Test
  void theWriterSelectsTheDbOnceAndTheReaderSkipsAnnotations() throws Exception {
    Path p = dir.resolve("a.1.incr.aof");
    try (AofWriter w = AofWriter.open(p, true)) {
      w.append(0, new byte[][] {"SET".getBytes(), "k".getBytes(), "v".getBytes()}, 100);
      w.append(0, new byte[][] {"DEL".getBytes(), "k".getBytes()}, 100);
      w.append(3, new byte[][] {"INCR".getBytes(), "n".getBytes()}, 101);
      assertThat(w.size()).isEqualTo(Files.size(p));
    }
    assertThat(Files.readString(p))
        .isEqualTo(
            "#TS:100\r\n"
                + cmd("SELECT", "0")
                + cmd("SET", "k", "v")
                + cmd("DEL", "k")
                + "#TS:101\r\n"
                + cmd("SELECT", "3")
                + cmd("INCR", "n"));
    Recorder r = new Recorder();
    assertThat(load(p, true, false, r)).isEqualTo(Files.size(p));
    assertThat(r.applied).containsExactly("SELECT 0", "SET k v", "DEL k", "SELECT 3", "INCR n");
    // a new file starts with SELECT again; an existing one is appended to
    try (AofWriter w = AofWriter.open(p, false)) {
      w.append(3, new byte[][] {"INCR".getBytes(), "n".getBytes()}, -1);
    }
    assertThat(Files.readString(p))
        .endsWith(cmd("INCR", "n") + cmd("SELECT", "3") + cmd("INCR", "n"));
  }

  @Test
  void aTruncatedLastFileIsCutBackToTheLastWholeCommand() throws Exception {
    String whole = cmd("SET", "a", "1");
    for (String tail :
        new String[] {
          "*3\r\n$3\r\nSET\r\n$1\r\na", "*3", "*", cmd("MULTI") + cmd("SET", "b", "2")
        }) {
      Path f = file("t.aof", whole + tail);
      Recorder strict = new Recorder();
      assertThatThrownBy(() -> load(f, true, false, strict))
          .as(tail)
          .isInstanceOf(AofFormatException.class)
          .hasMessageStartingWith("Unexpected end of file reading the append only file t.aof");
      assertThatThrownBy(() -> load(f, false, true, new Recorder()))
          .hasMessageContaining("the truncated file is not the last file");
      Recorder r = new Recorder();
      assertThat(load(f, true, true, r)).isEqualTo(-(whole.length() + 1));
      assertThat(Files.readString(f)).isEqualTo(whole);
      assertThat(r.applied).startsWith("SET a 1");
    }
    assertThat(logs).contains("Revert incomplete MULTI/EXEC transaction in AOF file t.aof");
  }

  @Test
  void badFormatAndUnknownCommandsAreFatalWithRedissMessage() throws Exception {
    Path bad = file("b.aof", cmd("SET", "a", "1") + "garbage\r\n");
    assertThatThrownBy(() -> load(bad, true, true, new Recorder()))
        .isInstanceOf(AofFormatException.class)
        .hasMessageStartingWith("Bad file format reading the append only file b.aof");
    Path badLen = file("c.aof", "*1\r\nSET\r\n");
    assertThatThrownBy(() -> load(badLen, true, true, new Recorder()))
        .hasMessageStartingWith("Bad file format reading the append only file c.aof");
    Path unknown = file("d.aof", cmd("NOSUCH", "x"));
    assertThatThrownBy(() -> load(unknown, true, true, new Recorder()))
        .hasMessage("Unknown command 'NOSUCH' reading the append only file d.aof");
    assertThat(load(file("e.aof", ""), true, false, new Recorder())).isZero();
  }

  @Test
  void aManifestListingAMissingFileIsFatal() throws Exception {
    AofManifest m =
        AofManifest.parse(
            "file x.1.base.aof seq 1 type b\nfile x.1.incr.aof seq 1 type i\n".getBytes());
    file("x.1.base.aof", cmd("SET", "a", "1"));
    assertThatThrownBy(() -> AofLoader.loadAll(dir, m, true, new Recorder(), logs::add))
        .isInstanceOf(AofFormatException.class)
        .hasMessageContaining("x.1.incr.aof listed in the manifest doesn't exist");
  }

  @Test
  void rewriteCommandsBatchSixtyFourItemsAndEndWithPexpireat() {
    List<byte[]> members = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      members.add(Integer.toString(i).getBytes());
    }
    var cmds =
        AofRewrite.commandsFor(
            new io.replicheck.rdb.RdbEntry(
                0, "l".getBytes(), new io.replicheck.rdb.RdbValue.ListValue(members, null), 12345));
    assertThat(cmds).hasSize(4);
    assertThat(cmds.get(0).length).isEqualTo(66);
    assertThat(cmds.get(2).length).isEqualTo(4);
    assertThat(new String(cmds.get(3)[0])).isEqualTo("PEXPIREAT");
    assertThat(new String(cmds.get(3)[2])).isEqualTo("12345");
  }
}
