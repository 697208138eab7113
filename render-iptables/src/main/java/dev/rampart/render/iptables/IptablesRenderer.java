package dev.rampart.render.iptables;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.rampart.core.Bundle;
import dev.rampart.core.Coexist;
import dev.rampart.core.Family;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.core.docker.DockerChains;
import dev.rampart.core.eval.LockoutCheck;
import dev.rampart.core.internal.IpsetRestore;
import dev.rampart.core.snapshot.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link Ruleset} for iptables: {@code iptables-restore} text for one address family,
 * plus ({@link #bundle}) {@code ipset restore} text and a POSIX shell apply script.
 *
 * <p>Rules are written exactly as {@code iptables-save} (iptables 1.8.9, nf_tables) prints them
 * back, e.g. {@code -A INPUT -s 10.0.0.0/8 -i eth0 -p tcp -m tcp --dport 22 -m comment --comment
 * ssh -j ACCEPT}, so a loaded ruleset compares line by line with the kernel's. A rule is part of a
 * family's output when {@link Ruleset#familiesOf} includes that family. What iptables cannot
 * express exactly raises {@link dev.rampart.core.UnsupportedFeatureException}; among others an
 * address list of more than one prefix (use a named set: splitting it into several rules would
 * change rule numbering and the meaning of negation), {@code -p 0}, ICMP type 255 and rate limits
 * iptables would round.
 *
 * <pre>{@code
 * String v4 = IptablesRenderer.of(RenderMode.OWN).render(ruleset);
 * String v6 = IptablesRenderer.builder().family(Family.IPV6).mode(RenderMode.OWN).build()
 *     .render(ruleset);
 * Bundle files = IptablesRenderer.of(RenderMode.COEXIST).bundle(ruleset);
 * // coexist.v4, coexist.v6, ipset.rules, apply.sh (executable): run "sh apply.sh" as root
 * }</pre>
 */
public final class IptablesRenderer implements Renderer {
  private final Family family;
  private final RenderMode mode;

  private IptablesRenderer(Family family, RenderMode mode) {
    this.family = family;
    this.mode = mode;
  }

  /**
   * The IPv4 renderer in own mode, for {@link java.util.ServiceLoader} on the class path; prefer
   * {@link #of} and {@link #builder()}.
   */
  public IptablesRenderer() {
    this(Family.IPV4, RenderMode.OWN);
  }

  /** The IPv4 renderer in own mode, for {@link java.util.ServiceLoader} on the module path. */
  public static IptablesRenderer provider() {
    return builder().build();
  }

  /** The IPv4 renderer in {@code mode}; see {@link #builder()} for IPv6. */
  public static IptablesRenderer of(RenderMode mode) {
    checkNotNull(mode, "mode");
    return builder().mode(mode).build();
  }

  /** Returns a new builder, preset to IPv4 and own mode. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code iptables} or {@code ip6tables}. */
  @Override
  public String format() {
    return backend(family);
  }

  /** {@code iptables} or {@code ip6tables}: the backend named in refusals. */
  static String backend(Family family) {
    return family == Family.IPV4 ? "iptables" : "ip6tables";
  }

  /** The family this renderer writes. */
  public Family family() {
    return family;
  }

  /** The mode this renderer writes in. */
  public RenderMode mode() {
    return mode;
  }

  /**
   * Writes the restore text of this renderer's family and mode.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when iptables cannot express a rule
   * @throws dev.rampart.core.InvalidModelException when the family's rules would drop admin access
   *     ({@link LockoutCheck})
   * @throws IOException when {@code out} fails
   */
  @Override
  public void render(Ruleset ruleset, Appendable out) throws IOException {
    checkNotNull(ruleset, "ruleset");
    checkNotNull(out, "out");
    check(ruleset, family);
    // into the caller's builder directly, taken back if a refusal comes; else into our own
    StringBuilder text = out instanceof StringBuilder b ? b : new StringBuilder();
    int start = text.length();
    try {
      RestoreWriter.write(ruleset, family, FamilyView.of(ruleset, family), mode, text);
      LockoutCheck.check(ruleset, List.of(family)); // once iptables can say it all
    } catch (RuntimeException e) {
      text.setLength(start);
      throw e;
    }
    if (text != out) {
      out.append(text);
    }
  }

  /**
   * Returns {@code apply.sh} (executable), {@code ipset.rules} (empty without sets), the restore
   * text of both families in this renderer's mode, whatever its family ({@code coexist.v4} and
   * {@code coexist.v6}, the input of the transaction {@code apply.sh} computes; {@code own.v4} and
   * {@code own.v6}, whole tables), the systemd units {@code rampart-firewall.service} and {@code
   * rampart-firewall-docker.service}, and {@code MANIFEST}. No file bears a name a boot-time loader
   * picks up ({@code rules.v4}, {@code rules.v6}, {@code iptables.rules}): {@code apply.sh}, run by
   * the units, is the only way in.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when iptables cannot express a rule
   * @throws dev.rampart.core.InvalidModelException when the rules would drop admin access in a
   *     family ({@link LockoutCheck})
   */
  @Override
  public Bundle bundle(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    check(ruleset, Family.IPV4);
    String rules4 = restore(ruleset, Family.IPV4, mode);
    String rules6 = restore(ruleset, Family.IPV6, mode);
    LockoutCheck.check(ruleset, List.of(Family.IPV4, Family.IPV6)); // once iptables can say it all
    String script =
        ApplyScript.write(
            mode,
            !ruleset.sets().isEmpty(),
            new ApplyScript.FamilyPart(Family.IPV4, !rules4.isEmpty()),
            new ApplyScript.FamilyPart(Family.IPV6, !rules6.isEmpty()));
    Bundle.Builder bundle =
        Bundle.builder()
            .executable("apply.sh", script)
            .file("ipset.rules", IpsetRestore.of(ruleset))
            .file(ApplyScript.file(mode, Family.IPV4), rules4)
            .file(ApplyScript.file(mode, Family.IPV6), rules6);
    ApplyScript.units().forEach(bundle::file);
    return bundle.build();
  }

  /**
   * Returns the {@code ipset restore -exist} text for the ruleset's address sets: per set {@code
   * create NAME hash:net|hash:ip family inet|inet6 -exist}, then a temporary set of the same type
   * filled with the elements and {@code swap}ped with it, so the live set is never empty; loading
   * it again leaves exactly the model's elements.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException for an element ipset cannot hold ({@code
   *     /0})
   */
  public static String ipsetRestore(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    return IpsetRestore.of(ruleset);
  }

  /**
   * Returns the coexist-mode apply script of {@link #bundle}: loads the sets, then per family one
   * {@code iptables-restore --noflush} transaction computed from what the host holds, which leaves
   * exactly what this policy alone leaves beside Docker's rules.
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when iptables cannot express a rule
   */
  public static String applyScript(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    return of(RenderMode.COEXIST).bundle(ruleset).file("apply.sh");
  }

  /**
   * Returns {@code iptables-restore} text (for {@code ip6tables-restore} when {@code family} is
   * IPv6) that recreates exactly what {@code snapshot} holds for {@code family}: each of its tables
   * in full, built-in chains with their policy, user chains declared, every rule in order, all
   * counters zero. Loading it, then reading {@code iptables-save} back with {@link IptablesParser},
   * gives the snapshot's rules again. Address sets are only referenced: create them first.
   *
   * <pre>{@code
   * Snapshot host = IptablesParser.parse(Path.of("host.rules"), Family.IPV4);
   * String text = IptablesRenderer.restoreText(host, Family.IPV4);
   * // *filter
   * // :INPUT ACCEPT [0:0]
   * // ...
   * // -A DOCKER-USER -j RETURN
   * // COMMIT
   * }</pre>
   *
   * @throws dev.rampart.core.UnsupportedFeatureException when iptables cannot express a rule
   */
  public static String restoreText(Snapshot snapshot, Family family) {
    checkNotNull(snapshot, "snapshot");
    checkNotNull(family, "family");
    StringBuilder out = new StringBuilder();
    try {
      SnapshotWriter.write(snapshot, family, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void check(Ruleset ruleset, Family family) {
    DockerChains.checkNotManaged(ruleset, mode, backend(family));
    if (mode == RenderMode.COEXIST) {
      Coexist.check(ruleset, backend(family));
    }
  }

  private static String restore(Ruleset ruleset, Family family, RenderMode mode) {
    StringBuilder out = new StringBuilder();
    RestoreWriter.write(ruleset, family, FamilyView.of(ruleset, family), mode, out);
    return out.toString();
  }

  @Override
  public String toString() {
    return "IptablesRenderer[" + format() + ", " + mode.name().toLowerCase(Locale.ROOT) + "]";
  }

  /** Builds an {@link IptablesRenderer}. */
  public static final class Builder {
    private Family family = Family.IPV4;
    private RenderMode mode = RenderMode.OWN;

    private Builder() {}

    /** The family whose restore text {@link #render} writes; default IPv4. */
    public Builder family(Family family) {
      checkNotNull(family, "family");
      this.family = family;
      return this;
    }

    /** Own the tables (the default), or coexist with Docker. */
    public Builder mode(RenderMode mode) {
      checkNotNull(mode, "mode");
      this.mode = mode;
      return this;
    }

    /** Returns the renderer. */
    public IptablesRenderer build() {
      return new IptablesRenderer(family, mode);
    }
  }
}
