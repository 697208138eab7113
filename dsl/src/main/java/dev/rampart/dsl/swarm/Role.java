package dev.rampart.dsl.swarm;

/** A swarm node's role. */
public enum Role {
  /** Runs the raft store; listens on 2377/tcp for the other nodes. */
  MANAGER,
  /** Runs tasks; dials the managers' 2377/tcp and does not listen on it. */
  WORKER;

  /** The lowercase name used in messages: {@code manager} or {@code worker}. */
  public String label() {
    return this == MANAGER ? "manager" : "worker";
  }
}
