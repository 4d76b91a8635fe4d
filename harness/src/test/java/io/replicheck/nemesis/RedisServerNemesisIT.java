package io.replicheck.nemesis;

import io.replicheck.cluster.ServerBinary;
import io.replicheck.testkit.Tools;
import org.junit.jupiter.api.Tag;

/** The nemesis contract on Debian's redis-server. */
@Tag("interop") // needs redis-server
class RedisServerNemesisIT extends NemesisContract {
  @Override
  ServerBinary binary() {
    return ServerBinary.external(Tools.require("redis-server"));
  }
}
