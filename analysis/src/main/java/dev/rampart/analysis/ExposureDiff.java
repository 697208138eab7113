package dev.rampart.analysis;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.rampart.core.eval.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a change does to an exposure: the lines that became reachable and those that became
 * unreachable, each narrowed to the ports that changed, with a witness packet that the one side
 * lets through and the other does not.
 *
 * <pre>{@code
 * ExposureDiff d = ExposureDiff.of(
 *     Exposure.of(before, host, SourceClass.internet()),
 *     Exposure.of(after, host, SourceClass.internet()));
 * d.becameReachable(); // what the change opens
 * }</pre>
 */
public final class ExposureDiff {
  private final ImmutableList<Reachable> opened;
  private final ImmutableList<Reachable> closed;

  private ExposureDiff(ImmutableList<Reachable> opened, ImmutableList<Reachable> closed) {
    this.opened = opened;
    this.closed = closed;
  }

  /** The difference from {@code before} to {@code after} (same source class and host). */
  public static ExposureDiff of(Exposure before, Exposure after) {
    checkNotNull(before, "before");
    checkNotNull(after, "after");
    return new ExposureDiff(only(after, before), only(before, after));
  }

  /** Lines {@code after} reaches and {@code before} did not (ports narrowed to the change). */
  public ImmutableList<Reachable> becameReachable() {
    return opened;
  }

  /** Lines {@code before} reached and {@code after} does not. */
  public ImmutableList<Reachable> becameUnreachable() {
    return closed;
  }

  /** Whether the change changes nothing reachable. */
  public boolean isEmpty() {
    return opened.isEmpty() && closed.isEmpty();
  }

  /** The lines of {@code a} not in {@code b}: by family, protocol and destination, then ports. */
  private static ImmutableList<Reachable> only(Exposure a, Exposure b) {
    List<Reachable> out = new ArrayList<>();
    for (Reachable r : a.entries()) {
      RangeSet<Integer> ports = TreeRangeSet.create(r.ports());
      boolean covered = false;
      for (Reachable s : b.entries()) {
        if (s.family() == r.family()
            && s.protocols().enclosesAll(r.protocols())
            && Objects.equals(s.natDestination(), r.natDestination())
            && Objects.equals(s.natPort(), r.natPort())) {
          if (r.ports().isEmpty()) {
            covered = true;
          }
          ports.removeAll(s.ports());
        }
      }
      if (covered || (!r.ports().isEmpty() && ports.isEmpty())) {
        continue;
      }
      Packet witness = r.witness();
      if (!r.ports().isEmpty()) {
        Range<Integer> first = ports.asRanges().iterator().next();
        int port = first.lowerEndpoint();
        witness =
            witness.to(
                com.google.common.net.InetAddresses.toAddrString(
                    witness.destination().orElseThrow()),
                port);
      }
      out.add(
          Reachable.builder()
              .from(r)
              .ports(ImmutableRangeSet.copyOf(ports))
              .witness(witness)
              .build());
    }
    return ImmutableList.copyOf(out);
  }

  /** The two lists as tables. */
  @Override
  public String toString() {
    return ExposureText.diff(this);
  }

  /** One line per change, tab separated: {@code +} or {@code -}, then the exposure's columns. */
  public String tsv() {
    return ExposureText.diffTsv(this);
  }
}
