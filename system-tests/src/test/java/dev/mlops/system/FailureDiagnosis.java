package dev.mlops.system;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the shared stack's state and log tails when a scenario fails, so that a failure on a CI
 * machine (whose data folder is gone afterwards) can still be explained from its console output.
 */
public final class FailureDiagnosis implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    SystemStack stack = SystemStack.sharedIfStarted();
    if (stack == null) {
      return;
    }
    System.out.println(
        "[diagnosis] " + context.getDisplayName() + " failed: " + cause + "\n" + stack.diagnosis());
  }
}
