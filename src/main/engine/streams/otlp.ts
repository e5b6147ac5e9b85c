import { SeverityNumber, type AttributeValue } from '@opentelemetry/api'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs'
import pkg from '../../../../package.json'
import type { DestinationConfig } from './destination'
import { summary, type StreamEvent } from './event'
import { DeliveryError, redactSecrets } from './delivery-error'
import type { Sender } from './senders'

const RESOURCE = resourceFromAttributes({
  'service.name': 'tessera',
  'service.version': pkg.version,
})
const SCOPE = { name: 'tessera.activity', version: pkg.version }

/** The event's fields as log attributes, `tessera.` + the field name (actor fields dotted). */
export function otlpAttributes(e: StreamEvent): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  const put = (k: string, v: string | number | null | undefined) => {
    if (v !== null && v !== undefined) out[`tessera.${k}`] = v
  }
  for (const [k, v] of Object.entries(e)) {
    if (k === 'actor' && v && typeof v === 'object')
      for (const [ak, av] of Object.entries(v as Record<string, string | number | null>))
        put(`actor.${ak}`, av)
    else put(k, v as string | number | null)
  }
  return out
}

function record(e: StreamEvent): ReadableLogRecord {
  const ms = Date.parse(e.time)
  const hr: [number, number] = [Math.floor(ms / 1000), (ms % 1000) * 1_000_000]
  return {
    hrTime: hr,
    hrTimeObserved: hr,
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: summary(e),
    eventName: e.type === 'test' ? 'tessera.test' : 'tessera.activity',
    resource: RESOURCE,
    instrumentationScope: SCOPE,
    attributes: otlpAttributes(e),
    droppedAttributesCount: 0,
  }
}

/**
 * OpenTelemetry logs over OTLP/HTTP (protobuf) through the official exporter, resource
 * `service.name=tessera`. A batch counts as delivered on the collector's success answer.
 */
export function otlpSender(cfg: DestinationConfig, timeoutMs: number): Sender {
  const exporter = new OTLPLogExporter({
    url: cfg.url,
    headers: cfg.secret?.headers ?? {},
    timeoutMillis: timeoutMs,
    // The worker awaits each batch, but the exporter frees its slot only after the callback.
    concurrencyLimit: 2,
  })
  return {
    settleMs: 0,
    generation: () => 0,
    send: (events) =>
      new Promise<void>((resolve, reject) => {
        exporter.export(events.map(record), (result) => {
          // ExportResultCode.SUCCESS is 0.
          if (result.code === 0) return resolve()
          const err = result.error as (Error & { code?: number; data?: string }) | undefined
          const words = [
            err?.code ? `answered ${err.code}` : '',
            err?.message ?? 'export failed',
            err?.data ?? '',
          ]
            .filter(Boolean)
            .join(': ')
          reject(new DeliveryError(redactSecrets(`${cfg.url} ${words}`, cfg)))
        })
      }),
    close: () => void exporter.shutdown().catch(() => {}),
  }
}
