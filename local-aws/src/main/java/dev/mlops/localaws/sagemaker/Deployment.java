package dev.mlops.localaws.sagemaker;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The processes serving one endpoint configuration: its production variants, each with its
 * instances. Traffic is split by weight with smooth weighted round-robin, so any window of requests
 * follows the weights closely (SageMaker's split is statistical; ours is never further off than one
 * request per variant), and spread over a variant's instances in turn.
 */
final class Deployment {

  /** One serving process. */
  record Instance(Process process, int port, Path log) {}

  static final class Variant {
    final String name;
    final String modelName;
    final String image;
    final Path mlRoot;
    final List<Instance> instances = new CopyOnWriteArrayList<>();
    final AtomicInteger next = new AtomicInteger();

    /** InvokeEndpoint calls sent to the variant: autoscaling's invocations per instance. */
    final LongAdder invocations = new LongAdder();

    volatile double weight;
    private double current;

    Variant(String name, String modelName, String image, Path mlRoot, double weight) {
      this.name = name;
      this.modelName = modelName;
      this.image = image;
      this.mlRoot = mlRoot;
      this.weight = weight;
    }

    /** The next instance in turn, or null when the variant has none. */
    Instance instance() {
      List<Instance> all = instances;
      int n = all.size();
      if (n == 0) {
        return null;
      }
      return all.get(Math.floorMod(next.getAndIncrement(), n));
    }
  }

  final String configName;
  final int generation;
  final List<Variant> variants;
  final CaptureSettings capture;

  Deployment(String configName, int generation, List<Variant> variants, CaptureSettings capture) {
    this.configName = configName;
    this.generation = generation;
    this.variants = List.copyOf(variants);
    this.capture = capture;
  }

  Variant variant(String name) {
    for (Variant v : variants) {
      if (v.name.equals(name)) {
        return v;
      }
    }
    return null;
  }

  /** Smooth weighted round-robin (as nginx does it); null when every weight is zero. */
  synchronized Variant pick() {
    double total = 0;
    Variant best = null;
    for (Variant v : variants) {
      double w = v.weight;
      if (w <= 0 || v.instances.isEmpty()) {
        continue;
      }
      v.current += w;
      total += w;
      if (best == null || v.current > best.current) {
        best = v;
      }
    }
    if (best != null) {
      best.current -= total;
    }
    return best;
  }

  int instanceCount() {
    return variants.stream().mapToInt(v -> v.instances.size()).sum();
  }

  List<Long> pids() {
    return variants.stream()
        .flatMap(v -> v.instances.stream())
        .map(i -> i.process().pid())
        .toList();
  }

  List<Process> processes() {
    return variants.stream().flatMap(v -> v.instances.stream()).map(Instance::process).toList();
  }

  void stop() {
    ChildProcesses.stopAll(processes(), 3_000);
  }
}
