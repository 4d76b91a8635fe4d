package io.replicheck.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented dependency lines work from a clean local repository: this build's artifacts are
 * installed into an empty temporary local repository (the files `mvn install` puts there: each POM,
 * each module's jar), and `mvn test` runs in a copy of each sample project with that repository.
 * Everything else (plugins, third-party libraries) comes from the user's own local repository,
 * served as a file:// mirror through a generated settings.xml, so no network is needed.
 */
class SamplesIT {
  private static final List<String> MODULES =
      List.of("rdb", "reference-impl", "models", "proxy", "reports", "harness");

  /** A nested build gets this long (it is bounded so that nothing hangs CI). */
  private static final long BUILD_BOUND_MINUTES = 6;

  private static final Path ROOT =
      Path.of(property("replicheck.root")).toAbsolutePath().normalize();
  private static final String VERSION = property("replicheck.version");

  @TempDir static Path work;
  private static Path repository;
  private static Path settings;

  @BeforeAll
  static void installIntoAnEmptyRepository() throws IOException {
    repository = Files.createDirectories(work.resolve("repository"));
    install("replicheck-parent", ROOT.resolve("pom.xml"), null);
    install("replicheck-bom", ROOT.resolve("bom/pom.xml"), null);
    String buildDir = property("replicheck.buildDir");
    for (String module : MODULES) {
      String artifact = "replicheck-" + module;
      Path jar = ROOT.resolve(module).resolve(buildDir).resolve(artifact + "-" + VERSION + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new AssertionError(
            jar
                + " is missing: run SamplesIT in the reactor (mvn verify), after every module is packaged");
      }
      install(artifact, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
    Path userRepository = Path.of(property("replicheck.userRepository")).toAbsolutePath();
    settings = work.resolve("settings.xml");
    Files.writeString(
        settings,
        """
        <settings>
          <!-- Released artifacts from the user's local repository; a local repository's layout
               serves as a remote one. Central's policy stays: no snapshots from there. -->
          <mirrors>
            <mirror>
              <id>user-local-repository</id>
              <mirrorOf>*</mirrorOf>
              <url>%s</url>
            </mirror>
          </mirrors>
        </settings>
        """
            .formatted(userRepository.toUri()));
  }

  @Test
  @Tag("interop") // one of its tests runs redis-server
  void junitConsumerRunsTheDocumentedExampleOnBothServers() throws Exception {
    Path project = build("junit-consumer", "test");
    assertPassed(project, "com.example.replication.MyReplicationTest", 1);
    assertPassed(project, "com.example.replication.RedisServerReplicationTest", 1);
  }

  @Test
  void proxyEmbeddedDrivesTheChaosProxyWithToxiproxyJava() throws Exception {
    Path project = build("proxy-embedded", "test");
    assertPassed(project, "com.example.proxy.EmbeddedProxyTest", 2);
  }

  /**
   * Issue 20: harness alone, without the BOM, resolved two Netty versions; now one of each library.
   */
  @Test
  void harnessAloneResolvesOneNetty() throws Exception {
    Path project = Files.createDirectories(work.resolve("harness-only"));
    try (var in = SamplesIT.class.getResourceAsStream("/harness-only/pom.xml")) {
      String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(project.resolve("pom.xml"), pom.replace("@replicheck.version@", VERSION));
    }
    String log = mvn(project, "validate");
    assertThat(log).contains("DependencyConvergence passed", "RequireUpperBoundDeps passed");
  }

  /** bom/pom.xml has no parent, so it repeats the shared versions: they must stay the parent's. */
  @Test
  void theBomHasTheParentsVersions() throws IOException {
    Map<String, String> parent = properties(ROOT.resolve("pom.xml"));
    Map<String, String> bom = properties(ROOT.resolve("bom/pom.xml"));
    assertThat(bom).isNotEmpty();
    bom.forEach(
        (name, version) -> assertThat(parent).as("bom's %s", name).containsEntry(name, version));
  }

  private static Path build(String sample, String goal) throws Exception {
    String pom = Files.readString(ROOT.resolve("samples").resolve(sample).resolve("pom.xml"));
    assertThat(pom)
        .as("samples/%s/pom.xml names this version", sample)
        .contains("<version>" + VERSION + "</version>");
    Path project = work.resolve(sample);
    copyTree(ROOT.resolve("samples").resolve(sample), project);
    mvn(project, goal);
    return project;
  }

  /**
   * Runs Maven in the project with the temporary repository; returns its log, fails with its tail.
   */
  private static String mvn(Path project, String goal) throws Exception {
    Path mvn = Path.of(property("replicheck.mavenHome"), "bin", "mvn");
    Path log = work.resolve(project.getFileName() + ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                mvn.toString(),
                "-B",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + repository,
                "-Dstyle.color=never",
                goal));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    try {
      if (!p.waitFor(BUILD_BOUND_MINUTES, TimeUnit.MINUTES)) {
        throw new AssertionError(
            "mvn "
                + goal
                + " in "
                + project
                + " did not finish within "
                + BUILD_BOUND_MINUTES
                + " min:\n"
                + tail(log));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "mvn "
                + goal
                + " in "
                + project
                + " exited "
                + p.exitValue()
                + ":\n"
                + tail(log)
                + testReports(project));
      }
      return out;
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** The surefire report says the class ran that many tests, none failed, none skipped. */
  private static void assertPassed(Path project, String testClass, int tests) throws IOException {
    Path report = project.resolve("target/surefire-reports/TEST-" + testClass + ".xml");
    assertThat(report).as("surefire report of " + testClass).isRegularFile();
    String xml = Files.readString(report, StandardCharsets.UTF_8);
    Matcher suite = Pattern.compile("<testsuite [^>]*>").matcher(xml);
    assertThat(suite.find()).isTrue();
    String head = suite.group();
    assertThat(attribute(head, "tests")).as(testClass + " tests").isEqualTo(tests);
    assertThat(attribute(head, "failures")).as(testClass + " failures").isZero();
    assertThat(attribute(head, "errors")).as(testClass + " errors").isZero();
    assertThat(attribute(head, "skipped")).as(testClass + " skipped").isZero();
  }

  private static int attribute(String element, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(element);
    if (!m.find()) throw new AssertionError("no " + name + " in " + element);
    return Integer.parseInt(m.group(1));
  }

  /** Puts a POM (and a jar) where `mvn install` puts them. */
  private static void install(String artifact, Path pom, Path jar) throws IOException {
    Path dir =
        Files.createDirectories(
            repository.resolve("io/replicheck").resolve(artifact).resolve(VERSION));
    String base = artifact + "-" + VERSION;
    Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null)
      Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Copies a sample without any build output of its own. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path rel = from.relativize(f);
        if (rel.startsWith("target")) continue;
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) Files.createDirectories(dest);
        else Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The *.version properties of a POM. */
  private static Map<String, String> properties(Path pom) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<([a-z-]+\\.version)>([^<]+)</").matcher(Files.readString(pom));
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  /** The sample's surefire summaries (each failed test's message and stack). */
  private static String testReports(Path project) throws IOException {
    Path reports = project.resolve("target/surefire-reports");
    if (!Files.isDirectory(reports)) return "";
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(reports)) {
      for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".txt"))::iterator) {
        out.append("\n").append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new AssertionError(
          "system property "
              + name
              + " is not set: run SamplesIT through Maven (samples/pom.xml sets it)");
    }
    return v;
  }
}
