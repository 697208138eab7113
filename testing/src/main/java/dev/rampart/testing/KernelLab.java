package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Throwaway network namespaces joined by veth links; closing the lab deletes them all.
 *
 * <p>Tests get one per method from {@link KernelTest}; elsewhere use try-with-resources:
 *
 * <pre>{@code
 * try (KernelLab lab = KernelLab.open()) {
 *   Netns host = lab.namespace("host");
 *   host.runWithInput(rules, "iptables-restore");
 * }
 * }</pre>
 *
 * <p>Namespace names are {@code rp<pid in base 36>-<counter>-<role>}: unique among the JVMs running
 * at the same time. Interfaces are created directly inside the namespaces, so nothing ever appears
 * in the root namespace.
 */
public final class KernelLab implements AutoCloseable {
  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,11}");
  private static final String RUN_ID = Long.toString(ProcessHandle.current().pid(), 36);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final int MAX_NAME_ATTEMPTS = 20;
  private static final long READY_TIMEOUT_SECONDS = 10;
  private static final Set<KernelLab> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(KernelLab::closeAllQuietly, "rampart-kernel-lab-cleanup"));
  }

  private final List<Netns> namespaces = new ArrayList<>();
  private final List<Listener> listeners = new ArrayList<>();
  private int links;
  private boolean closed;

  private KernelLab() {}

  /** Opens an empty lab; the caller must {@link #close()} it. */
  public static KernelLab open() {
    KernelLab lab = new KernelLab();
    OPEN.add(lab);
    return lab;
  }

  /**
   * Creates a namespace named {@code rp<id>-<n>-<role>} with its loopback up.
   *
   * @throws IllegalArgumentException if {@code role} is not 1-12 of {@code [a-z0-9-]}, letter first
   */
  public synchronized Netns namespace(String role) {
    checkArgument(ROLE.matcher(role).matches(), "role must match %s: %s", ROLE, role);
    checkState(!closed, "lab is closed");
    ExecResult last = new ExecResult(0, "", "");
    List<String> command = List.of();
    for (int attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
      String name = "rp" + RUN_ID + "-" + COUNTER.incrementAndGet() + "-" + role;
      command = List.of("ip", "netns", "add", name);
      last = Exec.run("", command);
      if (last.exitCode() == 0) {
        Netns netns = new Netns(this, name);
        namespaces.add(netns);
        Exec.check("", List.of("ip", "-n", name, "link", "set", "lo", "up"));
        // Interfaces created later skip duplicate address detection: usable at once.
        netns.sysctl("net.ipv6.conf.all.accept_dad", "0");
        netns.sysctl("net.ipv6.conf.default.accept_dad", "0");
        return netns;
      }
      if (!last.stderr().contains("exists")) {
        break; // a real failure, not a leftover namespace of a dead JVM with our pid
      }
    }
    throw Exec.failure(command, last);
  }

  /**
   * Joins {@code a} and {@code b} with a veth pair, both ends up with {@code 10.201.N.1/24} and
   * {@code fd00:201:N::1/64} on {@code a}, {@code .2} and {@code ::2} on {@code b} (N counts the
   * lab's links from 1); IPv6 addresses skip duplicate address detection so they work at once.
   */
  public synchronized Link link(Netns a, Netns b) {
    checkState(!closed, "lab is closed");
    checkArgument(namespaces.contains(a) && namespaces.contains(b), "namespace not of this lab");
    checkArgument(a != b, "cannot link namespace %s to itself", a);
    Link link = new Link(a, b, ++links);
    Exec.check(
        "",
        List.of(
            "ip",
            "link",
            "add",
            link.interfaceName(a),
            "netns",
            a.name(),
            "type",
            "veth",
            "peer",
            "name",
            link.interfaceName(b),
            "netns",
            b.name()));
    for (Netns side : List.of(a, b)) {
      String dev = link.interfaceName(side);
      String v4 = link.address(side, Family.IPV4).getHostAddress() + "/24";
      String v6 = InetAddresses.toAddrString(link.address(side, Family.IPV6)) + "/64";
      Exec.check("", List.of("ip", "-n", side.name(), "addr", "add", v4, "dev", dev));
      Exec.check("", List.of("ip", "-n", side.name(), "addr", "add", v6, "dev", dev, "nodad"));
      Exec.check("", List.of("ip", "-n", side.name(), "link", "set", dev, "up"));
    }
    awaitReady(link, a);
    awaitReady(link, b);
    return link;
  }

  /**
   * Waits until IPv6 works on {@code side}'s end: the kernel installs the multicast route that
   * neighbour discovery needs only once it has seen the carrier, and a probe sent earlier loses its
   * first neighbour solicitation (and a second costs a full second).
   */
  private static void awaitReady(Link link, Netns side) {
    String dev = link.interfaceName(side);
    List<String> routes = List.of("ip", "-n", side.name(), "-6", "route", "show", "table", "local");
    List<String> tentative =
        List.of("ip", "-n", side.name(), "-6", "addr", "show", "dev", dev, "tentative");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
    while (true) {
      boolean multicast = Exec.check("", routes).contains("ff00::/8 dev " + dev + " ");
      if (multicast && Exec.check("", tentative).isBlank()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "link " + link + " not ready after " + READY_TIMEOUT_SECONDS + " s in " + side);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for link " + link, e);
      }
    }
  }

  /** Returns the namespaces created so far, in creation order. */
  public synchronized ImmutableList<Netns> namespaces() {
    return ImmutableList.copyOf(namespaces);
  }

  synchronized Listener register(Listener listener) {
    if (closed) {
      listener.close();
      throw new IllegalStateException("lab is closed");
    }
    listeners.add(listener);
    return listener;
  }

  /**
   * Stops every listener and deletes every namespace, even when some step fails; idempotent.
   *
   * @throws AssertionError after trying everything, if a namespace could not be deleted
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(this);
    List<String> failures = new ArrayList<>();
    for (Listener listener : listeners) {
      try {
        listener.close();
      } catch (RuntimeException e) {
        failures.add("listener: " + e);
      }
    }
    for (Netns netns : namespaces) {
      try {
        ExecResult result = Exec.run("", List.of("ip", "netns", "del", netns.name()));
        if (result.exitCode() != 0) {
          failures.add("ip netns del " + netns.name() + ": " + result.stderr().strip());
        }
      } catch (RuntimeException | AssertionError e) {
        failures.add("ip netns del " + netns.name() + ": " + e);
      }
      try {
        MoreFiles.deleteRecursively(netns.runDir(), RecursiveDeleteOption.ALLOW_INSECURE);
      } catch (IOException e) {
        failures.add("run directory " + netns.runDir() + ": " + e);
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError("kernel lab cleanup failed:\n" + String.join("\n", failures));
    }
  }

  private static void closeAllQuietly() {
    for (KernelLab lab : OPEN) {
      try {
        lab.close();
      } catch (RuntimeException | AssertionError e) {
        System.err.println("rampart kernel lab: " + e.getMessage());
      }
    }
  }
}
