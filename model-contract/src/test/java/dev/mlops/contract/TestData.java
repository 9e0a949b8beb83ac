package dev.mlops.contract;

import java.nio.file.Path;

/** Where the bundled datasets are, from a module's working directory. */
public final class TestData {
  private TestData() {}

  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("mlops").toFile().exists()) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  public static Path txhousingCsv() {
    return repoRoot().resolve("data/txhousing/txhousing.csv");
  }

  public static Path txhousingSchema() {
    return repoRoot().resolve("data/txhousing/schema.json");
  }
}
