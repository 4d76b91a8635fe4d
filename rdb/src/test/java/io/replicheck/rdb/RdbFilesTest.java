package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RdbFilesTest {
  @TempDir Path dir;

  @Test
  void savesAtomicallyAndLeavesNoTempFile() throws Exception {
    Path file = dir.resolve("dump.rdb");
    Files.writeString(file, "old contents");
    List<RdbEntry> entries = Datasets.everything(9);
    long size = RdbFiles.save(file, RdbWriteOptions.defaults(), Map.of(), entries);
    assertThat(size).isEqualTo(Files.size(file));
    List<RdbEntry> back = new java.util.ArrayList<>();
    RdbReader.read(file, back::add);
    RdbRoundTripTest.assertSameDataset(back, entries);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dump.rdb");
    }
  }

  @Test
  void aFailedSaveKeepsTheOldFile() throws Exception {
    Path file = dir.resolve("dump.rdb");
    Files.writeString(file, "old contents");
    List<RdbEntry> bad =
        List.of(
            new RdbEntry(
                0, TestValues.b("k"), new RdbValue.SetValue(List.of(), null), RdbEntry.NO_EXPIRE));
    assertThatThrownBy(() -> RdbFiles.save(file, RdbWriteOptions.defaults(), Map.of(), bad))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readString(file)).isEqualTo("old contents");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }
}
