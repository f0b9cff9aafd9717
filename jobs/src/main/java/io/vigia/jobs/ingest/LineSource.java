package io.vigia.jobs.ingest;

import io.vigia.common.events.EventParser;
import io.vigia.common.io.HadoopConf;
import io.vigia.common.io.Landing.LandedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Streams the lines of landed files, numbered from 1 per file, through the event parser: one file
 * per iteration step, never a whole file in memory. A file that stops being readable part-way
 * (a truncated gzip, say) yields one bad record 'unreadable_file' at the line where it failed, so
 * the loss is counted, not silent.
 */
final class LineSource implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final HadoopConf conf;
  private final EventParser parser = new EventParser();

  LineSource(HadoopConf conf) {
    this.conf = conf;
  }

  /** Input rows: (path string, dt date). */
  static Row fileRow(LandedFile f) {
    return RowFactory.create(f.path(), f.dt());
  }

  @Override
  public Iterator<Row> call(Iterator<Row> files) {
    return new Iterator<>() {
      BufferedReader reader;
      String file;
      java.time.LocalDate dt;
      long lineNo;
      Row next;

      @Override
      public boolean hasNext() {
        while (next == null) {
          if (reader == null) {
            if (!files.hasNext()) {
              return false;
            }
            Row f = files.next();
            file = f.getString(0);
            dt = f.getAs(1);
            lineNo = 0;
            try {
              reader = open(file);
            } catch (IOException e) {
              next = unreadable(e);
              return true;
            }
          }
          try {
            String line = reader.readLine();
            if (line == null) {
              close();
              continue;
            }
            lineNo++;
            next = parser.parse(line, file, lineNo, dt);
          } catch (IOException e) {
            lineNo++;
            next = unreadable(e);
            close();
          }
        }
        return true;
      }

      private Row unreadable(IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return badRow(parser, file, lineNo, dt, "unreadable_file", msg);
      }

      private void close() {
        try {
          if (reader != null) {
            reader.close();
          }
        } catch (IOException ignored) {
          // nothing left to read from it
        }
        reader = null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  private BufferedReader open(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf.get());
    InputStream in = fs.open(p, 1 << 20);
    if (path.endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
  }

  static Row badRow(EventParser parser, String file, long lineNo, java.time.LocalDate dt, String reason, String raw) {
    Object[] v = new Object[parser.width()];
    v[parser.indexOf("dt")] = dt;
    v[parser.indexOf("source_file")] = file;
    v[parser.indexOf("line_no")] = lineNo;
    v[parser.indexOf("reason")] = reason;
    v[parser.indexOf("raw_line")] = raw;
    return RowFactory.create(v);
  }
}
