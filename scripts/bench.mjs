#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only <suite>]`: runs test/bench/run.ts under tsx with plain
// Node (no npx wrapper, so the process tree stays ours and Ctrl-C stops everything).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'test/bench/run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
)
if (result.error) throw result.error
process.exit(result.status ?? 1)
