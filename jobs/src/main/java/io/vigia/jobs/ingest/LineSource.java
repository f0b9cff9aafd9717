package io.vigia.jobs.ingest;

import io.vigia.common.events.EventParser;
import io.vigia.common.io.HadoopConf;
import io.vigia.common.io.Landing.LandedFile;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Streams the lines of landed files, numbered from 1 per file, through the event parser: one file
 * per iteration step, never a whole file in memory. A file that stops being readable part-way
 * (a truncated gzip, say) yields one bad record 'unreadable_file' at the line where it failed, so
 * the loss is counted, not silent.
 *
 * <p>Lines are split on bytes ('\n', a trailing '\r' dropped) and decoded strictly: a line that is
 * not valid UTF-8 is quarantined as 'invalid_utf8' instead of being silently repaired with U+FFFD, and
 * a line longer than {@link #MAX_LINE_BYTES} is quarantined as 'line_too_long' while it streams by,
 * keeping only a prefix, so a 100 MB line never sits in memory.
 *
 * <p>Its output is Spark's own row format ({@link InternalRow}, the columns of
 * {@link io.vigia.common.events.EventTypes#parsedSchema()}, maps and arrays typed), built by hand from
 * the parser's values: no encoder turns external rows into Spark's, and no later {@code from_json}
 * re-reads the features (both were among the largest costs of ingest in a profile; docs/jobs/ingest.md).
 */
final class LineSource implements FlatMapFunction<Iterator<List<LineSource.FileRef>>, InternalRow> {
  private static final long serialVersionUID = 1L;
  /** No event of the contract comes near this; a longer line is quarantined as 'line_too_long'. */
  static final int MAX_LINE_BYTES = 8 << 20;

  private final HadoopConf conf;
  private final EventParser parser = new EventParser();

  private final DataType[] types;

  LineSource(HadoopConf conf, StructType schema) {
    this.conf = conf;
    this.types = java.util.Arrays.stream(schema.fields())
        .map(org.apache.spark.sql.types.StructField::dataType)
        .toArray(DataType[]::new);
    if (types.length != parser.width()) {
      throw new IllegalArgumentException(
          "the parser's row has " + parser.width() + " columns, the schema " + types.length);
    }
  }

  /** A landed file to read. */
  record FileRef(String path, LocalDate dt) implements java.io.Serializable {}

  /**
   * The files in at most {@code slices} groups of about equal bytes (largest first, each to the
   * lightest group), one group per Spark partition: a few large files do not end up in one task.
   */
  static List<List<FileRef>> groups(List<LandedFile> files, int slices) {
    int n = Math.max(1, Math.min(slices, files.size()));
    List<List<FileRef>> groups = new ArrayList<>();
    long[] bytes = new long[n];
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    files.stream()
        .sorted(
            Comparator.comparingLong(LandedFile::size).reversed().thenComparing(LandedFile::path))
        .forEach(f -> {
          int lightest = 0;
          for (int i = 1; i < n; i++) {
            if (bytes[i] < bytes[lightest]) {
              lightest = i;
            }
          }
          groups.get(lightest).add(new FileRef(f.path(), f.dt()));
          bytes[lightest] += f.size();
        });
    return groups;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<List<FileRef>> groups) {
    Iterator<FileRef> files = new Iterator<>() {
      Iterator<FileRef> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && groups.hasNext()) {
          current = groups.next().iterator();
        }
        return current.hasNext();
      }

      @Override
      public FileRef next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
    return new Iterator<>() {
      ByteLines reader;
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
            FileRef f = files.next();
            file = f.path();
            dt = f.dt();
            lineNo = 0;
            try {
              reader = open(file);
            } catch (IOException e) {
              next = unreadable(e);
              return true;
            }
          }
          try {
            if (!reader.next()) {
              close();
              continue;
            }
            lineNo++;
            if (reader.tooLong) {
              next = badRow(
                  parser,
                  file,
                  lineNo,
                  dt,
                  "line_too_long",
                  reader.prefix(EventParser.MAX_RAW - 32) + " [" + reader.total + " bytes]");
            } else {
              String line = reader.decode();
              next = line == null
                  ? badRow(
                      parser, file, lineNo, dt, "invalid_utf8", reader.prefix(EventParser.MAX_RAW))
                  : parser.parse(line, file, lineNo, dt);
            }
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
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return internal(r, types);
      }
    };
  }

  /** The parser's row in Spark's format: strings as UTF8String, ts as micros, dt as days, maps and arrays as Spark's. */
  static InternalRow internal(Row r, DataType[] types) {
    Object[] out = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      out[i] = r.isNullAt(i) ? null : catalyst(r.get(i), types[i]);
    }
    return new GenericInternalRow(out);
  }

  private static Object catalyst(Object x, DataType t) {
    if (x == null) {
      return null;
    }
    if (x instanceof String s) {
      return UTF8String.fromString(s);
    }
    if (x instanceof Instant i) {
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
    if (x instanceof LocalDate d) {
      return Math.toIntExact(d.toEpochDay());
    }
    if (x instanceof BigDecimal b) {
      DecimalType d = (DecimalType) t;
      return Decimal.apply(b, d.precision(), d.scale());
    }
    if (x instanceof Map<?, ?> m) {
      MapType mt = (MapType) t;
      Object[] keys = new Object[m.size()];
      Object[] values = new Object[m.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        keys[i] = catalyst(e.getKey(), mt.keyType());
        values[i] = catalyst(e.getValue(), mt.valueType());
        i++;
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    }
    if (x instanceof List<?> l) {
      DataType et = ((ArrayType) t).elementType();
      return new GenericArrayData(l.stream().map(e -> catalyst(e, et)).toArray());
    }
    return x; // Long, Double, Boolean: the same in both formats
  }

  private ByteLines open(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf.get());
    InputStream in = fs.open(p, 1 << 20);
    if (path.endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new ByteLines(in, MAX_LINE_BYTES);
  }

  /** Byte-level line splitter with a length cap; see the class comment. */
  static final class ByteLines implements java.io.Closeable {
    private final InputStream in;
    private final int max;
    private final byte[] readBuffer = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] buf = new byte[8192];
    private int len;
    /** The current line passed the cap; only its first {@code max} bytes are kept. */
    boolean tooLong;
    /** The current line's length in bytes, counted even beyond the cap. */
    long total;

    private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);

    ByteLines(InputStream in, int max) {
      this.in = in;
      this.max = max;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
      len = 0;
      total = 0;
      tooLong = false;
      boolean any = false;
      while (true) {
        if (pos == lim) {
          lim = in.read(readBuffer, 0, readBuffer.length);
          pos = 0;
          if (lim <= 0) {
            lim = 0;
            return any;
          }
        }
        any = true;
        int start = pos;
        while (pos < lim && readBuffer[pos] != '\n') {
          pos++;
        }
        append(start, pos - start);
        if (pos < lim) {
          pos++; // the newline
          break;
        }
      }
      if (!tooLong && len > 0 && buf[len - 1] == '\r') {
        len--;
      }
      return true;
    }

    private void append(int from, int n) {
      total += n;
      int keep = Math.min(n, max - len);
      if (keep < n) {
        tooLong = true;
      }
      if (keep > 0) {
        if (len + keep > buf.length) {
          buf = java.util.Arrays.copyOf(buf, Math.min(max, Math.max(buf.length * 2, len + keep)));
        }
        System.arraycopy(readBuffer, from, buf, len, keep);
        len += keep;
      }
    }

    /** The line as text, or null when it is not valid UTF-8. */
    String decode() {
      try {
        return utf8.decode(java.nio.ByteBuffer.wrap(buf, 0, len)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        return null;
      }
    }

    /** The first characters of the line (invalid bytes shown as U+FFFD), for the quarantine. */
    String prefix(int chars) {
      String s = new String(buf, 0, Math.min(len, chars * 4), StandardCharsets.UTF_8);
      return s.length() > chars ? s.substring(0, chars) : s;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  static Row badRow(
      EventParser parser,
      String file,
      long lineNo,
      java.time.LocalDate dt,
      String reason,
      String raw) {
    Object[] v = new Object[parser.width()];
    v[parser.indexOf("dt")] = dt;
    v[parser.indexOf("source_file")] = file;
    v[parser.indexOf("line_no")] = lineNo;
    v[parser.indexOf("reason")] = reason;
    v[parser.indexOf("raw_line")] = raw;
    return RowFactory.create(v);
  }
}
