package dev.rampart.render.nftables;

/**
 * Which Docker firewall runs on the host beside Rampart's nftables tables; it decides what the
 * rendering may promise.
 *
 * <p>In nftables every base chain on a hook sees the packet, ordered by priority: {@code drop} in
 * any of them is final, {@code accept} only ends that one chain. A table of ours can therefore deny
 * what Docker would let through, but never let through what Docker denies. With a Docker profile
 * the renderer refuses ({@link dev.rampart.core.UnsupportedFeatureException}) every rule whose
 * iptables meaning would be "skip Docker's checks", and places each of our base chains one priority
 * step before the iptables table it models, so that our rules run first, as iptables coexist mode
 * inserts them first.
 */
public enum DockerBackend {
  /**
   * No Docker on the host: Rampart's tables are the only ones. Built-in chains get exactly the
   * iptables priorities (raw -300, mangle -150, dstnat -100, filter 0, srcnat 100), {@code
   * DOCKER-USER} is an ordinary user chain, and every verdict means what it means in iptables as
   * long as no other table hooks the same points.
   */
  NONE,

  /**
   * Docker's iptables backend through iptables-nft, as on every swarm node: Docker's chains live in
   * the {@code ip}/{@code ip6} tables {@code filter}, {@code nat} and {@code raw}, which Rampart
   * never writes. Our managed {@code DOCKER-USER} becomes a forward base chain at {@code priority
   * filter - 1} with policy accept, ahead of Docker's {@code FORWARD}: RETURN (or reaching its end)
   * hands the packet to Docker's chains, DROP and REJECT are final. ACCEPT in the forward path, in
   * the nat table or in raw {@code PREROUTING} is refused, as are RETURN, goto and a policy
   * directly in those built-in chains, and any jump into a Docker chain. INPUT and OUTPUT keep
   * their meaning, except that Docker's own INPUT drops (plain VXLAN for encrypted overlays) still
   * apply after our ACCEPT, and a DROP policy that someone sets on iptables' INPUT still applies
   * too.
   */
  IPTABLES_NFT,

  /**
   * Docker 29's native nftables backend ({@code "firewall-backend": "nftables"}, standalone hosts;
   * it refuses swarm mode): Docker's tables are {@code ip docker-bridges} and {@code ip6
   * docker-bridges} with base chains at filter 0, dstnat -100, srcnat 100 and raw -300, and no
   * {@code DOCKER-USER} of its own. Our managed {@code DOCKER-USER} becomes the forward base chain
   * at {@code priority filter - 1} that Docker lacks, with the same meaning and the same refusals
   * as {@link #IPTABLES_NFT}. Docker's only way to force an accept is its {@code
   * --bridge-accept-fwmark} option, which Rampart does not render.
   */
  NFTABLES
}
