package dev.mlops.container;

/** Placeholder entry point; replaced by the real dispatcher. */
public final class ContainerMain {
  private ContainerMain() {}

  public static void main(String[] args) {
    System.out.println("model container");
  }
}
