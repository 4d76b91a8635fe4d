package io.replicheck.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * junit.xml against the two common JUnit XML schemas (test resources): Apache Ant's JUnit.xsd, the
 * strict one, and the Jenkins xUnit plugin's junit-10.xsd.
 */
class JunitXmlTest {
  private static final List<String> SCHEMAS =
      List.of("/junit/JUnit.xsd", "/junit/jenkins-junit-10.xsd");
  @TempDir Path dir;

  private static Validator validator(String schemaResource) throws SAXException {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    // The schema and reports are local files: no fetching of anything while validating.
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    Schema schema = f.newSchema(JunitXmlTest.class.getResource(schemaResource));
    Validator v = schema.newValidator();
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return v;
  }

  private static void validateAgainstBoth(Path file) throws Exception {
    for (String schema : SCHEMAS) {
      try {
        validator(schema).validate(new StreamSource(file.toFile()));
      } catch (SAXException e) {
        throw new AssertionError(
            file.getFileName() + " is not valid under " + schema + ": " + e.getMessage(), e);
      }
    }
  }

  private static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  /** The cases the harness builds from results.json. */
  private static List<JunitXml.Case> cases(Path run) throws IOException {
    JsonNode r = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    List<JunitXml.Case> out = new ArrayList<>();
    for (JsonNode i : r.path("invariants")) {
      List<String> ev = new ArrayList<>();
      i.path("evidence").forEach(e -> ev.add(e.asText()));
      out.add(
          new JunitXml.Case(
              i.path("id").asText(),
              i.path("name").asText(),
              i.path("verdict").asText(),
              i.path("reason").asText(),
              ev));
    }
    return out;
  }

  @Test
  void sampleRunsAsTheHarnessWritesThemAreValidUnderBothSchemas() throws Exception {
    for (String run : List.of(Samples.VALID, Samples.INVALID, Samples.UNKNOWN)) {
      Path file = dir.resolve(run + ".xml");
      JunitXml.write(file, "run-" + run, 12.3456, cases(Samples.resources().resolve(run)));
      validateAgainstBoth(file);
      Element suite = (Element) parse(file).getElementsByTagName("testsuite").item(0);
      assertThat(suite.getAttribute("tests")).isEqualTo("4");
      assertThat(suite.getAttribute("time")).isEqualTo("12.346");
      assertThat(suite.getAttribute("timestamp"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
      assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(4);
      String xml = Files.readString(file);
      if (run.equals(Samples.INVALID)) {
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        Element failure = (Element) suite.getElementsByTagName("failure").item(1);
        assertThat(failure.getAttribute("type")).isEqualTo("P3");
        assertThat(failure.getAttribute("message"))
            .startsWith("read of l")
            .contains("misses acknowledged append");
        assertThat(failure.getTextContent()).contains("returned ok before the read was invoked");
      }
      if (run.equals(Samples.UNKNOWN)) {
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("errors")).isEqualTo("2");
        assertThat(xml).contains("<error message=\"search budget exhausted");
      }
      if (run.equals(Samples.VALID)) {
        assertThat(
                suite.getElementsByTagName("failure").getLength()
                    + suite.getElementsByTagName("error").getLength())
            .isZero();
        // Passing invariants' reasons are in the suite's output, where both schemas allow text.
        assertThat(suite.getElementsByTagName("system-out").item(0).getTextContent())
            .contains("P1 valid: every replica read was a prefix of the master's list")
            .contains("IS4 valid: ");
      }
    }
  }

  @Test
  void theJunitXmlTheHarnessWroteForARealRunIsValidUnderBothSchemas() throws Exception {
    Path file = RealRunTest.source().resolve("junit.xml");
    validateAgainstBoth(file);
    Element suite = (Element) parse(file).getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("tests")).isEqualTo("10");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(10);
  }

  @Test
  void propertiesTimestampAndHostAreWrittenWhenGiven() throws Exception {
    Path file = dir.resolve("props.xml");
    Map<String, String> props = new LinkedHashMap<>();
    props.put("seed", "12");
    props.put("command", "bin/replicheck run --seed 12 --nemesis \"partition\"");
    props.put(" ", "blank names are left out");
    JunitXml.write(
        file,
        "run-list-append-12",
        3,
        cases(Samples.resources().resolve(Samples.INVALID)),
        props,
        LocalDateTime.of(2026, 11, 25, 8, 5, 0, 123_000_000),
        "ci-runner-7");
    validateAgainstBoth(file);
    Element suite = (Element) parse(file).getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("timestamp")).isEqualTo("2026-11-25T08:05:00");
    assertThat(suite.getAttribute("hostname")).isEqualTo("ci-runner-7");
    assertThat(suite.getElementsByTagName("property").getLength()).isEqualTo(2);
    Element command = (Element) suite.getElementsByTagName("property").item(1);
    assertThat(command.getAttribute("value"))
        .isEqualTo("bin/replicheck run --seed 12 --nemesis \"partition\"");
  }

  @Test
  void anInvariantNotExercisedIsSkippedNotPassed() throws Exception {
    Path file = dir.resolve("skipped.xml");
    JunitXml.write(
        file,
        "run",
        1,
        List.of(
            new JunitXml.Case("P1", "prefix", "valid", "12 replica reads", List.of()),
            new JunitXml.Case(
                "FS4",
                "full sync offsets",
                "not_exercised",
                "no full sync finished in this run",
                List.of()),
            new JunitXml.Case(
                "P4", "WAIT survives failover", "not_exercised", "no WAIT probe ran", List.of())));
    validateAgainstBoth(file);
    Element suite = (Element) parse(file).getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("skipped")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    Element skipped = (Element) suite.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message")).isEqualTo("no full sync finished in this run");
    assertThat(((Element) skipped.getParentNode()).getAttribute("name")).startsWith("FS4");
  }

  @Test
  void awkwardTextStaysValidXmlInAnyLocale() throws Exception {
    Locale saved = Locale.getDefault();
    try {
      // A locale with a decimal comma must not leak into time="…".
      Locale.setDefault(Locale.GERMANY);
      Path file = dir.resolve("odd.xml");
      JunitXml.write(
          file,
          "run <&> \"x\"",
          1234.5,
          List.of(
              new JunitXml.Case(
                  "P1",
                  "prefix <of> & \"master\"",
                  "invalid",
                  "n2's l1 ]]> [1 2] \u0001 bell\nsecond line",
                  List.of("a<b", "c&d", "lone \ud800 half, pair \ud83d\ude00")),
              new JunitXml.Case("P3", "linearizable", "valid", "ok", List.of()),
              new JunitXml.Case("P6", "converge", "unknown", "budget", List.of("x"))));
      validateAgainstBoth(file);
      Document doc = parse(file);
      Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
      assertThat(suite.getAttribute("time")).isEqualTo("1234.500");
      Element failure = (Element) doc.getElementsByTagName("failure").item(0);
      // The message's line break survives the attribute; the control character does not.
      assertThat(failure.getAttribute("message")).isEqualTo("n2's l1 ]]> [1 2]  bell\nsecond line");
      assertThat(failure.getTextContent()).isEqualTo("a<b\nc&d\nlone  half, pair \ud83d\ude00");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void theSchemasRejectWhatCiWouldReject() throws Exception {
    Path bad = dir.resolve("bad.xml");
    // A test case without a name.
    Files.writeString(
        bad,
        "<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase classname=\"x\"/></testsuite></testsuites>");
    for (String schema : SCHEMAS) {
      assertThatThrownBy(() -> validator(schema).validate(new StreamSource(bad.toFile())))
          .as(schema)
          .isInstanceOf(SAXException.class);
    }
    // What this class wrote before: fine for Jenkins, but Ant's schema wants the suite's
    // timestamp, hostname and properties, and no output inside a test case.
    Files.writeString(
        bad,
        "<testsuites name=\"replicheck\" tests=\"1\"><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\""
            + " skipped=\"0\" time=\"1.000\"><testcase classname=\"replicheck.s\" name=\"P1 x\" time=\"0\"><system-out>ok</system-out>"
            + "</testcase></testsuite></testsuites>");
    validator("/junit/jenkins-junit-10.xsd").validate(new StreamSource(bad.toFile()));
    assertThatThrownBy(() -> validator("/junit/JUnit.xsd").validate(new StreamSource(bad.toFile())))
        .isInstanceOf(SAXException.class);
  }
}
