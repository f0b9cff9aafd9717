package io.vigia.common.settings;

import java.util.List;

/** Settings that cannot be used; the message names every offending setting. */
public final class InvalidSettingsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidSettingsException(List<String> problems) {
    super("invalid settings: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
