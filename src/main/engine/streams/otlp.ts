import type { DestinationConfig } from './destination'
import type { Sender } from './senders'

/** OpenTelemetry logs over OTLP/HTTP (protobuf) through the official exporter. */
export function otlpSender(cfg: DestinationConfig, _timeoutMs: number): Sender {
  void cfg
  throw new Error('OTLP streams are not available yet')
}
