package dev.rampart.core;

/** How a rendering relates to rules that others (Docker) keep in the same tables. */
public enum RenderMode {
  /**
   * The ruleset owns its tables: loading the rendering replaces everything in them. For hosts
   * without Docker.
   */
  OWN,
  /**
   * Docker owns part of the tables: only managed user chains are declared and flushed, built-in
   * chains get our rules inserted once (idempotently), foreign chains are never touched.
   */
  COEXIST
}
