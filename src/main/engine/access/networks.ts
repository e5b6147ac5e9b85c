import ipaddr from 'ipaddr.js'
import { invalid } from '../errors'

/** Entries one account's allowlist may hold: enough for any deployment's runners and VPNs. */
export const MAX_NETWORKS = 100

type Address = ipaddr.IPv4 | ipaddr.IPv6
type Range = [Address, number]

/**
 * An address as matching sees it: an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a
 * dual-stack socket reports for an IPv4 client) is the IPv4 address it carries.
 */
function normalise(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address
}

/** Strict text forms only: `10.1` or `0x0a.0.0.1` are refused, not read as some address. */
function parseAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text)
  if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text)
  return null
}

function parseEntry(text: string): Range | null {
  const slash = text.indexOf('/')
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash))
  if (!address) return null
  const bits = address.kind() === 'ipv4' ? 32 : 128
  let prefix = bits
  if (slash >= 0) {
    const p = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return null
    prefix = Number(p)
  }
  const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
  if (mapped && prefix >= 96) return [normalise(address), prefix - 96]
  return [address, prefix]
}

/** The range's canonical text: its network address, and the prefix unless it is one address. */
function canonical([address, prefix]: Range): string {
  const bits = address.kind() === 'ipv4' ? 32 : 128
  if (prefix === bits) return address.toString()
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`)
  return `${network.toString()}/${prefix}`
}

/**
 * Checks and normalises an allowlist as typed (addresses and CIDR ranges, IPv4 and IPv6):
 * canonical forms, duplicates dropped, order kept. Throws VALIDATION naming the first entry
 * that is not an address or range. An empty list means "any source".
 */
export function parseAllowlist(entries: readonly string[]): string[] {
  const out: string[] = []
  for (const raw of entries) {
    const text = raw.trim()
    if (text === '') continue
    const range = parseEntry(text)
    if (!range) {
      throw invalid(
        `“${text.slice(0, 60)}” is not an IP address or CIDR range (like 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32)`,
        'networks',
      )
    }
    const c = canonical(range)
    if (!out.includes(c)) out.push(c)
  }
  if (out.length > MAX_NETWORKS) {
    throw invalid(`At most ${MAX_NETWORKS} addresses and ranges per account`, 'networks')
  }
  return out
}

// Verification runs on every request: each stored list is parsed once and kept (lists are few).
const parsed = new Map<string, Range[]>()

/** Whether `source` (the request's address) is inside the stored allowlist (JSON), or no list. */
export function networkAllows(stored: string | null, source: string): boolean {
  if (stored === null) return true
  let ranges = parsed.get(stored)
  if (!ranges) {
    ranges = (JSON.parse(stored) as string[]).flatMap((e) => {
      const r = parseEntry(e)
      return r ? [r] : []
    })
    if (parsed.size >= 1000) parsed.clear()
    parsed.set(stored, ranges)
  }
  if (ranges.length === 0) return true
  if (!ipaddr.isValid(source)) return false
  const address = normalise(ipaddr.parse(source))
  return ranges.some(([net, prefix]) => net.kind() === address.kind() && address.match(net, prefix))
}
