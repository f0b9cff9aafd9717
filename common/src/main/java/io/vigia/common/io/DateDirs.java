package io.vigia.common.io;

import java.io.IOException;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code dt=YYYY-MM-DD} directories of a date-partitioned table (the lake's event tables): one
 * listing of the table's directory, no Delta snapshot. Delta writes a date's files under its
 * directory, so a date without one holds no rows; a directory may outlive its rows (removed files
 * stay until VACUUM).
 */
public final class DateDirs {
  private DateDirs() {}

  /**
   * The table's date directories by date; empty when the table's directory does not exist.
   *
   * @throws java.time.DateTimeException when a {@code dt=} directory's name is not a date
   */
  public static SortedMap<LocalDate, Path> of(FileSystem fs, Path table) throws IOException {
    SortedMap<LocalDate, Path> out = new TreeMap<>();
    if (!fs.exists(table)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(table)) {
      String name = st.getPath().getName();
      if (st.isDirectory() && name.startsWith("dt=")) {
        out.put(LocalDate.parse(name.substring(3)), st.getPath());
      }
    }
    return out;
  }
}
