package io.vigia.bench;

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

  Path path() {
    return work != null ? work : Path.of("bench", "out", spec.name());
  }
}
