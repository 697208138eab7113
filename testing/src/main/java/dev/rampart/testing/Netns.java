package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.rampart.core.Family;
import dev.rampart.testing.internal.PortProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A network namespace of a {@link KernelLab}: run commands in it, listen and probe from it. */
public final class Netns {
  private static final Pattern SYSCTL_KEY = Pattern.compile("[A-Za-z0-9_.\\-/]+");
  private static final Pattern SYSCTL_VALUE = Pattern.compile("[A-Za-z0-9_.:\\- ]*");

  /** The variable the apply scripts read for the directory of their lock and state. */
  static final String RUN_DIR_VARIABLE = "RAMPART_RUN_DIR";

  private final KernelLab lab;
  private final String name;
  private final Path runDir;

  Netns(KernelLab lab, String name) {
    this.lab = lab;
    this.name = name;
    try {
      this.runDir = Files.createTempDirectory("rampart-run-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("namespace " + name + ": cannot create its run directory", e);
    }
  }

  /** Returns the namespace's name as {@code ip netns list} shows it. */
  public String name() {
    return name;
  }

  /**
   * The directory this namespace's commands get as {@code RAMPART_RUN_DIR}: a temporary directory
   * of its own, deleted with the lab, so that an {@code apply.sh} run here takes its lock and keeps
   * its state there, as on a host of its own, and never in the machine's {@code /run/rampart}.
   */
  public Path runDir() {
    return runDir;
  }

  /**
   * Runs {@code ip netns exec NAME argv...} with {@code stdin} as input ({@code ""} for none), with
   * {@code RAMPART_RUN_DIR} set to {@link #runDir()} (a command may set it again, {@code env
   * RAMPART_RUN_DIR=... sh apply.sh}).
   *
   * <p>Never throws because of the exit code: inspect the result.
   */
  public ExecResult exec(String stdin, String... argv) {
    return Exec.run(stdin, inside(argv), environment());
  }

  /**
   * Runs {@code argv} in this namespace and returns its standard output.
   *
   * @throws AssertionError naming argv, the exit code and stderr if the command fails
   */
  public String run(String... argv) {
    return runWithInput("", argv);
  }

  /**
   * Runs {@code argv} in this namespace with {@code stdin} as input and returns its output.
   *
   * @throws AssertionError naming argv, the exit code and stderr if the command fails
   */
  public String runWithInput(String stdin, String... argv) {
    List<String> command = inside(argv);
    ExecResult result = Exec.run(stdin, command, environment());
    if (result.exitCode() != 0) {
      throw Exec.failure(command, result);
    }
    return result.stdout();
  }

  private ImmutableMap<String, String> environment() {
    return ImmutableMap.of(RUN_DIR_VARIABLE, runDir.toString());
  }

  private ImmutableList<String> inside(String... argv) {
    checkArgument(argv.length > 0, "empty command for namespace %s", name);
    return ImmutableList.<String>builder()
        .add("ip", "netns", "exec", name)
        .addAll(Arrays.asList(argv))
        .build();
  }

  /**
   * Sets a sysctl of this namespace, e.g. {@code sysctl("net.ipv4.ip_forward", "1")}.
   *
   * <p>Writes {@code /proc/sys/...} from inside the namespace, so no {@code sysctl} binary is
   * needed.
   */
  public void sysctl(String key, String value) {
    checkArgument(
        SYSCTL_KEY.matcher(key).matches() && !key.contains(".."), "bad sysctl key: %s", key);
    checkArgument(SYSCTL_VALUE.matcher(value).matches(), "bad sysctl value: %s", value);
    String path = "/proc/sys/" + (key.contains("/") ? key : key.replace('.', '/'));
    run("sh", "-c", "printf '%s\\n' \"$1\" > \"$2\"", "sh", value, path);
  }

  /**
   * Returns {@code iptables-save} (IPv4) or {@code ip6tables-save} (IPv6) of this namespace without
   * its {@code #} comment lines.
   */
  public String iptablesSave(Family family) {
    String save = run(family == Family.IPV4 ? "iptables-save" : "ip6tables-save");
    return Splitter.on('\n')
        .splitToStream(save)
        .filter(line -> !line.startsWith("#"))
        .collect(Collectors.joining("\n"));
  }

  /**
   * Starts TCP and UDP echo servers on the wildcard address (IPv4 and IPv6) of this namespace.
   *
   * <p>Returns once every port is bound; the servers stop when the lab closes.
   */
  public Listener listen(Collection<Integer> tcpPorts, Collection<Integer> udpPorts) {
    return lab.register(
        Listener.start(name, ImmutableSet.copyOf(tcpPorts), ImmutableSet.copyOf(udpPorts)));
  }

  /** Returns whether a TCP connection from this namespace to {@code dst:port} succeeds in ~1 s. */
  public boolean tcpAnswers(InetAddress dst, int port) {
    return tcpAnswers(dst, List.of(port)).getOrDefault(port, false);
  }

  /** Returns whether a datagram from this namespace to {@code dst:port} is echoed in ~1 s. */
  public boolean udpAnswers(InetAddress dst, int port) {
    return udpAnswers(dst, List.of(port)).getOrDefault(port, false);
  }

  /** Probes every TCP port of {@code dst} at once (in parallel, one helper JVM). */
  public ImmutableMap<Integer, Boolean> tcpAnswers(InetAddress dst, Collection<Integer> ports) {
    return probe("tcp", dst, ports);
  }

  /** Probes every UDP port of {@code dst} at once (in parallel, one helper JVM). */
  public ImmutableMap<Integer, Boolean> udpAnswers(InetAddress dst, Collection<Integer> ports) {
    return probe("udp", dst, ports);
  }

  private ImmutableMap<Integer, Boolean> probe(
      String protocol, InetAddress dst, Collection<Integer> ports) {
    ImmutableList<Integer> distinct = ImmutableSet.copyOf(ports).asList();
    if (distinct.isEmpty()) {
      return ImmutableMap.of();
    }
    List<String> args = new ArrayList<>();
    args.add("probe");
    for (int port : distinct) {
      args.add(protocol);
      args.add(InetAddresses.toAddrString(dst));
      args.add(String.valueOf(port));
    }
    List<String> command = HelperJvm.command(name, args);
    ExecResult result = Exec.run("", command);
    if (result.exitCode() != 0) {
      throw Exec.failure(command, result);
    }
    Map<Integer, Boolean> answers = new LinkedHashMap<>();
    for (String line : Splitter.on('\n').omitEmptyStrings().split(result.stdout())) {
      List<String> fields = Splitter.on(' ').splitToList(line);
      if (fields.size() == 3 && fields.get(0).equals(PortProbe.RESULT)) {
        answers.put(distinct.get(Integer.parseInt(fields.get(1))), Boolean.valueOf(fields.get(2)));
      }
    }
    if (answers.size() != distinct.size()) {
      throw new AssertionError(
          "probe printed "
              + answers.size()
              + " results for "
              + distinct.size()
              + " ports: "
              + Exec.describe(command)
              + "\n"
              + result.stdout()
              + result.stderr());
    }
    return ImmutableMap.copyOf(answers);
  }

  /** Returns the namespace's name. */
  @Override
  public String toString() {
    return name;
  }
}
