import { InvalidArgumentError, type Command } from 'commander'
import { isIP } from 'node:net'
import { keyFileOption, openEngine, type Opened } from './open-engine'

/** commander collector for repeatable `--workspace ID` / `--project ID`. */
export function collectIds(value: string, previous: number[]): number[] {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new InvalidArgumentError(`“${value}” is not an id`)
  return [...previous, Number(value)]
}

export function parsePort(value: string): number {
  const n = Number(value)
  if (!/^\d{1,5}$/.test(value) || n > 65535)
    throw new InvalidArgumentError('must be a port number 0–65535')
  return n
}

/** An IP address or CIDR range naming a reverse proxy; a host name is refused (no DNS here). */
export function parseProxyAddress(value: string): string {
  const [address, bits, extra] = value.trim().split('/')
  const family = isIP(address ?? '')
  const maxBits = family === 6 ? 128 : 32
  const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits)
  if (family === 0 || !bitsOk || extra !== undefined)
    throw new InvalidArgumentError(
      'must be an IP address or CIDR range, e.g. 127.0.0.1 or 10.0.0.0/8',
    )
  return value.trim()
}

/**
 * Wraps a command action: opens the database named by --db (creating the organization on first
 * use), runs the action as the Owner, and always closes the database.
 */
// commander passes positional arguments, then the options object, then the Command.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withEngine<A extends any[]>(fn: (opened: Opened, ...args: A) => void) {
  return (...args: unknown[]) => {
    const command = args[args.length - 1] as Command
    const { db, as } = command.optsWithGlobals() as { db?: string; as?: string }
    const opened = openEngine(db, as, { keyFile: keyFileOption(command) })
    try {
      fn(opened, ...(args.slice(0, -1) as A))
    } finally {
      opened.close()
    }
  }
}

type Action<O> = (opened: Opened, options: O, args: string[]) => void | Promise<void>

/**
 * Like withEngine, for async actions: opens --db, runs as the Owner (or --as), always closes.
 * `readOnlyKey`: use the log key if it is there, never create one (checks).
 */
export function withEngineAsync<O>(fn: Action<O>, readOnlyKey = false) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command
    const { db, as } = command.optsWithGlobals() as { db?: string; as?: string }
    const opened = openEngine(db, as, { keyFile: keyFileOption(command), readOnly: readOnlyKey })
    try {
      await fn(opened, command.opts() as O, command.args)
    } finally {
      opened.close()
    }
  }
}
