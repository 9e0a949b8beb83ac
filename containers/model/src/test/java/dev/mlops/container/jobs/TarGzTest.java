package dev.mlops.container.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.container.job.JobFailure;
import dev.mlops.container.job.TarGz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {

  @TempDir Path dir;

  @Test
  void roundTripKeepsFoldersAndLongNames() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("model.json"), "{\"learner\":{}}");
    String longName = "a".repeat(60) + "/" + "b".repeat(70) + ".json";
    Files.createDirectories(model.resolve(longName).getParent());
    Files.writeString(model.resolve(longName), "long");
    Files.write(model.resolve("baseline-empty.json"), new byte[0]);
    Path archive = dir.resolve("model.tar.gz");

    TarGz.create(model, archive);
    List<Path> written = TarGz.extract(archive, dir.resolve("out"));

    assertThat(written).hasSize(3);
    assertThat(dir.resolve("out/model.json")).hasContent("{\"learner\":{}}");
    assertThat(dir.resolve("out").resolve(longName)).hasContent("long");
    assertThat(dir.resolve("out/baseline-empty.json")).isEmptyFile();
  }

  @Test
  void readsWhatGnuTarWritesIncludingPaxAndLinks() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model/baseline"));
    Files.writeString(model.resolve("statistics.json"), "{}");
    Files.writeString(dir.resolve("model/model.json"), "x".repeat(1500));
    String deep = "d".repeat(120) + ".json";
    Files.writeString(dir.resolve("model").resolve(deep), "deep");
    Files.createSymbolicLink(dir.resolve("model/link.json"), Path.of("/etc/passwd"));
    Path archive = dir.resolve("model.tar.gz");
    for (String format : List.of("gnu", "pax")) {
      tar(
          "-czf",
          archive.toString(),
          "--format=" + format,
          "-C",
          dir.resolve("model").toString(),
          ".");
      Path out = dir.resolve("out-" + format);
      TarGz.extract(archive, out);
      assertThat(out.resolve("baseline/statistics.json")).hasContent("{}");
      assertThat(Files.size(out.resolve("model.json"))).isEqualTo(1500);
      assertThat(out.resolve(deep)).hasContent("deep");
      assertThat(out.resolve("link.json")).doesNotExist(); // links are never followed or made
    }
  }

  @Test
  void refusesEntriesOutsideTheTarget() throws Exception {
    Path staging = Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(staging.resolve("evil.json"), "x");
    Path archive = dir.resolve("evil.tar.gz");
    tar("-czf", archive.toString(), "-C", staging.toString(), "--absolute-names", "../b/evil.json");
    assertThatThrownBy(() -> TarGz.extract(archive, dir.resolve("out")))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("outside its folder");

    tar("-czf", archive.toString(), "--absolute-names", staging.resolve("evil.json").toString());
    assertThatThrownBy(() -> TarGz.extract(archive, dir.resolve("out")))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("unsafe entry");
  }

  @Test
  void rejectsFilesThatAreNotTarGz() throws Exception {
    Path notGzip = dir.resolve("x.tar.gz");
    Files.writeString(notGzip, "plain text");
    assertThatThrownBy(() -> TarGz.extract(notGzip, dir.resolve("out")))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("not a gzip file");

    Path gzipNotTar = dir.resolve("y.tar.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipNotTar))) {
      out.write("just some gzipped text, long enough to fill a block ".repeat(20).getBytes());
    }
    assertThatThrownBy(() -> TarGz.extract(gzipNotTar, dir.resolve("out")))
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("not a tar archive");
  }

  private static void tar(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "tar";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
