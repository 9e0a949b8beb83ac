package dev.mlops.localaws.sagemaker;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which local command runs an image: the config's image map ({@code image URI -> command}, with
 * {@code *} for any other image), else the model container command.
 */
final class ContainerCommands {

  private final Map<String, String> images;
  private final List<String> fallback;

  ContainerCommands(Map<String, String> images, List<String> fallback) {
    this.images = images;
    this.fallback = List.copyOf(fallback);
  }

  List<String> forImage(String image) {
    String cmd = image == null ? null : images.get(image);
    if (cmd == null && image != null) {
      // an image given with a tag or digest matches an entry without one
      String bare = image.replaceAll("[@:][^/]*$", "");
      cmd = images.get(bare);
    }
    if (cmd == null) {
      cmd = images.get("*");
    }
    return cmd == null ? fallback : Arrays.asList(cmd.trim().split("\\s+"));
  }
}
