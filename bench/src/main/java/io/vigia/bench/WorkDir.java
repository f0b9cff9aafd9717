package io.vigia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every benchmark's --work option (a picocli mixin): its working directory, bench/out/NAME by default. */
final class WorkDir {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description =
          "working directory (generated data, lake, embedded PostgreSQL; default bench/out/NAME)")
  Path work;

  /** The working directory, created if it does not exist. */
  Path create() throws IOException {
    return Files.createDirectories(work != null ? work : Path.of("bench", "out", spec.name()));
  }
}
