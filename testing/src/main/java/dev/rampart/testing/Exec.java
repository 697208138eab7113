package dev.rampart.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Runs a command to completion, output captured in temporary files so nothing can block. */
final class Exec {
  static final long TIMEOUT_SECONDS = 120;

  private Exec() {}

  /** Returns a process builder for {@code argv} whose {@code PATH} includes the sbin dirs. */
  static ProcessBuilder builder(List<String> argv) {
    return builder(argv, Map.of());
  }

  /** Like {@link #builder(List)}, with {@code env} added to the environment. */
  static ProcessBuilder builder(List<String> argv, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().putAll(env);
    builder.environment().put("PATH", Host.searchPath());
    builder.environment().put("LC_ALL", "C");
    return builder;
  }

  /** Runs {@code argv} with {@code stdin} as its input; never throws on a non-zero exit code. */
  static ExecResult run(String stdin, List<String> argv) {
    return run(stdin, argv, Map.of());
  }

  /**
   * Runs {@code argv} with {@code stdin} as its input and {@code env} added to its environment;
   * never throws on a non-zero exit code.
   */
  static ExecResult run(String stdin, List<String> argv, Map<String, String> env) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("rampart-exec", ".out");
      err = Files.createTempFile("rampart-exec", ".err");
      Process process =
          builder(argv, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(UTF_8));
      } catch (IOException e) {
        // The command exited without reading its input; its exit code tells the story.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "command timed out after " + TIMEOUT_SECONDS + " s: " + describe(argv));
      }
      return new ExecResult(
          process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + describe(argv), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + describe(argv), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Runs {@code argv}; returns stdout, or throws naming argv, exit code and stderr. */
  static String check(String stdin, List<String> argv) {
    ExecResult result = run(stdin, argv);
    if (result.exitCode() != 0) {
      throw failure(argv, result);
    }
    return result.stdout();
  }

  /** Builds the error for a failed command: argv, exit code and stderr. */
  static AssertionError failure(List<String> argv, ExecResult result) {
    return new AssertionError(
        "command failed (exit code "
            + result.exitCode()
            + "): "
            + describe(argv)
            + "\n"
            + result.stderr().strip());
  }

  /** Returns argv as one line, for messages. */
  static String describe(List<String> argv) {
    return String.join(" ", argv);
  }

  private static void deleteQuietly(@Nullable Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // A leftover temporary file is harmless.
      }
    }
  }
}
