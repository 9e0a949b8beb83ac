package dev.mlops.container.job;

import dev.mlops.contract.schema.DatasetSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Finding and reading a dataset schema among a job's inputs, failing with a clear reason. */
public final class SchemaFiles {

  public static final String FILE_NAME = "schema.json";

  private SchemaFiles() {}

  /**
   * The schema file of a folder: {@code schema.json}, or the folder's only {@code .json} file.
   *
   * @return null when the folder does not exist or has no JSON file
   * @throws JobFailure when the folder holds several JSON files and none is named schema.json
   */
  public static Path find(Path folder) {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    Path named = folder.resolve(FILE_NAME);
    if (Files.isRegularFile(named)) {
      return named;
    }
    List<Path> json;
    try (Stream<Path> list = Files.list(folder)) {
      json =
          list.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
              .sorted()
              .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new JobFailure("cannot list " + folder + ": " + e.getMessage(), e);
    }
    if (json.size() > 1) {
      throw new JobFailure(
          folder + " holds several JSON files and no " + FILE_NAME + ": which one is the schema?");
    }
    return json.isEmpty() ? null : json.get(0);
  }

  /** Reads a schema, turning JSON and consistency errors into a reason naming the file. */
  public static DatasetSchema read(Path file) {
    try {
      return DatasetSchema.read(file);
    } catch (RuntimeException e) {
      throw new JobFailure("invalid schema " + file + ": " + JobFailure.describe(e), e);
    }
  }
}
