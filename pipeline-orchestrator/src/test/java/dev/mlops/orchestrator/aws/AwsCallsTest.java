package dev.mlops.orchestrator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.orchestrator.pipeline.TransientFailure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** Which AWS errors are retried with backoff, and how SageMaker says "exists" and "not found". */
class AwsCallsTest {

  static AwsServiceException error(int status, String code, String message) {
    return SageMakerException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .message(message)
        .build();
  }

  @Test
  void networkErrorsServerErrorsAndThrottlingAreTransient() {
    assertThat(AwsCalls.isTransient(SdkClientException.create("connection refused"))).isTrue();
    assertThat(AwsCalls.isTransient(error(503, "ServiceUnavailable", "slow down"))).isTrue();
    assertThat(AwsCalls.isTransient(error(500, "InternalFailure", "oops"))).isTrue();
    assertThat(AwsCalls.isTransient(error(400, "ThrottlingException", "Rate exceeded"))).isTrue();
    assertThat(AwsCalls.isTransient(error(429, "TooManyRequests", "later"))).isTrue();
  }

  @Test
  void theCallersMistakesAreNot() {
    assertThat(AwsCalls.isTransient(error(400, "ValidationException", "bad instance type")))
        .isFalse();
    assertThat(AwsCalls.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void transientErrorsBecomeTransientFailuresOthersPassThrough() {
    assertThatThrownBy(
            () ->
                AwsCalls.call(
                    "DescribeTrainingJob x",
                    () -> {
                      throw error(503, "ServiceUnavailable", "busy");
                    }))
        .isInstanceOf(TransientFailure.class)
        .hasMessageContaining("DescribeTrainingJob x");
    assertThatThrownBy(
            () ->
                AwsCalls.call(
                    "CreateModel x",
                    () -> {
                      throw error(400, "ValidationException", "no");
                    }))
        .isInstanceOf(AwsServiceException.class);
  }

  @Test
  void sageMakerSaysExistsAndNotFoundInSeveralWays() {
    assertThat(
            SageMakerErrors.alreadyExists(
                ResourceInUseException.builder().message("in use").build()))
        .isTrue();
    assertThat(
            SageMakerErrors.alreadyExists(
                error(
                    400,
                    "ValidationException",
                    "Cannot create already existing endpoint \"arn\".")))
        .isTrue();
    assertThat(
            SageMakerErrors.alreadyExists(
                error(400, "ValidationException", "Invalid instance type")))
        .isFalse();
    assertThat(
            SageMakerErrors.notFound(ResourceNotFoundException.builder().message("nope").build()))
        .isTrue();
    assertThat(
            SageMakerErrors.notFound(
                error(400, "ValidationException", "Could not find endpoint \"arn\".")))
        .isTrue();
    assertThat(SageMakerErrors.notFound(error(400, "ValidationException", "Invalid name")))
        .isFalse();
  }
}
