import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')
export const CLI_ENTRY = join(ROOT, 'src', 'main', 'cli', 'index.ts')

/** Runs the real CLI (`tessera …`) in a child process against the database file `db`. */
export function runCli(db: string, ...args: string[]) {
  const r = spawnSync(TSX, [CLI_ENTRY, ...args, '--db', db], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
