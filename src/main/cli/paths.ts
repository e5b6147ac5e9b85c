import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The platform data folder, the same one the desktop app uses (Electron's userData for the
 * product name "Tessera"): Linux `$XDG_DATA_HOME/tessera` or `~/.local/share/tessera`, macOS
 * `~/Library/Application Support/Tessera`, Windows `%APPDATA%/Tessera`.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tessera')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tessera')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'tessera')
}

export const DB_FILE = 'tessera.db'

export const defaultDbPath = () => join(dataDir(), DB_FILE)
