import fc from 'fast-check'

/** Strings attackers and careless callers send. */
export const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom(
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    '../../../../etc/passwd',
    '..\\..\\windows\\system32',
    '%00',
    '\u0000',
    '\ud800', // a lone surrogate: invalid UTF-16, not encodable as UTF-8
    '<script>alert(1)</script>',
    'tsa_' + 'A'.repeat(36),
    ' ',
    '',
    '🙂'.repeat(70),
    'x'.repeat(70),
  ),
  fc.integer({ min: 1, max: 3 }).map((n) => 'y'.repeat(10 ** (n + 3))),
)

export const nastyNumber = fc.oneof(
  fc.integer({ min: 1, max: 6 }), // likely a real id
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, NaN, Infinity),
  fc.double(),
)

const leaf = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null))

/** Deeply nested JSON values (deep enough to hurt recursive code, shallow enough to print). */
export const deepJson = fc.integer({ min: 50, max: 2000 }).map((depth) => {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = { a: [v] }
  return v
})

/** Very deep JSON as raw text, bare or where a route expects its payload. */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 101, max: 200_000 }), fc.constantFrom('bare', 'data', 'result', 'list'))
  .map(([depth, where]) => {
    const v = '['.repeat(depth) + ']'.repeat(depth)
    if (where === 'data') return `{"project":1,"data":{"x":${v}}}`
    if (where === 'result') return `{"result":${v}}`
    if (where === 'list') return `[{"data":{"text":${v}}}]`
    return v
  })

export const nastyValue = fc.oneof(
  { depthSize: 'small' },
  leaf,
  fc.array(leaf, { maxLength: 5 }),
  fc.dictionary(nastyString, leaf, { maxKeys: 4 }),
  deepJson,
  fc.constant(undefined),
)

/** An input object using the contract's own keys (so validation is passed often enough). */
export function inputFor(keys: string[]) {
  const known = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, nastyValue])), { requiredKeys: [] })
    : fc.constant({})
  return fc.oneof(
    { weight: 6, arbitrary: known },
    { weight: 1, arbitrary: nastyValue },
    {
      weight: 1,
      arbitrary: fc
        .tuple(known, fc.dictionary(nastyString, leaf, { maxKeys: 2 }))
        .map(([a, b]) => ({ ...b, ...a })),
    },
  )
}
