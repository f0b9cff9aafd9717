package io.vigia.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Lake locations: local paths are made absolute on the driver, URIs (shared storage) are kept. */
class LakePathTest {
  @Test
  void aUriLakeIsJoinedWithSlashesAndNotResolvedAgainstTheDriversDirectory() {
    assertThat(JobContext.lakePath("s3a://bucket/lake", "events", "prediction"))
        .isEqualTo("s3a://bucket/lake/events/prediction");
    assertThat(JobContext.lakePath("file:///data/lake/", "quarantine"))
        .isEqualTo("file:///data/lake/quarantine");
    assertThat(JobContext.lakePath("hdfs://nn:8020/vigia/lake", "archive", "warm", "t"))
        .isEqualTo("hdfs://nn:8020/vigia/lake/archive/warm/t");
  }

  @Test
  void aLocalLakeIsAbsolute() {
    assertThat(JobContext.lakePath("work-data/lake", "events", "outcome"))
        .isEqualTo(Path.of("work-data/lake/events/outcome").toAbsolutePath().toString());
    assertThat(JobContext.lakePath("/data/lake", "quarantine")).isEqualTo("/data/lake/quarantine");
  }
}
