package io.replicheck.cli;

import picocli.CommandLine;

/** Reports the version from the jar's manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"replicheck " + (v == null ? "dev" : v)};
  }
}
