import { writePrivateFile } from '../db/file-modes'
import { invalid } from '../engine/errors'
import { saveFile } from '../engine/save-file'
import type { RpcContext } from './context'

/** `YYYY-MM-DD` of the engine's clock, for suggested file names. */
export function day(now: number): string {
  return new Date(now).toISOString().slice(0, 10)
}

/**
 * Asks where to save with the desktop save dialog. Resolves the chosen path, null when the
 * user cancels, and undefined when there is no dialog (a browser or a script). The path comes
 * only from the main process: no channel takes one from its caller.
 */
export async function askSavePath(
  ctx: Pick<RpcContext, 'chooseSavePath'>,
  suggestedName: string,
): Promise<string | null | undefined> {
  if (!ctx.chooseSavePath) return undefined
  return ctx.chooseSavePath(suggestedName)
}

/** Like askSavePath, for files that only the desktop app writes (a browser downloads them). */
export async function askDesktopSavePath(
  ctx: Pick<RpcContext, 'chooseSavePath'>,
  suggestedName: string,
  download: string,
): Promise<string | null> {
  const target = await askSavePath(ctx, suggestedName)
  if (target === undefined) throw invalid(`In a browser, ${download}.`)
  return target
}

/**
 * Writes text where the save dialog said. The dialog has already asked before returning an
 * existing file, so it is replaced, atomically through a private temporary file beside it.
 */
export function saveChosen(target: string, text: string): Promise<void> {
  return saveFile(target, { overwrite: true }, (temp) => writePrivateFile(temp, text))
}
