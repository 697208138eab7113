package dev.rampart.core.target;

/** The built-in verdicts ACCEPT, DROP and RETURN. */
public enum Verdict implements Target {
  /** Accept the packet: ends the traversal of this table's hook. */
  ACCEPT,
  /** Drop the packet silently. */
  DROP,
  /** Return to the calling chain, or apply the policy at the end of a built-in chain. */
  RETURN;

  @Override
  public boolean terminating() {
    return true;
  }

  @Override
  public <R> R accept(Visitor<R> visitor) {
    return visitor.visitVerdict(this);
  }
}
