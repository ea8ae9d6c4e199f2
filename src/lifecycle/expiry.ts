/**
 * Whether a grant is due to be replaced at `now`: it has expired, or it expires within
 * `renewBeforeSeconds`. The resource stands for a live grant, so an update once it is due replaces
 * it, whether or not the stack was refreshed; `renewBeforeSeconds` only moves that moment earlier.
 *
 * @param renewBeforeSeconds not a number (not given, or not known yet in a preview) counts as 0.
 * @param now milliseconds since the epoch.
 */
export function grantIsDue(expiresAt: string, renewBeforeSeconds: unknown, now: number): boolean {
  const margin = typeof renewBeforeSeconds === "number" ? renewBeforeSeconds * 1000 : 0;
  return Date.parse(expiresAt) - now <= margin;
}
