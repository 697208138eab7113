package dev.rampart.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Real rule dumps shipped in this jar (under {@code dev/rampart/testing/fixtures}), read from the
 * class path: no repository path, working directory or environment variable is involved.
 *
 * <p>{@code docker/} holds what Docker wrote on real hosts ({@code swarm-portmap-28-S.txt}, {@code
 * docker-28.0-gwbridge-partial.txt}, {@code swarm-aws-1.4.21-partial.txt}, {@code
 * swarm-17.05-filter-S-partial.txt}, {@code swarm-17.05-vagrant-S-partial.txt}); its {@code
 * README.md} names each file's source.
 *
 * <pre>{@code
 * String docker = Fixtures.read("docker/swarm-portmap-28-S.txt");
 * }</pre>
 */
public final class Fixtures {
  /** A relative name: segments of letters, digits, {@code . _ -}, none of them {@code ..}. */
  private static final Pattern NAME =
      Pattern.compile("(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private Fixtures() {}

  /**
   * Returns the text (UTF-8) of a fixture, e.g. {@code read("docker/swarm-portmap-28-S.txt")}.
   *
   * @throws IllegalArgumentException if the name is not a plain relative name or names no fixture
   */
  public static String read(String name) {
    checkArgument(NAME.matcher(name).matches(), "fixture name is not a relative name: %s", name);
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
      checkArgument(in != null, "no such fixture: %s", name);
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + name, e);
    }
  }
}
