/** Exit code for a configuration the operator must fix (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/**
 * Exit code of a start-up that failed after the environment was valid: a file named by a variable that is missing or
 * invalid (TRIAGE_CONFIG, ROUTING_CONFIG, TICKETS_DIR: their errors start with the variable's name) is a configuration
 * error like a bad variable, 78; anything else (the database, a bug) is 1.
 */
export function startFailureExitCode(err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  return /^(TRIAGE_CONFIG|ROUTING_CONFIG|TICKETS_DIR)\b/.test(message) ? EXIT_CONFIG : 1;
}
