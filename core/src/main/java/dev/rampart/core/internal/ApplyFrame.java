package dev.rampart.core.internal;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The part of every backend's {@code apply.sh} that is the same for all of them, wrapped around the
 * backend's body: POSIX {@code sh} with {@code set -eu}; one apply at a time ({@code flock} on
 * {@code /run/rampart/apply.lock}, status 3 after {@code --lock-timeout}); a copy of the bundle
 * checked against its {@code MANIFEST} before anything changes (status 4); {@code --confirm
 * SECONDS}: the state the backend touches is saved, the body applied, and the saved state restored
 * unless {@code /run/rampart/confirm} appears in time (status 5); for a body whose rule changes are
 * undone when it fails ({@link Builder#setsBackOnFailure}), the sets {@code ipset.rules} touches
 * are saved first and put back when the body fails, since {@code ipset restore} is no part of a
 * rule transaction; for a body whose failure may leave a mix ({@link Builder#restoresOnFailure},
 * ferm), the whole state {@code --confirm} saves is saved first and restored when the body fails.
 * Sets come back without a moment where a live set is empty: each is filled under a free temporary
 * name ({@code rampart.back}) and swapped in, with its saved options, so {@code ipset save} prints
 * what it printed before. The body runs in a subshell with {@code set -e}, in the checked copy
 * ({@code $dir}, also the working directory), with the arguments the frame did not take as {@code
 * "$@"}. Also writes the systemd units that run the script from {@code /etc/rampart/BACKEND}.
 *
 * <pre>{@code
 * ApplyFrame frame = ApplyFrame.builder("nftables").nftTables(List.of("rampart")).build();
 * String script = frame.script("nft -f rules.nft\n");
 * }</pre>
 */
public final class ApplyFrame {
  /** The unit that applies the bundle at boot. */
  public static final String BOOT_UNIT = "rampart-firewall.service";

  /** The unit that applies the bundle again after {@code docker.service} (re)started. */
  public static final String DOCKER_UNIT = "rampart-firewall-docker.service";

  private static final Pattern BACKEND = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Pattern NFT_TABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
  private static final CharMatcher COMMENT_CHARS =
      CharMatcher.inRange(' ', '~').and(CharMatcher.noneOf("\\")).precomputed();

  private final String backend;
  private final ImmutableList<String> summary;
  private final boolean iptables;
  private final boolean ipsets;
  private final boolean setsBackOnFailure;
  private final boolean restoresOnFailure;
  private final ImmutableList<String> nftTables;

  private ApplyFrame(Builder b) {
    this.backend = b.backend;
    this.summary = b.summary.build();
    this.iptables = b.iptables;
    this.ipsets = b.ipsets;
    this.restoresOnFailure = b.restoresOnFailure;
    this.setsBackOnFailure = b.ipsets && b.setsBackOnFailure && !b.restoresOnFailure;
    this.nftTables = b.nftTables.build();
  }

  /**
   * Returns a builder for the frame of {@code backend}, e.g. {@code iptables}: the directory {@code
   * /etc/rampart/BACKEND} the units run the script from.
   *
   * @throws IllegalArgumentException unless {@code backend} is 1-31 of {@code [a-z0-9-]}, letter
   *     first
   */
  public static Builder builder(String backend) {
    checkArgument(
        BACKEND.matcher(backend).matches(), "apply frame: not a backend name: %s", backend);
    return new Builder(backend);
  }

  /** The directory the units apply the bundle from: {@code /etc/rampart/BACKEND}. */
  public String installDirectory() {
    return "/etc/rampart/" + backend;
  }

  /**
   * Returns the whole {@code apply.sh}: the frame around {@code body} (shell commands, one a line,
   * each line ending with a newline).
   *
   * @throws IllegalArgumentException if {@code body} does not end with a newline
   */
  public String script(String body) {
    checkArgument(body.endsWith("\n"), "apply frame: a body not ending with a newline: %s", body);
    StringBuilder summaryLines = new StringBuilder();
    for (String line : summary) {
      summaryLines.append("# ").append(line).append('\n');
    }
    StringBuilder config = new StringBuilder();
    config.append("rampart_uses_iptables=").append(iptables ? 1 : 0).append('\n');
    config.append("rampart_uses_ipset=").append(ipsets ? 1 : 0).append('\n');
    config.append("rampart_sets_on_failure=").append(setsBackOnFailure ? 1 : 0).append('\n');
    config.append("rampart_restore_on_failure=").append(restoresOnFailure ? 1 : 0).append('\n');
    config.append("rampart_nft_tables='").append(String.join(" ", nftTables)).append("'");
    return Template.SCRIPT
        .replace("@BACKEND@", backend)
        .replace("@SUMMARY@", summaryLines)
        .replace("@CONFIG@", config)
        .replace("@BODY@\n", body);
  }

  /** Returns the systemd units, {@value #BOOT_UNIT} and {@value #DOCKER_UNIT}, by file name. */
  public ImmutableMap<String, String> units() {
    return ImmutableMap.of(
        BOOT_UNIT,
        Template.BOOT.replace("@DIR@", installDirectory()),
        DOCKER_UNIT,
        Template.DOCKER.replace("@DIR@", installDirectory()));
  }

  /** Builds an {@link ApplyFrame}. */
  public static final class Builder {
    private final String backend;
    private final ImmutableList.Builder<String> summary = ImmutableList.builder();
    private boolean iptables;
    private boolean ipsets;
    private boolean setsBackOnFailure;
    private boolean restoresOnFailure;
    private final ImmutableList.Builder<String> nftTables = ImmutableList.builder();

    private Builder(String backend) {
      this.backend = backend;
    }

    /**
     * Adds a line to the comment at the top of the script saying what the body does.
     *
     * @throws IllegalArgumentException if the line has a character other than printable ASCII
     *     without backslash
     */
    public Builder describe(String line) {
      checkArgument(
          COMMENT_CHARS.matchesAllOf(line), "apply frame: not a plain comment line: %s", line);
      summary.add(line);
      return this;
    }

    /** Whether the body changes iptables or ip6tables rules (of either flavour). */
    public Builder iptables(boolean value) {
      this.iptables = value;
      return this;
    }

    /**
     * Whether the body changes ipsets: it loads the bundle's {@code ipset.rules} ({@link
     * IpsetRestore}'s text) with {@code ipset restore -exist}; {@code --confirm} saves and restores
     * them.
     */
    public Builder ipsets(boolean value) {
      this.ipsets = value;
      return this;
    }

    /**
     * The {@code inet} tables the body replaces, saved and restored whole by {@code --confirm}.
     *
     * @throws IllegalArgumentException for a name that is not 1-63 of {@code [A-Za-z0-9_-]}, letter
     *     first
     */
    public Builder nftTables(Iterable<String> names) {
      for (String name : names) {
        checkArgument(
            NFT_TABLE.matcher(name).matches(), "apply frame: not an nft table name: %s", name);
        nftTables.add(name);
      }
      return this;
    }

    /**
     * Whether a failing body leaves every rule as it was (its rule changes are one transaction, or
     * are put back), so that the sets must come back too: the frame saves the sets named in the
     * {@code create} lines of {@code ipset.rules} before the body runs and, when it fails, gives
     * those that existed their saved contents back and destroys the others, temporary sets
     * included. Leave it off for a body whose failure may leave new rules in place (ferm loads its
     * tables before its hooks fail): old sets under new rules would be a mix; such a body wants
     * {@link #restoresOnFailure}, which makes this setting moot.
     */
    public Builder setsBackOnFailure(boolean value) {
      this.setsBackOnFailure = value;
      return this;
    }

    /**
     * Whether the frame saves the whole state the body touches before it runs, as {@code --confirm}
     * does (iptables and ip6tables of both flavours as present, all ipsets, the {@link
     * #nftTables}), and restores it exactly when the body fails, before exiting with status 1: for
     * a body whose failure may leave a mix of old and new (ferm loads its tables, then its hooks
     * may fail, and the sets {@code ipset.rules} changed would stay changed).
     */
    public Builder restoresOnFailure(boolean value) {
      this.restoresOnFailure = value;
      return this;
    }

    /** Returns the frame. */
    public ApplyFrame build() {
      return new ApplyFrame(this);
    }
  }

  /** The texts the frame fills in, read once from this package's resources. */
  private static final class Template {
    static final String SCRIPT = read("apply.sh.in");
    static final String BOOT = read(BOOT_UNIT + ".in");
    static final String DOCKER = read(DOCKER_UNIT + ".in");

    private Template() {}

    private static String read(String name) {
      try (InputStream in = ApplyFrame.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("apply frame: template missing: " + name);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("apply frame: cannot read the template: " + name, e);
      }
    }
  }
}
