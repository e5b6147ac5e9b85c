import { createServer, type IncomingMessage, type Server } from 'node:http'

export interface Received {
  path: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export interface TestReceiver {
  url: string
  requests: Received[]
  /** What the next requests get: Splunk's documented answers, or a plain status. */
  answer: 'success' | 'invalid-token' | 'busy'
  close(): Promise<void>
}

/**
 * A Splunk HTTP Event Collector as its documentation describes it: 200 {"text":"Success",
 * "code":0}; 403 {"text":"Invalid token","code":4} for a token it does not know; 503
 * {"text":"Server is busy","code":9} when its queue is full. Also serves JSON-lines POSTs and
 * OTLP requests (any path), recording every request.
 */
export async function startReceiver(token = 'hec-token-1234'): Promise<TestReceiver> {
  const r: TestReceiver = {
    url: '',
    requests: [],
    answer: 'success',
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const send = (status: number, body: object) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (r.answer === 'busy') return send(503, { text: 'Server is busy', code: 9 })
      if (
        req.url?.startsWith('/services/collector') &&
        req.headers.authorization !== `Splunk ${token}`
      )
        return send(403, { text: 'Invalid token', code: 4 })
      if (r.answer === 'invalid-token') return send(403, { text: 'Invalid token', code: 4 })
      r.requests.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      if (req.headers['content-type'] === 'application/x-protobuf') {
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' })
        return res.end()
      }
      send(200, { text: 'Success', code: 0 })
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()))
  const a = server.address()
  r.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
  return r
}
