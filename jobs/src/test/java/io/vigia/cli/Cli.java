package io.vigia.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: the CLI in-process with its output captured, or the command line of a child JVM. */
public final class Cli {
  private Cli() {}

  /** Exit code and what the CLI printed. */
  public record Result(int code, String out, String err) {}

  /** Runs {@code vigia ARGS} in this JVM, capturing stdout and stderr. */
  public static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The collector of a child JVM whose flags choose none: the test JVMs' own (test.gc in the parent pom). */
  static final String DEFAULT_GC = "-XX:+UseParallelGC";

  /** {@link #childJvm(String, List)} with no flags of the caller's. */
  public static List<String> childJvm(String heap) {
    return childJvm(heap, List.of());
  }

  /**
   * {@code java [Spark's JVM flags of this JVM] -XmxHEAP FLAGS [DEFAULT_GC] -cp [test classpath]
   * io.vigia.cli.Main}, for a child JVM: the caller's flags, and the default collector unless one of
   * them chooses a collector (the JVM refuses to start with two).
   */
  public static List<String> childJvm(String heap, List<String> flags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || a.startsWith("-Djdk.")
          || a.startsWith("-Dio.netty")
          || a.startsWith("-Duser.timezone")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx" + heap);
    cmd.addAll(flags);
    if (flags.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
      cmd.add(DEFAULT_GC);
    }
    cmd.add("-cp");
    String cp = System.getProperty("surefire.test.class.path");
    cmd.add(cp != null ? cp : System.getProperty("java.class.path"));
    cmd.add("io.vigia.cli.Main");
    return cmd;
  }
}
