package dev.rampart.render.ferm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.CharMatcher;
import com.google.common.collect.ImmutableSortedMap;
import dev.rampart.core.AddressSet;
import dev.rampart.core.Bundle;
import dev.rampart.core.RenderMode;
import dev.rampart.core.Renderer;
import dev.rampart.core.Ruleset;
import dev.rampart.core.SetRef;
import dev.rampart.core.UnsupportedFeatureException;
import dev.rampart.core.internal.IpsetRestore;
import java.io.IOException;
import java.util.Optional;

/**
 * Renders a {@link Ruleset} as a ferm configuration: one {@code domain (ip ip6)} block, rules for
 * one family under {@code @if @eq($DOMAIN, ip)}, Docker's chains kept with {@code @preserve} in
 * coexist mode, named sets loaded by an {@code ipset restore} hook (or expanded inline).
 *
 * <pre>{@code
 * FermRenderer ferm = FermRenderer.builder()
 *     .mode(RenderMode.COEXIST)
 *     .dockerLayout(DockerLayout.FROM_28_0_1)
 *     .directoryLayout(true)
 *     .build();
 * String conf = ferm.render(ruleset);                          // one file
 * Bundle files = ferm.bundle(ruleset); // ferm.conf, ferm.d/, apply.sh (executable)
 * }</pre>
 *
 * <p><b>Coexist mode</b> follows the iptables renderer's layout ({@link dev.rampart.core.Coexist}):
 * built-in chains are never flushed. Every built-in chain and, where the host has them, Docker's
 * chains and the registry {@code RAMPART-OWNED} are listed in {@code @preserve} (lists computed
 * when ferm reads the file: ferm 2.5 would create an absent preserved chain empty), so ferm copies
 * them from the kernel as they are, Docker's rules and our marked jump included. Our rules of a
 * built-in chain are written by ferm into {@code RAMPART-<chain>}, flushed and refilled on every
 * run like every chain ferm owns; one {@code @hook post} per family then runs one {@code
 * iptables-restore --noflush} transaction computed from {@code iptables-save} (core's merge
 * program, shared with the iptables renderer's {@code apply.sh}) that leaves exactly one marked
 * jump at the top of each built-in chain with rules, deletes the unused managed chains, and sets
 * the policies or restores the ones recorded before Rampart set them. Applying P1, ..., Pn leaves
 * what Pn alone leaves. The hooks call the tools ferm itself uses: ferm 2.5 takes {@code
 * iptables-legacy} / {@code ip6tables-legacy} from {@code /usr/sbin}, {@code /sbin} or {@code PATH}
 * when installed, else {@code iptables} / {@code ip6tables}; the {@code @def} variables {@code
 * $RAMPART_IPTABLES} and {@code $RAMPART_IP6TABLES} repeat that lookup in the hook's shell (and
 * {@code ferm --def} can override them). In the directory layout the hooks follow the
 * {@code @include} in {@code ferm.conf} and the {@code @preserve} lists come last ({@code
 * ferm.d/95-preserve.ferm}). <b>Own mode</b> writes the built-in chains, rules and policies,
 * itself, without hooks.
 *
 * <p>What ferm cannot say raises {@link UnsupportedFeatureException} naming the place: a rule in a
 * chain preserved for Docker ({@code DOCKER-FORWARD}, ...), two matches of one module in a rule
 * (ferm merges them), a negated or rate-limited set when sets are expanded inline, and in coexist
 * mode a {@code RETURN} or goto in a built-in chain or a chain named {@code RAMPART-<built-in
 * chain>}.
 */
public final class FermRenderer implements Renderer {
  /** The backend's name in {@link UnsupportedFeatureException}s. */
  public static final String BACKEND = "ferm";

  /** The largest set {@link Builder#inlineSets} expands. */
  public static final int MAX_INLINE_ELEMENTS = 64;

  private static final CharMatcher PATH_CHARS =
      CharMatcher.inRange('a', 'z')
          .or(CharMatcher.inRange('A', 'Z'))
          .or(CharMatcher.inRange('0', '9'))
          .or(CharMatcher.anyOf("_./+-"))
          .precomputed();

  private final RenderMode mode;
  private final DockerLayout dockerLayout;
  private final PreserveForm preserveForm;
  private final Optional<String> ipsetFile;
  private final boolean inlineSets;
  private final boolean directoryLayout;

  private FermRenderer(Builder b) {
    this.mode = b.mode;
    this.dockerLayout = b.dockerLayout;
    this.preserveForm = b.preserveForm;
    this.ipsetFile = b.ipsetFile;
    this.inlineSets = b.inlineSets;
    this.directoryLayout = b.directoryLayout;
  }

  /**
   * The default renderer (coexist mode, newest Docker layout), for {@link java.util.ServiceLoader}
   * on the class path; prefer {@link #builder()} and {@link #of}.
   */
  public FermRenderer() {
    this(new Builder());
  }

  /** The renderer {@link java.util.ServiceLoader} finds: coexist mode, newest Docker layout. */
  public static FermRenderer provider() {
    return builder().build();
  }

  /** A renderer in {@code mode} with every other option at its default. */
  public static FermRenderer of(RenderMode mode) {
    checkNotNull(mode, "mode");
    return builder().mode(mode).build();
  }

  /** Returns a new builder, preset to coexist mode and {@link DockerLayout#newest()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns {@code ferm}. */
  @Override
  public String format() {
    return BACKEND;
  }

  /** Whether Docker owns part of the tables. */
  public RenderMode mode() {
    return mode;
  }

  /** The Docker version whose chains are preserved in coexist mode. */
  public DockerLayout dockerLayout() {
    return dockerLayout;
  }

  /** How the preserved chains are named. */
  public PreserveForm preserveForm() {
    return preserveForm;
  }

  /** Whether sets are expanded into ferm lists instead of loaded as ipsets. */
  public boolean inlineSets() {
    return inlineSets;
  }

  /** Whether {@link #bundle} writes {@code ferm.conf} plus {@code ferm.d/} files. */
  public boolean directoryLayout() {
    return directoryLayout;
  }

  /**
   * Writes the single-file ferm configuration of {@code ruleset}.
   *
   * @throws UnsupportedFeatureException for a part of the ruleset ferm cannot express
   */
  @Override
  public void render(Ruleset ruleset, Appendable out) throws IOException {
    checkNotNull(ruleset, "ruleset");
    checkNotNull(out, "out");
    out.append(document(ruleset).single());
  }

  /**
   * Returns {@code ferm.conf} (and {@code ferm.d/NN-*.ferm} in the directory layout), {@code
   * ipset.rules} when the ruleset has sets loaded as ipsets, {@code apply.sh}, the systemd units
   * {@code rampart-firewall.service} and {@code rampart-firewall-docker.service}, and {@code
   * MANIFEST}.
   *
   * @throws UnsupportedFeatureException for a part of the ruleset ferm cannot express
   */
  @Override
  public Bundle bundle(Ruleset ruleset) {
    checkNotNull(ruleset, "ruleset");
    FermDocument doc = document(ruleset);
    ImmutableSortedMap.Builder<String, String> files = ImmutableSortedMap.naturalOrder();
    if (directoryLayout) {
      files.putAll(doc.directory());
    } else {
      files.put("ferm.conf", doc.single());
    }
    boolean ipsets = !inlineSets && !ruleset.sets().isEmpty();
    if (ipsets) {
      files.put("ipset.rules", IpsetRestore.of(ruleset));
    }
    files.put("apply.sh", ApplyScript.of(ipsets));
    files.putAll(ApplyScript.units());
    Bundle.Builder bundle = Bundle.builder();
    files.build().forEach(bundle::file);
    return bundle.addExecutable("apply.sh").build();
  }

  private FermDocument document(Ruleset ruleset) {
    if (inlineSets) {
      for (AddressSet set : ruleset.sets()) {
        if (set.elements().size() > MAX_INLINE_ELEMENTS) {
          throw new UnsupportedFeatureException(
              BACKEND,
              "an inline set of more than " + MAX_INLINE_ELEMENTS + " elements, use ipsets",
              set.elements().size() + " elements",
              SetRef.of(set.name()));
        }
      }
    }
    return new FermDocument(this, ruleset);
  }

  /**
   * The {@link Builder#ipsetFile} the {@code @hook pre} loads the ipsets from; without one, {@code
   * apply.sh} loads them and ferm.conf names no path.
   */
  Optional<String> ipsetFile() {
    return ipsetFile;
  }

  /** Builds a {@link FermRenderer}. */
  public static final class Builder {
    private RenderMode mode = RenderMode.COEXIST;
    private DockerLayout dockerLayout = DockerLayout.newest();
    private PreserveForm preserveForm = PreserveForm.NAMES;
    private Optional<String> ipsetFile = Optional.empty();
    private boolean inlineSets;
    private boolean directoryLayout;

    private Builder() {}

    /** Own the tables, or coexist with Docker (the default). */
    public Builder mode(RenderMode mode) {
      checkNotNull(mode, "mode");
      this.mode = mode;
      return this;
    }

    /**
     * The Docker version whose chains coexist mode preserves; default {@link
     * DockerLayout#newest()}.
     */
    public Builder dockerLayout(DockerLayout layout) {
      checkNotNull(layout, "layout");
      this.dockerLayout = layout;
      return this;
    }

    /** Names (default, ferm 2.4+) or one regular expression (ferm 2.6+) for Docker's chains. */
    public Builder preserveForm(PreserveForm form) {
      checkNotNull(form, "form");
      this.preserveForm = form;
      return this;
    }

    /**
     * The absolute path a {@code @hook pre} in ferm.conf loads ipsets from, for running ferm
     * without {@code apply.sh} (the ferm service at boot); by default there is no such hook and
     * {@code apply.sh} loads {@code ipset.rules} from its own directory before it runs ferm. No
     * directory name ever becomes text of a command: a hostile name cannot run one.
     *
     * @throws IllegalArgumentException when the path is not absolute or holds characters other than
     *     letters, digits and {@code _ . / + -}
     */
    public Builder ipsetFile(String path) {
      checkNotNull(path, "path");
      checkArgument(
          path.startsWith("/") && PATH_CHARS.matchesAllOf(path) && !path.contains(".."),
          "ipset file must be an absolute path of letters, digits and _ . / + - : %s",
          path);
      this.ipsetFile = Optional.of(path);
      return this;
    }

    /**
     * Expands sets of at most {@link #MAX_INLINE_ELEMENTS} elements into ferm lists (one rule per
     * element) instead of loading them as ipsets.
     */
    public Builder inlineSets(boolean inline) {
      this.inlineSets = inline;
      return this;
    }

    /** Bundles {@code ferm.conf} plus {@code ferm.d/NN-*.ferm} files instead of one file. */
    public Builder directoryLayout(boolean directory) {
      this.directoryLayout = directory;
      return this;
    }

    /** Returns the renderer. */
    public FermRenderer build() {
      return new FermRenderer(this);
    }
  }
}
