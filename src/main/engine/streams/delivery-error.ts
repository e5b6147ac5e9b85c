import type { DestinationConfig } from './destination'

/** An error whose message is the receiver's (or the network's) words, secrets removed. */
export class DeliveryError extends Error {}

/** Replaces every secret value in a message with [secret]. */
export function redactSecrets(message: string, cfg: DestinationConfig): string {
  const values = [cfg.secret?.token, ...Object.values(cfg.secret?.headers ?? {})].filter(
    (v): v is string => typeof v === 'string' && v.length >= 4,
  )
  let out = message
  for (const v of values) out = out.split(v).join('[secret]')
  return out.slice(0, 500)
}
