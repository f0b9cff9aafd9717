package io.vigia.generate;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.PriorityQueue;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One landing file being written: lines (plain or gzip; Java's gzip header carries no time, so the
 * bytes are reproducible), a queue of duplicate deliveries due a few lines later, and line/byte counts.
 */
final class LineSink implements Closeable {
  private record Pending(long due, long seq, String line) {}

  private final String relativePath;
  private final CountingStream counting;
  private final Writer writer;
  private final PriorityQueue<Pending> pending = new PriorityQueue<>(
      (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long lines;
  private long seq;
  private boolean closed;

  LineSink(Path root, String relativePath, boolean gzip) throws IOException {
    this.relativePath = relativePath;
    Path path = root.resolve(relativePath);
    Files.createDirectories(path.getParent());
    this.counting =
        new CountingStream(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    OutputStream os = gzip ? new FastGzip(counting) : counting;
    this.writer = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
  }

  void write(String line) throws IOException {
    writer.write(line);
    writer.write('\n');
    lines++;
    while (!pending.isEmpty() && pending.peek().due <= lines) {
      String dup = pending.poll().line;
      writer.write(dup);
      writer.write('\n');
      lines++;
    }
  }

  /** Writes {@code line} again once {@code afterLines} more lines have been written (or at close). */
  void writeLater(String line, int afterLines) {
    pending.add(new Pending(lines + afterLines, seq++, line));
  }

  UnitStats.FileEntry finish() throws IOException {
    close();
    return new UnitStats.FileEntry(relativePath, lines, counting.count);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    while (!pending.isEmpty()) {
      writer.write(pending.poll().line);
      writer.write('\n');
      lines++;
    }
    writer.close();
  }

  /** gzip at deflate level 1: about three times faster than the default level for ~25% more bytes. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
