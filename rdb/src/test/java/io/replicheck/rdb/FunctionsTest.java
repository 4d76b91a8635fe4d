package io.replicheck.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FUNCTION2 opcodes: in files (before the keys) and in FUNCTION DUMP payloads. */
class FunctionsTest {
  static final String LIB =
      "#!lua name=l\nredis.register_function('f', function() return 1 end)\n" + "-- ".repeat(40);

  @Test
  void fileRoundTripKeepsLibrariesBeforeKeys() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RdbWriter w = new RdbWriter(out, RdbWriteOptions.defaults());
    w.writeHeader(Map.of());
    w.writeFunction(LIB);
    w.writeFunction("#!lua name=m\n");
    w.selectDb(0, 1, 0);
    w.write(new RdbEntry(0, "k".getBytes(), new RdbValue.Str("v".getBytes(), null), -1));
    w.finish();
    List<String> seen = new ArrayList<>();
    RdbReader.read(
        new ByteArrayInputStream(out.toByteArray()),
        new RdbVisitor() {
          @Override
          public void function(String code) {
            seen.add(code);
          }

          @Override
          public void entry(RdbEntry e) {
            seen.add("key");
          }
        });
    assertThat(seen).containsExactly(LIB, "#!lua name=m\n", "key");
  }

  @Test
  void dumpPayloadRoundTripAndChecks() throws Exception {
    byte[] payload = RdbDump.serializeFunctions(List.of(LIB, "x"), RdbWriteOptions.defaults());
    assertThat(payload[0] & 0xff).isEqualTo(RdbFormat.OPCODE_FUNCTION2);
    assertThat(RdbDump.deserializeFunctions(payload)).containsExactly(LIB, "x");
    assertThat(
            RdbDump.deserializeFunctions(
                RdbDump.serializeFunctions(List.of(), RdbWriteOptions.defaults())))
        .isEmpty();
    payload[3] ^= 1;
    assertThatThrownBy(() -> RdbDump.deserializeFunctions(payload))
        .hasMessageStartingWith("DUMP payload version or checksum are wrong");
    byte[] value =
        RdbDump.serialize(new RdbValue.Str("v".getBytes(), null), RdbWriteOptions.defaults());
    assertThatThrownBy(() -> RdbDump.deserializeFunctions(value))
        .hasMessageStartingWith("given type is not a function");
  }
}
