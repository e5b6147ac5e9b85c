import * as nodeEvents from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as nodeTimers from 'node:timers'
import * as nodeUrl from 'node:url'
import vm from 'node:vm'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { attachIpcTransport, type IpcTransport } from '../../../src/main/rpc/electron-ipc'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { TesseraBridge } from '../../../src/shared/bridge'
import { channels, type Channel } from '../../../src/shared/contracts'
import { ensureBuilt, ROOT } from '../../e2e/support/server'
import { makeEngine, type TestEngine } from '../../support/engine'
import { fakeWire, type FakeWire } from './fake-electron'

const PRELOAD = join(ROOT, 'out', 'preload', 'index.js')
const OURS = 'file:///opt/tessera/out/renderer/index.html'

/** All a sandboxed preload may require: anything else is "module not found" in Electron. */
const SANDBOX_MODULES = ['electron', 'events', 'timers', 'url'] as const

/** The parameters Electron's sandboxed renderer wraps a preload script in. */
const WRAPPER_PARAMS = [
  'require',
  'process',
  'Buffer',
  'global',
  'setImmediate',
  'clearImmediate',
  'exports',
  'module',
]

interface Sandboxed {
  /** What contextBridge.exposeInMainWorld put on the page's window. */
  mainWorld: Record<string, unknown>
  /** Every module the script asked for, in order. */
  required: string[]
}

/**
 * Runs a preload script as Electron's sandboxed renderer does: in its own JavaScript world (a
 * vm context) with only the sandbox's require, process stub and timers, and a contextBridge
 * that puts what it is given on a separate main-world window.
 */
function runSandboxed(source: string, ipcRenderer: object): Sandboxed {
  const mainWorld: Record<string, unknown> = {}
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property`)
      mainWorld[key] = api
    },
  }
  const modules: Record<string, unknown> = {
    electron: { contextBridge, ipcRenderer },
    events: nodeEvents,
    timers: nodeTimers,
    url: nodeUrl,
  }
  const required: string[] = []
  const sandboxRequire = (id: string) => {
    required.push(id)
    if (Object.hasOwn(modules, id)) return modules[id]
    throw new Error(`module not found: ${id}`)
  }
  // The isolated world of a renderer has the web platform's globals, not Node's.
  const world = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    structuredClone,
    URL,
    TextEncoder,
    TextDecoder,
  })
  const run = vm.compileFunction(source, WRAPPER_PARAMS, {
    parsingContext: world,
    filename: PRELOAD,
  })
  const module = { exports: {} }
  const sandboxProcess = { platform: process.platform, type: 'renderer', sandboxed: true, env: {} }
  run(
    sandboxRequire,
    sandboxProcess,
    Buffer,
    vm.runInContext('globalThis', world),
    setImmediate,
    clearImmediate,
    module.exports,
    module,
  )
  return { mainWorld, required }
}

let buildProblem: string | null = null
let dir: string
let dbPath: string
let t: TestEngine
let wire: FakeWire
let transport: IpcTransport
let loaded: Sandboxed
let api: TesseraBridge
/** Calls that reached the main process through ipcRenderer.invoke. */
const reachedMain = vi.fn()
/** Which members of ipcRenderer the preload touched. */
const touched = new Set<string>()

beforeAll(() => {
  buildProblem = ensureBuilt()
  if (buildProblem !== null) throw new Error(buildProblem)
  dir = mkdtempSync(join(tmpdir(), 'tessera-preload-'))
  dbPath = join(dir, 'tessera.db')
  t = makeEngine(dbPath)
  wire = fakeWire(OURS)
  transport = attachIpcTransport({
    ipcMain: wire.ipcMain,
    engine: t.engine,
    actor: t.owner,
    target: () => wire.contents,
    isRendererUrl: (url) => url === OURS,
    dispatch: createDispatcher({ log: () => {} }),
    log: () => {},
  })
  const ipcRenderer = new Proxy(wire.ipcRenderer, {
    get(target, key, receiver) {
      touched.add(String(key))
      if (key === 'invoke') {
        return (...args: unknown[]) => {
          reachedMain(...args)
          return target.invoke(...(args as Parameters<typeof target.invoke>))
        }
      }
      return Reflect.get(target, key, receiver)
    },
  })
  loaded = runSandboxed(readFileSync(PRELOAD, 'utf8'), ipcRenderer)
  api = loaded.mainWorld.api as TesseraBridge
}, 180_000)

afterAll(() => {
  transport?.dispose()
  t?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the built preload (out/preload/index.js) in a sandboxed renderer', () => {
  it('loads requiring only what a sandboxed preload may require', () => {
    expect(loaded.required.length).toBeGreaterThan(0)
    for (const id of loaded.required) expect(SANDBOX_MODULES).toContain(id)
    // Also the requires that did not run at load (behind a condition, in a callback).
    const text = readFileSync(PRELOAD, 'utf8')
    const literal = [...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(literal.filter((id) => !(SANDBOX_MODULES as readonly string[]).includes(id!))).toEqual(
      [],
    )
    expect(text).not.toMatch(/\brequire\(\s*[^"'`\s)]/)
  })

  it('the stand-in sandbox refuses any other module, as Electron does', () => {
    expect(() => runSandboxed('require("node:fs")', {})).toThrow('module not found: node:fs')
    expect(() => runSandboxed('require("zod")', {})).toThrow('module not found: zod')
  })

  it('exposes window.api alone, made of invoke, on and the channel list — never ipcRenderer', () => {
    expect(Object.keys(loaded.mainWorld)).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['channels', 'invoke', 'on'])
    expect(typeof api.invoke).toBe('function')
    expect(typeof api.on).toBe('function')
    expect([...api.channels].sort()).toEqual([...channels].sort())
    expect(Object.values(api)).not.toContain(wire.ipcRenderer)
    // Nothing else of ipcRenderer is used (no send, no sendSync, no postMessage).
    expect([...touched].filter((k) => !['invoke', 'on', 'removeListener'].includes(k))).toEqual([])
  })

  it('round-trips calls to the engine on the database file: a token is shown once', async () => {
    expect(await api.invoke('serviceAccounts:list', undefined)).toEqual({ ok: true, value: [] })

    const created = await api.invoke('serviceAccounts:create', { name: 'ci-bot', role: 'AD' })
    expect(created).toMatchObject({ ok: true, value: { account: { name: 'ci-bot', role: 'AD' } } })
    const token = (created as { value: { token: string } }).value.token
    expect(token).toMatch(/^tsa_[0-9A-Za-z]{36}$/)

    const listed = await api.invoke('serviceAccounts:list', undefined)
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'ci-bot', status: 'active' }] })
    expect(JSON.stringify(listed)).not.toContain(token)

    // Written to the file itself, not only to the engine's memory.
    const db = new Database(dbPath, { readonly: true })
    const rows = db.prepare('SELECT name FROM service_accounts').all()
    db.close()
    expect(rows).toEqual([{ name: 'ci-bot' }])
  })

  it('answers a wrong input with VALIDATION from the engine side', async () => {
    const before = reachedMain.mock.calls.length
    const result = await api.invoke('serviceAccounts:create', { name: '', role: 'XX' })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(reachedMain.mock.calls.length).toBe(before + 1)
  })

  it('refuses an unknown channel with a VALIDATION result, before it reaches the main process', async () => {
    const before = reachedMain.mock.calls.length
    for (const bad of ['nope:never', 'serviceAccounts:exec', '__proto__', 42, null]) {
      const result = await api.invoke(bad as Channel, {})
      expect(result, String(bad)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', message: expect.stringMatching(/^Unknown operation/) },
      })
    }
    expect(reachedMain.mock.calls.length).toBe(before)
  })

  it('delivers an engine event to a subscriber until it unsubscribes', async () => {
    const changed = vi.fn()
    const off = api.on('settings:changed', changed)
    expect(wire.listenerCount('tessera:event')).toBe(1)

    await api.invoke('org:updateSettings', { title: 'Acme Two' })
    expect(changed).toHaveBeenCalledTimes(1)
    expect(changed).toHaveBeenCalledWith({ organizationId: t.owner.organizationId })

    off()
    off()
    expect(wire.listenerCount('tessera:event')).toBe(0)
    await api.invoke('org:updateSettings', { title: 'Acme Three' })
    expect(changed).toHaveBeenCalledTimes(1)
    // The main process did send it: the window simply has no listener any more.
    expect(wire.sent.filter(([, name]) => name === 'settings:changed')).toHaveLength(2)
  })

  it('ignores a subscription to an event that does not exist', () => {
    const listener = vi.fn()
    const off = api.on('tokens:leaked' as 'data:changed', listener)
    expect(wire.listenerCount('tessera:event')).toBe(0)
    expect(typeof off).toBe('function')
    off()
  })
})
