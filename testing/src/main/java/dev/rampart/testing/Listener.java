package dev.rampart.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableSet;
import dev.rampart.testing.internal.PortProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Echo servers (TCP and UDP) running in a namespace, in a helper JVM; closed with its lab. */
public final class Listener implements AutoCloseable {
  private static final long READY_TIMEOUT_SECONDS = 30;

  private final String namespace;
  private final ImmutableSet<Integer> tcpPorts;
  private final ImmutableSet<Integer> udpPorts;
  private final Process process;
  private final Path log;

  private Listener(
      String namespace,
      ImmutableSet<Integer> tcpPorts,
      ImmutableSet<Integer> udpPorts,
      Process process,
      Path log) {
    this.namespace = namespace;
    this.tcpPorts = tcpPorts;
    this.udpPorts = udpPorts;
    this.process = process;
    this.log = log;
  }

  /** Starts the listener in {@code namespace} and waits until every port is bound. */
  static Listener start(
      String namespace, ImmutableSet<Integer> tcpPorts, ImmutableSet<Integer> udpPorts) {
    List<String> args = new ArrayList<>();
    args.add("listen");
    if (!tcpPorts.isEmpty()) {
      args.add("--tcp");
      args.add(join(tcpPorts));
    }
    if (!udpPorts.isEmpty()) {
      args.add("--udp");
      args.add(join(udpPorts));
    }
    List<String> command = HelperJvm.command(namespace, args);
    try {
      Path log = Files.createTempFile("rampart-listener", ".err");
      Process process = Exec.builder(command).redirectError(log.toFile()).start();
      Listener listener = new Listener(namespace, tcpPorts, udpPorts, process, log);
      listener.awaitReady(command);
      return listener;
    } catch (IOException e) {
      throw new AssertionError("cannot start listener: " + Exec.describe(command), e);
    }
  }

  private static String join(ImmutableSet<Integer> ports) {
    return String.join(",", ports.stream().map(String::valueOf).toList());
  }

  private void awaitReady(List<String> command) {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String first = reader.readLine();
                return first == null ? "" : first;
              } catch (IOException e) {
                return "";
              }
            });
    String ready;
    try {
      ready = line.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      ready = "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready = "";
    }
    if (!ready.equals(PortProbe.READY)) {
      close();
      throw new AssertionError(
          "listener in namespace "
              + namespace
              + " did not become ready: "
              + Exec.describe(command)
              + "\n"
              + readLog());
    }
  }

  private String readLog() {
    try {
      return Files.readString(log, UTF_8).strip();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Returns the TCP ports this listener serves. */
  public ImmutableSet<Integer> tcpPorts() {
    return tcpPorts;
  }

  /** Returns the UDP ports this listener serves. */
  public ImmutableSet<Integer> udpPorts() {
    return udpPorts;
  }

  /** Returns whether the helper process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the helper process and waits for it to exit; idempotent. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed: the process will be killed below anyway.
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A leftover log file is harmless.
    }
  }
}
