package dev.mlops.localaws.sagemaker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.contract.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The descriptions of one kind of SageMaker resource, in memory and one JSON file each under {@code
 * <data>/sagemaker/state/<kind>/}, written whole (temp file, then rename) so a crash never leaves
 * half a file.
 */
final class ResourceStore {

  private final Path dir;
  private final Map<String, ObjectNode> byName = new ConcurrentHashMap<>();

  ResourceStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
          ObjectNode n = (ObjectNode) Json.read(f, com.fasterxml.jackson.databind.JsonNode.class);
          String name = f.getFileName().toString();
          byName.put(name.substring(0, name.length() - 5), n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ObjectNode get(String name) {
    return byName.get(name);
  }

  List<ObjectNode> all() {
    return new ArrayList<>(byName.values());
  }

  /** Inserts only when absent; returns false when the name is taken. */
  synchronized boolean create(String name, ObjectNode description) {
    if (byName.containsKey(name)) {
      return false;
    }
    put(name, description);
    return true;
  }

  synchronized void put(String name, ObjectNode description) {
    byName.put(name, description);
    Path target = dir.resolve(name + ".json");
    Path tmp = dir.resolve(name + ".json.tmp");
    Json.write(tmp, description);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void remove(String name) {
    byName.remove(name);
    try {
      Files.deleteIfExists(dir.resolve(name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
