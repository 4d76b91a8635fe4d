package io.replicheck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs started at the same moment with the same name each get a folder; store/latest stays. */
class RunStoreConcurrencyTest {
  @TempDir Path store;

  @Test
  void sameSpecAtOnceGivesDistinctFoldersAndALatestLink() throws Exception {
    RunSpec spec = RunSpec.builder().seed(42).store(store).build();
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    List<Path> dirs = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await(60, TimeUnit.SECONDS);
                  dirs.add(RunFolders.create(spec));
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    assertThat(errors).isEmpty();
    Set<Path> distinct = new HashSet<>(dirs);
    assertThat(distinct).hasSize(n);
    for (Path dir : dirs) assertThat(dir).isDirectory().hasParent(store);
    Path latest = store.resolve("latest");
    assertThat(Files.isSymbolicLink(latest)).isTrue();
    assertThat(dirs).contains(store.resolve(Files.readSymbolicLink(latest)));
    try (var l = Files.list(store)) {
      assertThat(l.filter(p -> p.getFileName().toString().startsWith(".latest"))).isEmpty();
    }
  }
}
