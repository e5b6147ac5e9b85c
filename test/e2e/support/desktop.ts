import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Page } from 'playwright-core'
import type { Core } from '../../../src/main/core/start-core'
import { withApiStatus } from '../../../src/main/core/rpc-context'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { attachIpcTransport, type IpcTransport } from '../../../src/main/rpc/electron-ipc'
import { rendererLocation } from '../../../src/main/window/renderer-location'
import { IPC_EVENT } from '../../../src/shared/bridge'
import { ROOT } from './server'

export const BUILT_PRELOAD = join(ROOT, 'out', 'preload', 'index.js')
export const BUILT_INDEX = join(ROOT, 'out', 'renderer', 'index.html')

/** What the page functions below touch (DOM types are not in this project's lib). */
type PageGlobals = {
  __tesseraIpcDeliver(channel: string, args: unknown[]): void
  __tesseraIpcListeners(channel: string): number
}

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

/**
 * The page side of a sandboxed Electron preload: the BUILT out/preload/index.js runs in the
 * sandbox's wrapper with a `require` that knows only `electron` (contextBridge + ipcRenderer).
 * ipcRenderer.invoke goes to the `__tesseraIpcInvoke` binding; the main process's
 * webContents.send arrives through `__tesseraIpcDeliver`. Securitypolicyviolation events go to
 * the `__tesseraCsp` binding.
 */
function preloadInitScript(preloadSource: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.__tesseraIpcInvoke(channel, ...args),
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return ipcRenderer;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, '__tesseraIpcDeliver', {
    value: (channel, args) => {
      for (const l of [...(listeners.get(channel) ?? [])]) l({ sender: ipcRenderer }, ...args);
    },
  });
  Object.defineProperty(window, '__tesseraIpcListeners', {
    value: (channel) => listeners.get(channel)?.size ?? 0,
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__tesseraCsp(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  });
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (key in window) throw new Error('Cannot bind an API on top of an existing property');
      Object.defineProperty(window, key, { value: api, enumerable: true });
    },
  };
  const modules = { electron: { contextBridge, ipcRenderer } };
  const sandboxRequire = (id) => {
    if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
    throw new Error('module not found: ' + id);
  };
  const module = { exports: {} };
  const sandboxProcess = { platform: 'linux', type: 'renderer', sandboxed: true, env: {} };
  (function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {
${preloadSource}
  })(sandboxRequire, sandboxProcess, undefined, window, undefined, undefined, module.exports, module);
})();`
}

export interface DesktopPage {
  /** CSP violations the page reported. */
  csp: string[]
  /** How many listeners the page's ipcRenderer has on the engine-event channel. */
  eventListeners(): Promise<number>
  /** Calls the main process answered, by channel, in order. */
  calls: string[]
  dispose(): void
}

/**
 * Wires `page` as the desktop app's window: the built preload in the page, and the main
 * process's real IPC transport (frame check, dispatcher with the API status, engine events)
 * on `core`. Saves go to `saveDir` as if the user accepted the native save dialog.
 */
export async function wireDesktop(page: Page, core: Core, saveDir: string): Promise<DesktopPage> {
  const location = rendererLocation({ indexHtml: BUILT_INDEX })
  const handlers = new Map<string, Handler>()
  const ipcMain = {
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>
  const mainFrame = {
    get url() {
      return page.mainFrame().url()
    },
  }
  const contents = {
    mainFrame,
    isDestroyed: () => page.isClosed(),
    send: (channel: string, ...args: unknown[]) => {
      void page
        .evaluate(([c, a]) => (globalThis as unknown as PageGlobals).__tesseraIpcDeliver(c, a), [
          channel,
          args,
        ] as [string, unknown[]])
        .catch(() => {}) // The page is navigating or closed: Electron drops the message too.
    },
  } as unknown as WebContents
  const calls: string[] = []
  const csp: string[] = []

  const transport: IpcTransport = attachIpcTransport({
    ipcMain,
    engine: core.engine,
    actor: core.actor,
    apiUrl: core.api.url,
    target: () => contents,
    isRendererUrl: location.isOurs,
    chooseSavePath: async (name) => join(saveDir, name),
    dispatch: withApiStatus(createDispatcher(), core.api),
    log: (m, e) => console.error(m, e ?? ''),
  })

  await page.exposeBinding('__tesseraCsp', (_source, text: string) => void csp.push(text))
  await page.exposeBinding(
    '__tesseraIpcInvoke',
    async (source, channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      calls.push(String(args[0]))
      // Who is calling, as Electron reports it: our main frame, or some other frame.
      const senderFrame =
        source.frame === page.mainFrame() ? mainFrame : { url: source.frame.url() }
      const event = { sender: contents, senderFrame } as unknown as IpcMainInvokeEvent
      return handler(event, ...args)
    },
  )
  await page.addInitScript({ content: preloadInitScript(readFileSync(BUILT_PRELOAD, 'utf8')) })

  return {
    csp,
    calls,
    eventListeners: () =>
      page.evaluate(
        (c) => (globalThis as unknown as PageGlobals).__tesseraIpcListeners(c),
        IPC_EVENT,
      ),
    dispose: () => transport.dispose(),
  }
}
