import type { TesseraBridge } from '../shared/bridge'

declare global {
  /** Set by the preload in the desktop app; undefined in a browser (serve mode). */
  interface Window {
    api?: TesseraBridge
  }
}

export {}
