import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'

export const RSYSLOGD = '/usr/sbin/rsyslogd'

export interface Receiver {
  port: number
  /** The raw messages rsyslog wrote, one a line. */
  lines(): string[]
  stop(): Promise<void>
}

export interface ReceiverOptions {
  /** A fixed port (a restart on the same address); 0 picks a free one. */
  port?: number
  tls?: { ca: string; cert: string; key: string }
}

/**
 * rsyslog as the receiver: a foreground child with its own config, imtcp on 127.0.0.1 (octet
 * counting is detected by imtcp), an omfile action writing %rawmsg%, stopped by its pid.
 */
export async function startRsyslog(dir: string, options: ReceiverOptions = {}): Promise<Receiver> {
  mkdirSync(dir, { recursive: true })
  const portFile = join(dir, 'port')
  const out = join(dir, 'received.log')
  const pidFile = join(dir, 'rsyslogd.pid')
  writeFileSync(portFile, '')
  const tls = options.tls
  const conf = [
    `global(workDirectory="${dir}" maxMessageSize="64k"${
      tls
        ? ` defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${tls.ca}" defaultNetstreamDriverCertFile="${tls.cert}" defaultNetstreamDriverKeyFile="${tls.key}"`
        : ''
    })`,
    tls
      ? 'module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")'
      : 'module(load="imtcp")',
    'template(name="raw" type="string" string="%rawmsg%\\n")',
    `input(type="imtcp" address="127.0.0.1" port="${options.port ?? 0}" listenPortFileName="${portFile}" ruleset="r")`,
    `ruleset(name="r") { action(type="omfile" file="${out}" template="raw" asyncWriting="off" flushOnTXEnd="on") }`,
  ].join('\n')
  const confFile = join(dir, 'rsyslog.conf')
  writeFileSync(confFile, conf + '\n')
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', confFile, '-i', pidFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  // A failed test must not leave a receiver running.
  const orphan = () => child.kill('SIGKILL')
  process.once('exit', orphan)
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      process.off('exit', orphan)
      r()
    }),
  )
  for (let i = 0; i < 200; i++) {
    // rsyslog writes the port file only for port 0; a fixed port is probed instead.
    const text = options.port
      ? (await listening(options.port))
        ? String(options.port)
        : ''
      : readFileSync(portFile, 'utf8').trim()
    if (text) {
      return {
        port: Number(text),
        lines: () =>
          existsSync(out)
            ? readFileSync(out, 'utf8')
                .split('\n')
                .filter((l) => l.length > 0)
            : [],
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM')
          await exited
        },
      }
    }
    if (child.exitCode !== null) throw new Error(`rsyslogd exited: ${stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error(`rsyslogd did not listen: ${stderr}`)
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

/** A throw-away CA and a server certificate for `name` signed by it (openssl). */
export function makeCertificates(dir: string, name = 'localhost') {
  mkdirSync(dir, { recursive: true })
  const f = (n: string) => join(dir, n)
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Tessera test CA',
  ])
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    `/CN=${name}`,
  ])
  writeFileSync(f('ext.cnf'), `subjectAltName=DNS:${name}\n`)
  run([
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  ])
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') }
}
