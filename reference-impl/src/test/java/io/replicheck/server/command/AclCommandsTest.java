package io.replicheck.server.command;

import static io.replicheck.server.command.TestCore.err;
import static io.replicheck.server.command.TestCore.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ACL with the one user there is, answered as redis-server 7.0.15 answers for it. */
class AclCommandsTest {
  final TestCore t = new TestCore();
  final TestCore.Conn c = t.connect();

  @Test
  void theDefaultUserWithAndWithoutAPassword() {
    assertThat(c.call("ACL", "WHOAMI")).isEqualTo("default");
    assertThat(c.call("ACL", "USERS")).isEqualTo(List.of("default"));
    assertThat(c.call("ACL", "LIST")).isEqualTo(List.of("user default on nopass ~* &* +@all"));
    assertThat(c.call("ACL", "GETUSER", "default"))
        .isEqualTo(
            List.of(
                "flags",
                List.of("on", "nopass"),
                "passwords",
                List.of(),
                "commands",
                "+@all",
                "keys",
                "~*",
                "channels",
                "&*",
                "selectors",
                List.of()));
    assertThat(c.call("ACL", "GETUSER", "nobody")).isNull();
    c.call("CONFIG", "SET", "requirepass", "pw");
    String hash = "30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4";
    assertThat(c.call("ACL", "LIST"))
        .isEqualTo(List.of("user default on #" + hash + " ~* &* +@all"));
  }

  @Test
  void failedAuthIsLoggedAndGrouped() {
    c.call("CONFIG", "SET", "requirepass", "pw");
    assertThat(c.call("AUTH", "foo", "bar"))
        .isEqualTo(err("WRONGPASS invalid username-password pair or user is disabled."));
    c.call("AUTH", "foo", "bar");
    assertThat(c.call("AUTH", "pw")).isEqualTo(ok());
    List<?> log = (List<?>) c.call("ACL", "LOG");
    assertThat(log).hasSize(1);
    List<?> e = (List<?>) log.get(0);
    assertThat(e.subList(0, 10))
        .isEqualTo(
            List.of(
                "count",
                2L,
                "reason",
                "auth",
                "context",
                "toplevel",
                "object",
                "auth",
                "username",
                "foo"));
    assertThat(e.get(13).toString()).contains("addr=127.0.0.1:5555");
    assertThat(c.call("ACL", "LOG", "RESET")).isEqualTo(ok());
    assertThat(c.call("ACL", "LOG")).isEqualTo(List.of());
  }

  @Test
  void categoriesGenpassDryrunAndWhatIsNotImplemented() {
    assertThat((List<?>) c.call("ACL", "CAT")).hasSize(21);
    assertThat(c.call("ACL", "CAT").toString()).startsWith("[keyspace, read, write");
    assertThat(new java.util.HashSet<Object>((List<?>) c.call("ACL", "CAT", "hyperloglog")))
        .isEqualTo(java.util.Set.of("pfadd", "pfcount", "pfdebug", "pfmerge", "pfselftest"));
    assertThat(c.call("ACL", "CAT", "nosuch")).isEqualTo(err("ERR Unknown category 'nosuch'"));
    assertThat((String) c.call("ACL", "GENPASS")).matches("[0-9a-f]{64}");
    assertThat((String) c.call("ACL", "GENPASS", "5")).matches("[0-9a-f]{2}");
    assertThat(c.call("ACL", "GENPASS", "0"))
        .isEqualTo(
            err(
                "ERR ACL GENPASS argument must be the number of bits for the output password, a"
                    + " positive number up to 4096"));
    assertThat(c.call("ACL", "DRYRUN", "default", "SET", "k", "v")).isEqualTo(ok());
    assertThat(c.call("ACL", "DRYRUN", "x", "SET", "k", "v"))
        .isEqualTo(err("ERR User 'x' not found"));
    assertThat(c.call("ACL", "DRYRUN", "default", "nosuch"))
        .isEqualTo(err("ERR Command 'nosuch' not found"));
    assertThat(c.call("ACL", "DELUSER", "x", "y")).isEqualTo(0L);
    assertThat(c.call("ACL", "DELUSER", "default"))
        .isEqualTo(err("ERR The 'default' user cannot be removed"));
    assertThat(c.call("ACL", "SETUSER", "alice", "on").toString()).contains("not supported");
    assertThat(c.call("ACL", "LOAD").toString()).contains("not configured to use an ACL file");
    assertThat(c.call("ACL", "NOSUCH"))
        .isEqualTo(err("ERR unknown subcommand 'NOSUCH'. Try ACL HELP."));
    assertThat(c.call("ACL", "WHOAMI", "x"))
        .isEqualTo(err("ERR wrong number of arguments for 'acl|whoami' command"));
  }
}
