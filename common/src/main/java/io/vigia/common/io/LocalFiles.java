package io.vigia.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local file system chores (the lake's files go through Hadoop's FileSystem instead). */
public final class LocalFiles {
  private LocalFiles() {}

  /** Deletes a directory and everything under it (or a file); nothing when it does not exist. */
  public static void deleteTree(Path top) throws IOException {
    if (!Files.exists(top)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(top)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
