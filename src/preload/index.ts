import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

// contextIsolation is always on (see src/main/window/security.ts): the page sees only this.
contextBridge.exposeInMainWorld('api', createBridge(ipcRenderer))
