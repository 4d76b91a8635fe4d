package io.replicheck.nemesis;

import io.replicheck.cluster.RedisServerBinary;
import io.replicheck.cluster.ServerBinary;
import org.junit.jupiter.api.Tag;

/** The nemesis contract on Debian's redis-server. */
@Tag("interop") // needs redis-server
class RedisServerNemesisIT extends NemesisContract {
  @Override
  ServerBinary binary() {
    return ServerBinary.external(RedisServerBinary.path());
  }
}
