package dev.mlops.localaws.front;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One HTTP client per event loop, for calls made while answering a request: the client's pooled
 * connections then live on the loop that sends and answers on them. A client shared by all loops
 * hands a request to whichever loop holds the connection it gets from the pool, and the answer
 * back: two cross-thread hops (a task queue, a wakeup, often a context switch) on most calls. Calls
 * from other threads use the shared client. Closing the Vert.x instance closes them all.
 */
public final class EventLoopClients {

  private final Supplier<HttpClient> factory;
  private final HttpClient shared;
  private final Map<Thread, HttpClient> perLoop = new ConcurrentHashMap<>();

  public EventLoopClients(Supplier<HttpClient> factory) {
    this.factory = factory;
    this.shared = factory.get();
  }

  /** The calling event loop's own client, or the shared one off the event loops. */
  public HttpClient current() {
    if (!Context.isOnEventLoopThread()) {
      return shared;
    }
    return perLoop.computeIfAbsent(Thread.currentThread(), loop -> factory.get());
  }

  /** The client for calls from any thread (its connections are on whichever loop opened them). */
  public HttpClient shared() {
    return shared;
  }
}
