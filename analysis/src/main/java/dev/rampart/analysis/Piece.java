package dev.rampart.analysis;

import com.google.common.collect.ImmutableList;
import dev.rampart.core.Place;
import java.util.Optional;

/**
 * Packets that share their fate so far: the set, the places whose unknown outcome this fate assumes
 * (a rate limit that matched, a foreign chain that returned), and the place that accepted them last
 * (the filter table's accepting rule or policy once they passed it).
 */
record Piece(PacketSet set, ImmutableList<Place> assumes, Optional<Place> decider) {
  Piece withSet(PacketSet s) {
    return new Piece(s, assumes, decider);
  }

  Piece assuming(Place p) {
    return new Piece(set, ImmutableList.<Place>builder().addAll(assumes).add(p).build(), decider);
  }

  Piece decidedBy(Place p) {
    return new Piece(set, assumes, Optional.of(p));
  }
}
