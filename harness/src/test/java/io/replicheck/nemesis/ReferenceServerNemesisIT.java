package io.replicheck.nemesis;

import io.replicheck.cluster.ServerBinary;

/** The nemesis contract on the reference server: the same effects as on redis-server. */
class ReferenceServerNemesisIT extends NemesisContract {
  @Override
  ServerBinary binary() {
    return ServerBinary.reference();
  }
}
