package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.container.MlPaths;
import dev.mlops.container.job.JobFailure;
import dev.mlops.container.job.JobRunner;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {

  @TempDir Path root;

  @Test
  void successExitsZeroAndWritesNoFailure() {
    assertThat(JobRunner.run(new MlPaths(root), "job", "usage", () -> {})).isZero();
    assertThat(root.resolve("output/failure")).doesNotExist();
  }

  @Test
  void failureWritesTheReasonToBothFiles() throws Exception {
    int code =
        JobRunner.run(
            new MlPaths(root),
            "train",
            "usage",
            () -> {
              throw new JobFailure("the data is bad\non two lines");
            });
    assertThat(code).isEqualTo(1);
    assertThat(Files.readString(root.resolve("output/failure")))
        .isEqualTo("train failed: the data is bad on two lines");
    assertThat(Files.readString(root.resolve("output/message")))
        .isEqualTo("train failed: the data is bad on two lines");
  }

  @Test
  void usageErrorsExitTwo() {
    int code =
        JobRunner.run(
            new MlPaths(root),
            "evaluate",
            "usage: evaluate",
            () -> {
              throw JobFailure.usage("no arguments please");
            });
    assertThat(code).isEqualTo(2);
  }

  @Test
  void unexpectedErrorsKeepTheirTraceOutOfTheReason() throws Exception {
    int code =
        JobRunner.run(
            new MlPaths(root),
            "train",
            "usage",
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThat(code).isEqualTo(1);
    assertThat(Files.readString(root.resolve("output/failure")))
        .isEqualTo("train failed: internal error (IllegalStateException): boom");
  }

  @Test
  void ioErrorsSayWhichFile() throws Exception {
    JobRunner.run(
        new MlPaths(root),
        "train",
        "usage",
        () -> {
          throw new UncheckedIOException(
              "cannot write /x/model.json: disk full", new NoSuchFileException("/x"));
        });
    assertThat(Files.readString(root.resolve("output/failure")))
        .isEqualTo("train failed: I/O error: cannot write /x/model.json: disk full");
  }

  @Test
  void longReasonsAreCutToOneKibibyteOnACharacterBoundary() throws Exception {
    String reason = "é".repeat(2000); // two bytes each in UTF-8
    JobRunner.run(
        new MlPaths(root),
        "preprocess",
        "usage",
        () -> {
          throw new JobFailure(reason);
        });
    byte[] bytes = Files.readAllBytes(root.resolve("output/failure"));
    assertThat(bytes.length).isLessThanOrEqualTo(1024).isGreaterThan(1000);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("preprocess failed: éé").endsWith("é...").doesNotContain("\uFFFD");
  }

  @Test
  void truncateLeavesShortTextAlone() {
    assertThat(JobRunner.truncate("short", 1024))
        .isEqualTo("short".getBytes(StandardCharsets.UTF_8));
  }
}
