import type { RpcContext } from './context'

/** `YYYY-MM-DD` of the engine's clock, for suggested file names. */
export function day(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}

/**
 * Asks where to save with the desktop save dialog. Resolves the chosen path, null when the
 * user cancels, and undefined when there is no dialog (a browser or a script), so the handler
 * can fall back (return the text for a download, or ask for a path).
 */
export async function askSavePath(
  ctx: Pick<RpcContext, 'chooseSavePath'>,
  suggestedName: string,
): Promise<string | null | undefined> {
  if (!ctx.chooseSavePath) return undefined
  return ctx.chooseSavePath(suggestedName)
}
