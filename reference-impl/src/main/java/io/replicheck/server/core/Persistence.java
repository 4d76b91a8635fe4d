package io.replicheck.server.core;

import java.io.IOException;

/**
 * What SAVE, BGSAVE, LASTSAVE, DEBUG RELOAD and INFO persistence need; the server wires the RDB
 * one.
 */
public interface Persistence {
  /** SAVE: writes the dataset now, on the command thread. */
  void save() throws IOException;

  /** BGSAVE: starts a point-in-time save in the background; returns an error text or null. */
  String bgsave(boolean schedule);

  /** Unix time in seconds of the last successful save. */
  long lastSaveSeconds();

  boolean bgsaveInProgress();

  /** DEBUG RELOAD: save (unless nosave), empty the dataset (unless noflush), load the file. */
  void reload(boolean save, boolean flush) throws IOException;

  /** Lines of INFO persistence. */
  void info(StringBuilder sb);

  /** Periodic check of the save points (serverCron). */
  default void cron() {}

  /** No persistence (tests of the core). */
  Persistence NONE =
      new Persistence() {
        @Override
        public void save() throws IOException {
          throw new IOException("persistence is not configured");
        }

        @Override
        public String bgsave(boolean schedule) {
          return "ERR persistence is not configured";
        }

        @Override
        public long lastSaveSeconds() {
          return 0;
        }

        @Override
        public boolean bgsaveInProgress() {
          return false;
        }

        @Override
        public void reload(boolean save, boolean flush) throws IOException {
          throw new IOException("persistence is not configured");
        }

        @Override
        public void info(StringBuilder sb) {
          sb.append("loading:0\r\nrdb_changes_since_last_save:0\r\nrdb_bgsave_in_progress:0\r\n")
              .append("rdb_last_save_time:0\r\nrdb_last_bgsave_status:ok\r\naof_enabled:0\r\n");
        }
      };
}
