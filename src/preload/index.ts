import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

// The page gets only the contract-derived bridge; ipcRenderer stays in this isolated world
// (contextIsolation is always on, see src/main/window/security.ts).
const api = createBridge(ipcRenderer)
contextBridge.exposeInMainWorld('api', api)
