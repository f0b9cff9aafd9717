package io.vigia.common.io;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The raw landing layout: {@code <landing>/dt=YYYY-MM-DD/<anything>.jsonl[.gz]}. */
public final class Landing {
  private Landing() {}

  /** One landed file and the UTC date directory it sits in. */
  public record LandedFile(String path, LocalDate dt, long size) implements java.io.Serializable {}

  public static String dateDir(String landing, LocalDate d) {
    return landing.replaceAll("/+$", "") + "/dt=" + d;
  }

  /** The JSON Lines files under the given dates, sorted by path (deterministic line order). */
  public static List<LandedFile> list(Configuration conf, String landing, List<LocalDate> dates)
      throws IOException {
    List<LandedFile> out = new ArrayList<>();
    for (LocalDate d : dates) {
      Path dir = new Path(dateDir(landing, d));
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (st.isFile()
            && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"))
            && !name.startsWith("_")
            && !name.startsWith(".")) {
          out.add(new LandedFile(st.getPath().toString(), d, st.getLen()));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(LandedFile::path));
    return out;
  }
}
