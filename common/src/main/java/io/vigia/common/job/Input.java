package io.vigia.common.job;

import io.vigia.common.settings.Settings;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A storage root a job reads. The runner checks each declared root before the job starts: an empty
 * window is normal, but a root that does not exist or cannot be listed is a misconfiguration, and a
 * run over it would succeed with nothing read while the scheduler shows green.
 */
public enum Input {
  /** The raw JSON Lines landing (ingest). */
  LANDING("vigia.landing-dir", "the raw JSON Lines landing"),
  /** The Delta lake that ingest writes (jobs that read ingested events). */
  LAKE("vigia.lake-dir", "the Delta lake (ingest creates it on its first run)");

  private final String setting;
  private final String what;

  Input(String setting, String what) {
    this.setting = setting;
    this.what = what;
  }

  public String setting() {
    return setting;
  }

  /** The configured location of this root. */
  public String location(Settings s) {
    return this == LANDING ? s.landingDir() : s.lakeDir();
  }

  /** Throws a one-line IllegalArgumentException naming the setting when the root is missing or unreadable. */
  public void require(Settings s, Configuration conf) {
    String loc = location(s);
    String problem;
    try {
      Path p = new Path(loc);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      if (!st.isDirectory()) {
        problem = "is not a directory";
      } else {
        fs.listStatus(p);
        return;
      }
    } catch (java.io.FileNotFoundException e) {
      problem = "does not exist";
    } catch (IOException | RuntimeException e) {
      problem =
          "cannot be read (" + e.getClass().getSimpleName() + ": " + JobRunner.oneLine(e) + ")";
    }
    throw new IllegalArgumentException(Settings.userName(setting) + " = '" + loc + "' " + problem
        + ": it should be " + what + "; fix the setting (or the storage) and run again");
  }
}
