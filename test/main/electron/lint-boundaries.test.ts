// The import boundaries of STYLE.md are enforced by eslint.config.mjs; these cases keep the
// generated per-depth patterns honest (a wrong `../` count silently allows everything).
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => /'([^']+)' import/.exec(m.message)?.[1] ?? m.message)
}

const imports = (...specs: string[]) =>
  specs.map((s, i) => `import * as m${i} from '${s}'\nvoid m${i}`).join('\n')

describe('import boundaries', () => {
  it('keeps src/shared pure', async () => {
    const bad = ['../main/engine/engine', 'electron', 'react', 'node:fs', 'path']
    expect(await restricted('src/shared/x.ts', imports(...bad, './events', 'zod'))).toEqual(bad)
    expect(
      await restricted('src/shared/contracts/x.ts', imports('../../main/x', '../roles')),
    ).toEqual(['../../main/x'])
  })

  it('keeps the engine and the database free of Electron and of the transports', async () => {
    const bad = ['../api/server', '../rpc/dispatcher', '../window/security', 'electron']
    expect(
      await restricted('src/main/engine/x.ts', imports(...bad, '../db/open', 'node:crypto')),
    ).toEqual(bad)
    expect(
      await restricted('src/main/engine/activity/x.ts', imports('../../cli/index', '../deps')),
    ).toEqual(['../../cli/index'])
    expect(
      await restricted(
        'src/main/db/repos/x.ts',
        imports('../../engine/deps', '../open', '../../../shared/roles'),
      ),
    ).toEqual(['../../engine/deps'])
  })

  it('lets the preload import only src/shared and electron', async () => {
    expect(
      await restricted(
        'src/preload/x.ts',
        imports('../main/engine/engine', 'fs', '../shared/bridge', 'electron'),
      ),
    ).toEqual(['../main/engine/engine', 'fs'])
  })

  it('keeps the renderer away from main, preload, electron and Node', async () => {
    const bad = [
      '../../../../main/rpc/dispatcher',
      '../../../../preload/bridge',
      'electron',
      'node:path',
    ]
    expect(
      await restricted(
        'src/renderer/src/features/a/X.tsx',
        imports(...bad, '../../../../shared/bridge', '../../lib/ipc'),
      ),
    ).toEqual(bad)
  })

  it('allows electron in the RPC layer only for the IPC transport', async () => {
    expect(await restricted('src/main/rpc/http.ts', imports('electron'))).toEqual(['electron'])
    expect(await restricted('src/main/rpc/electron-ipc.ts', imports('electron'))).toEqual([])
  })
})
