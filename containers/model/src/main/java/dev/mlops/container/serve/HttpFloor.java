package dev.mlops.container.serve;

import io.vertx.core.http.HttpHeaders;

/**
 * The benchmark floor: {@code serve}'s HTTP stack with a trivial handler (read the body, answer a
 * constant). What {@code serve} reaches against this floor is what the model itself costs. Run:
 * {@code java -cp model-container.jar dev.mlops.container.serve.HttpFloor} with {@code
 * SAGEMAKER_BIND_TO_PORT}.
 */
public final class HttpFloor {

  private HttpFloor() {}

  public static void main(String[] args) throws Exception {
    HttpStack stack =
        HttpStack.start(
            HttpStack.host(),
            HttpStack.port(ModelServer.PORT_ENV),
            () ->
                req -> {
                  if (req.path().equals("/ping")) {
                    req.response().end("{\"status\":\"ok\"}");
                    return;
                  }
                  req.body()
                      .onSuccess(
                          b ->
                              req.response()
                                  .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv")
                                  .end("0.5\n"));
                });
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    System.out.println("floor: listening on port " + stack.port());
  }
}
