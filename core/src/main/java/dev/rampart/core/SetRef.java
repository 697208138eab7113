package dev.rampart.core;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A named address set as a place, {@code set ip_allow}. */
public final class SetRef implements Place {
  private final Optional<Family> family;
  private final String name;

  private SetRef(Optional<Family> family, String name) {
    this.family = family;
    this.name = checkNotNull(name, "name");
  }

  /** The set {@code name}. */
  public static SetRef of(String name) {
    return new SetRef(Optional.empty(), name);
  }

  @Override
  public Optional<Family> family() {
    return family;
  }

  /** The set's name. */
  public String name() {
    return name;
  }

  @Override
  public SetRef in(Family family) {
    return new SetRef(Optional.of(family), name);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SetRef s && family.equals(s.family) && name.equals(s.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, name);
  }

  /** Returns {@code set ip_allow}, or {@code ipv6 set ip_allow} with a family. */
  @Override
  public String toString() {
    return family.map(f -> f.label() + " ").orElse("") + "set " + name;
  }
}
