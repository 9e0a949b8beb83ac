package dev.mlops.localaws.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an endpoint's FailureReason quotes from the log of a serving process that exited. */
class LastWordsTest {

  @TempDir Path dir;

  @Test
  void quotesTheLastLineTheProcessWroteNotLocalAwsOwnNotes() throws IOException {
    Path log = dir.resolve("serve.log");
    Files.writeString(
        log, "starting\ncannot listen on port 41234\n\nlocal-aws: exited with code 1\n");
    assertThat(Endpoints.lastWords(log)).isEqualTo(": cannot listen on port 41234");
  }

  @Test
  void readsOnlyTheTailOfALongLogAndSkipsALineCutInHalf() throws IOException {
    Path log = dir.resolve("serve.log");
    // a long line that the tail cuts through, then the last words
    String cut = "x".repeat(Endpoints.LAST_WORDS_TAIL) + "\n";
    Files.writeString(log, "served for days\n".repeat(10_000) + cut + "out of memory\n");
    assertThat(Endpoints.lastWords(log)).isEqualTo(": out of memory");

    Files.writeString(log, "served for days\n".repeat(10_000) + cut);
    assertThat(Endpoints.lastWords(log))
        .as("the cut line is not a line the process wrote whole")
        .isEmpty();
  }

  @Test
  void oddBytesAndLongLinesDoNotLoseTheReason() throws IOException {
    Path log = dir.resolve("serve.log");
    byte[] odd = {(byte) 0xC3, (byte) 0x28, '\n'};
    Files.write(log, odd);
    Files.writeString(
        log,
        "model broken: " + "é".repeat(400) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    String words = Endpoints.lastWords(log);
    assertThat(words).startsWith(": model broken: é").endsWith("...");
    assertThat(words.length()).isEqualTo(2 + 300 + 3);
  }

  @Test
  void aMissingOrEmptyLogGivesNothing() throws IOException {
    assertThat(Endpoints.lastWords(dir.resolve("none.log"))).isEmpty();
    Path empty = Files.createFile(dir.resolve("empty.log"));
    assertThat(Endpoints.lastWords(empty)).isEmpty();
  }
}
