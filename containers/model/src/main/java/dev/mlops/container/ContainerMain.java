package dev.mlops.container;

import java.util.Arrays;
import java.util.Locale;

/**
 * The container's entry point. SageMaker runs the image with {@code train} for training jobs and
 * {@code serve} for endpoints; our processing jobs pass {@code preprocess} or {@code evaluate} as
 * the first container argument. Exit codes: 0 done, 1 the job failed (reason in {@code
 * /opt/ml/output/failure}), 2 bad usage.
 */
public final class ContainerMain {

  private ContainerMain() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    String command = args[0].toLowerCase(Locale.ROOT);
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    MlPaths paths = MlPaths.fromEnvironment();
    int code =
        switch (command) {
          case "preprocess" -> dev.mlops.container.preprocess.PreprocessJob.run(paths, rest);
          case "train" -> dev.mlops.container.train.TrainJob.run(paths, rest);
          case "evaluate" -> dev.mlops.container.evaluate.EvaluateJob.run(paths, rest);
          case "serve" -> dev.mlops.container.serve.ModelServer.run(paths, rest);
          default -> {
            usage();
            yield 2;
          }
        };
    if (code != 0 || !command.equals("serve")) {
      System.exit(code);
    }
  }

  private static void usage() {
    System.err.println(
        """
        usage: model-container <preprocess|train|evaluate|serve> [options]
          preprocess  validate, split and baseline a dataset (SageMaker Processing job)
          train       train an XGBoost model (SageMaker Training job)
          evaluate    compute evaluation.json on the test split (SageMaker Processing job)
          serve       answer GET /ping and POST /invocations (SageMaker endpoint)
        The /opt/ml root is taken from $ML_ROOT, the port from $SAGEMAKER_BIND_TO_PORT (default 8080).""");
  }
}
