package dev.rampart.core;

/** Who writes a chain's rules. */
public enum ChainOwner {
  /** Rampart declares, flushes and fills the chain. */
  MANAGED,
  /**
   * Someone else (Docker) owns the chain; it is declared only so rules may jump to it, renderers
   * preserve it and never write into it.
   */
  FOREIGN
}
