package dev.cachet.benchmarks;

import java.io.IOException;
import java.util.List;

/**
 * A redis-server for one benchmark trial, on a free loopback port, persisting nothing: {@code
 * redis-server --port PORT --bind 127.0.0.1 --save '' --appendonly no}.
 */
final class RedisProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static RedisProcess start() throws IOException, InterruptedException {
    int port = LoopbackServer.freePort();
    List<String> command =
        List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no");
    return new RedisProcess(LoopbackServer.start(command, port, "PING", "+PONG"), port);
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    LoopbackServer.stop(process);
  }
}
