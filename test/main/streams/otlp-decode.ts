/**
 * Decodes an OTLP ExportLogsServiceRequest (protobuf) by the field numbers of
 * opentelemetry-proto's logs/v1/logs.proto and common/v1/common.proto, independently of the
 * exporter's own serializer.
 */
type Value = string | number | boolean | Value[] | { [k: string]: Value } | Uint8Array | null

class Reader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length
  }
  varint(): bigint {
    let result = 0n
    let shift = 0n
    for (;;) {
      const b = this.buf[this.pos++]!
      result |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return result
      shift += 7n
    }
  }
  tag() {
    const t = Number(this.varint())
    return { field: t >>> 3, wire: t & 7 }
  }
  bytes(): Uint8Array {
    const n = Number(this.varint())
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  fixed64(): Buffer {
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + 8))
    this.pos += 8
    return out
  }
  skip(wire: number) {
    if (wire === 0) this.varint()
    else if (wire === 1) this.pos += 8
    else if (wire === 2) this.bytes()
    else if (wire === 5) this.pos += 4
    else throw new Error(`wire type ${wire}`)
  }
}

function fields(buf: Uint8Array, on: (field: number, wire: number, r: Reader) => void) {
  const r = new Reader(buf)
  while (!r.done) {
    const { field, wire } = r.tag()
    const before = r.pos
    on(field, wire, r)
    if (r.pos === before) r.skip(wire)
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b)

function anyValue(buf: Uint8Array): Value {
  let v: Value = null
  fields(buf, (f, _w, r) => {
    if (f === 1) v = text(r.bytes())
    else if (f === 2) v = r.varint() !== 0n
    else if (f === 3) v = Number(BigInt.asIntN(64, r.varint()))
    else if (f === 4) v = r.fixed64().readDoubleLE(0)
    else if (f === 5) {
      const arr: Value[] = []
      fields(r.bytes(), (g, _x, q) => g === 1 && arr.push(anyValue(q.bytes())))
      v = arr
    } else if (f === 6) v = keyValues(r.bytes(), 1)
    else if (f === 7) v = r.bytes()
  })
  return v
}

function keyValue(buf: Uint8Array): [string, Value] {
  let key = ''
  let value: Value = null
  fields(buf, (f, _w, r) => {
    if (f === 1) key = text(r.bytes())
    else if (f === 2) value = anyValue(r.bytes())
  })
  return [key, value]
}

/** Repeated KeyValue at `field` of a message. */
function keyValues(buf: Uint8Array, field: number): Record<string, Value> {
  const out: Record<string, Value> = {}
  fields(buf, (f, _w, r) => {
    if (f === field) {
      const [k, v] = keyValue(r.bytes())
      out[k] = v
    }
  })
  return out
}

export interface DecodedLog {
  resource: Record<string, Value>
  scope: { name: string; version: string }
  timeUnixNano: bigint
  severityNumber: number
  severityText: string
  body: Value
  attributes: Record<string, Value>
  eventName: string
}

export function decodeLogsRequest(buf: Uint8Array): DecodedLog[] {
  const logs: DecodedLog[] = []
  fields(buf, (f, _w, r) => {
    if (f !== 1) return
    let resource: Record<string, Value> = {}
    const scopeLogs: Uint8Array[] = []
    fields(r.bytes(), (g, _x, q) => {
      if (g === 1) resource = keyValues(q.bytes(), 1)
      else if (g === 2) scopeLogs.push(q.bytes())
    })
    for (const sl of scopeLogs) {
      const scope = { name: '', version: '' }
      fields(sl, (g, _x, q) => {
        if (g === 1)
          fields(q.bytes(), (h, _y, s) => {
            if (h === 1) scope.name = text(s.bytes())
            else if (h === 2) scope.version = text(s.bytes())
          })
        else if (g === 2) {
          const log: DecodedLog = {
            resource,
            scope,
            timeUnixNano: 0n,
            severityNumber: 0,
            severityText: '',
            body: null,
            attributes: {},
            eventName: '',
          }
          const attrs: Uint8Array[] = []
          fields(q.bytes(), (h, _y, s) => {
            if (h === 1) log.timeUnixNano = s.fixed64().readBigUInt64LE(0)
            else if (h === 2) log.severityNumber = Number(s.varint())
            else if (h === 3) log.severityText = text(s.bytes())
            else if (h === 5) log.body = anyValue(s.bytes())
            else if (h === 6) attrs.push(s.bytes())
            else if (h === 12) log.eventName = text(s.bytes())
          })
          for (const a of attrs) {
            const [k, v] = keyValue(a)
            log.attributes[k] = v
          }
          logs.push(log)
        }
      })
    }
  })
  return logs
}
