package dev.rampart.render.ferm;

import dev.rampart.core.RenderMode;

/** The comment at the top of every rendered ferm configuration. */
final class Header {
  /** The one-line reminder at the top of every file. */
  static final String EDIT =
      "Rendered by Rampart: change the Java policy and render again, not this file.";

  private Header() {}

  /** Writes the header comment for a rendering with {@code options}. */
  static void write(FermRenderer options, Lines out) {
    out.add(0, "# ferm configuration. " + EDIT);
    if (options.mode() == RenderMode.COEXIST) {
      out.add(
          0,
          "# Mode coexist (Docker layout "
              + options.dockerLayout()
              + "): Docker's chains and the built-in chains are kept with @preserve");
      out.add(
          0, "# where the host has them (Docker's rules in INPUT too). Our rules of a built-in");
      out.add(0, "# chain live in RAMPART-<chain>, which ferm writes; @hook post commands leave");
      out.add(0, "# exactly one marked jump to it in the built-in chain and set the policies.");
      out.add(0, "# ferm rewrites every table it finds in the kernel, so each one lists them.");
    } else {
      out.add(0, "# Mode own: ferm rewrites every table it finds; only foreign chains are kept.");
    }
    out.add(0, "#");
    out.add(
        0, "# iptables flavour: ferm uses iptables-legacy whenever it is installed, while Docker");
    out.add(
        0, "# usually writes through iptables-nft. Docker, ferm and your tools must use the same");
    out.add(
        0, "# flavour, or ferm neither sees nor preserves Docker's chains and two rule sets apply");
    out.add(0, "# side by side. Check before loading:");
    out.add(
        0, "#   iptables -V                          # (nf_tables) or (legacy): Docker's flavour");
    out.add(
        0, "#   iptables-legacy-save | grep DOCKER   # must list Docker's chains for ferm to keep");
    out.add(0, "# Preview what ferm would load: ferm --noexec --lines ferm.conf");
  }
}
