package dev.rampart.testing;

import com.google.common.collect.ImmutableList;
import dev.rampart.testing.internal.PortProbe;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

/** The command line that starts {@link PortProbe} in a fresh, cheap JVM inside a namespace. */
final class HelperJvm {
  private HelperJvm() {}

  /** Returns {@code ip netns exec NAMESPACE java ... PortProbe args...}. */
  static ImmutableList<String> command(String namespace, List<String> args) {
    return ImmutableList.<String>builder()
        .add("ip", "netns", "exec", namespace, java())
        .add("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m")
        .add("-XX:-UsePerfData", "-Djava.net.preferIPv4Stack=false")
        .add("-cp", classPath(), PortProbe.class.getName())
        .addAll(args)
        .build();
  }

  /** Returns the {@code java} launcher of the running JVM. */
  static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Returns the jar or classes directory that holds {@link PortProbe}. */
  static String classPath() {
    CodeSource source = PortProbe.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new IllegalStateException("cannot locate the classes of " + PortProbe.class);
    }
    try {
      return Path.of(source.getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + PortProbe.class, e);
    }
  }
}
