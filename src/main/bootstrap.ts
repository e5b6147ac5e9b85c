// The composition root's Electron-free half lives in core/start-core.ts (shared with `serve`);
// the Electron half in desktop/start-desktop.ts. This name stays for existing importers.
export { startCore, type Core, type CoreOptions } from './core/start-core'
