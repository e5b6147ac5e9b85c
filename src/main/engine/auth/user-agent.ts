/**
 * A short description of a browser from its user agent ("Firefox on Linux"), for the sessions
 * list. Only the common browsers and systems are named; anything else reads as what it says
 * it is, cut short, so an odd client is still recognisable.
 */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bFirefox\//, 'Firefox'],
  [/\b(?:Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
  [/^curl\//, 'curl'],
]
const SYSTEMS: [RegExp, string][] = [
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
]

export function describeUserAgent(ua: string | null): string {
  if (!ua?.trim()) return 'Unknown device'
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1]
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  const headless = /\bHeadlessChrome\//.test(ua) ? 'Headless Chrome' : undefined
  const name = headless ?? browser
  if (name && system) return `${name} on ${system}`
  if (name || system) return (name ?? system)!
  const first = ua.trim().split(/\s+/)[0]!
  return first.length > 40 ? `${first.slice(0, 40)}…` : first
}
