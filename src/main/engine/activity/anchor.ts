import { readFileSync } from 'node:fs'
import { openNote, parseCheckpointText, parseVerifierKey, type CheckpointBody } from './signed-note'

/**
 * Reads an anchor file (one JSON line per checkpoint: the signed note and its verifier key)
 * and checks every signature, with `verifier` when given (the installation's own key), else
 * with the key the line names. A line that does not verify is an error, not a skip: the file
 * is the Owner's evidence and must not be quietly thinned.
 */
export function readAnchorFile(path: string, verifier?: string): CheckpointBody[] {
  const out: CheckpointBody[] = []
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return
      let data: { checkpoint?: unknown; verifierKey?: unknown }
      try {
        data = JSON.parse(line) as typeof data
      } catch {
        throw new Error(`${path}, line ${i + 1}: not an anchor line`)
      }
      const key = parseVerifierKey(verifier ?? String(data.verifierKey ?? ''))
      const text = openNote(String(data.checkpoint ?? ''), key.name, key.publicKey)
      if (!text)
        throw new Error(`${path}, line ${i + 1}: the checkpoint is not signed by ${key.name}`)
      out.push(parseCheckpointText(text))
    })
  return out
}
