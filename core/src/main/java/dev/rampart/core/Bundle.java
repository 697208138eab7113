package dev.rampart.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.immutables.value.Value;

/**
 * Every file a backend needs to apply a ruleset, e.g. {@code coexist.v4}, {@code ipset.rules} and
 * {@code apply.sh}: relative file names to contents, in a stable order, plus which files are
 * executable. Every {@link Renderer} returns one from {@link Renderer#bundle}.
 *
 * <p>Every bundle also holds {@value #MANIFEST}, computed from the other files: per file its size
 * in bytes, its SHA-256 and its name, then a line {@code end COUNT}. The apply scripts check the
 * files against it before they change anything, so a bundle cut short or changed is refused.
 *
 * <pre>{@code
 * Bundle bundle = IptablesRenderer.of(RenderMode.COEXIST).bundle(ruleset);
 * String script = bundle.file("apply.sh");
 * boolean runnable = bundle.isExecutable("apply.sh"); // true
 * }</pre>
 */
@Value.Immutable
public abstract class Bundle {
  /** The name of the file that lists every other file with its size and SHA-256. */
  public static final String MANIFEST = "MANIFEST";

  private static final CharMatcher NAME_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("._-"))
          .precomputed();

  Bundle() {}

  /**
   * The files by relative name ({@code /} separates directories, e.g. {@code ferm.d/10-sets.ferm}),
   * in the order they were added, then {@value #MANIFEST}.
   */
  public abstract ImmutableMap<String, String> files();

  /** The names of the files to mark executable, e.g. {@code apply.sh}; each one is a file. */
  public abstract ImmutableSet<String> executables();

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A bundle of one plain file. */
  public static Bundle of(String name, String content) {
    return builder().file(name, content).build();
  }

  /**
   * Returns the content of the file {@code name}.
   *
   * @throws IllegalArgumentException if the bundle has no such file
   */
  public String file(String name) {
    String content = files().get(name);
    checkArgument(content != null, "bundle: no such file: %s", name);
    return content;
  }

  /** Whether the file {@code name} is to be marked executable. */
  public boolean isExecutable(String name) {
    return executables().contains(name);
  }

  /**
   * A copy of this bundle with the file {@code name} holding {@code content} (replaced in place, or
   * added last), executable if it was, and the {@value #MANIFEST} computed anew: a bundle edited on
   * purpose, as a person or a test might, that the apply scripts accept.
   *
   * <pre>{@code
   * Bundle edited = bundle.withFile("own.v4", bundle.file("own.v4").replace("DROP", "ACCEPT"));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code name} is {@value #MANIFEST} or not a valid file name
   */
  public Bundle withFile(String name, String content) {
    checkArgument(!name.equals(MANIFEST), "bundle: the manifest is computed, not set: %s", name);
    Builder b = builder();
    files()
        .forEach(
            (file, text) -> {
              if (!file.equals(MANIFEST)) {
                b.putFile(file, file.equals(name) ? content : text);
              }
            });
    if (!files().containsKey(name)) {
      b.putFile(name, content);
    }
    b.addAllExecutables(executables());
    return b.build();
  }

  /** Builds a {@link Bundle}. */
  public static final class Builder extends ImmutableBundle.Builder {
    /** Adds a file that is not executable. */
    public Builder file(String name, String content) {
      putFile(name, content);
      return this;
    }

    /** Adds a file to be marked executable, e.g. an apply script. */
    public Builder executable(String name, String content) {
      putFile(name, content);
      addExecutable(name);
      return this;
    }
  }

  @Value.Check
  final Bundle check() {
    for (String name : files().keySet()) {
      boolean plain =
          Splitter.on('/')
              .splitToStream(name)
              .allMatch(s -> !s.isEmpty() && !s.equals(".") && !s.equals(".."));
      checkArgument(
          plain && NAME_CHARS.or(CharMatcher.is('/')).matchesAllOf(name),
          "bundle: file name is not a relative path of letters, digits and . _ - /: %s",
          name);
    }
    for (String name : executables()) {
      checkArgument(files().containsKey(name), "bundle: executable is not a file: %s", name);
    }
    checkArgument(
        !executables().contains(MANIFEST), "bundle: the manifest is not executable: %s", MANIFEST);
    String manifest = manifest(files());
    String given = files().get(MANIFEST);
    if (given == null) {
      Builder copy = new Builder();
      copy.from(this);
      return copy.putFile(MANIFEST, manifest).build();
    }
    checkArgument(
        given.equals(manifest),
        "bundle: a file name reserved for the manifest computed from the other files: %s",
        MANIFEST);
    return this;
  }

  /** The manifest of {@code files} (without any file named {@value #MANIFEST}). */
  private static String manifest(Map<String, String> files) {
    StringBuilder out =
        new StringBuilder()
            .append("# Rampart bundle manifest: size in bytes, SHA-256 and name of every other")
            .append(" file, then\n")
            .append("# their count. apply.sh checks copies of the files against it before it")
            .append(" changes anything.\n");
    int count = 0;
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (file.getKey().equals(MANIFEST)) {
        continue;
      }
      byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
      out.append(bytes.length)
          .append(' ')
          .append(Hashing.sha256().hashBytes(bytes))
          .append(' ')
          .append(file.getKey())
          .append('\n');
      count++;
    }
    return out.append("end ").append(count).append('\n').toString();
  }
}
