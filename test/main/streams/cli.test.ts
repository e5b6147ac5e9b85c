import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRsyslog } from '../../support/rsyslog'
import { until } from './support'

const root = resolve(__dirname, '../../..')
const tsx = join(root, 'node_modules', '.bin', 'tsx')
const entry = join(root, 'src', 'main', 'cli', 'index.ts')
const dir = mkdtempSync(join(tmpdir(), 'tessera-streams-cli-'))
const db = join(dir, 'cli.db')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(...args: string[]) {
  const r = spawnSync(tsx, [entry, '--db', db, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('tessera streams and tessera activity verify --received', { timeout: 120_000 }, () => {
  it('adds, lists, tests, pauses, resumes and removes; bad input is one clear line and saves nothing', async () => {
    const rs = await startRsyslog(join(dir, 'rs'))
    expect(cli('streams', 'add', 'bad', '--syslog', 'udp://127.0.0.1:514')).toMatchObject({
      code: 1,
      stderr: 'tessera: Syslog over UDP loses entries: use tcp:// or tls://\n',
    })
    expect(
      cli(
        'streams',
        'add',
        'bad',
        '--syslog',
        `tls://127.0.0.1:${rs.port}`,
        '--ca',
        join(dir, 'nope.pem'),
      ),
    ).toMatchObject({
      code: 1,
      stderr: `tessera: cannot read the CA file ${join(dir, 'nope.pem')}: ENOENT\n`,
    })
    expect(
      cli('streams', 'add', 'bad', '--splunk', 'https://splunk.example.com:8088'),
    ).toMatchObject({
      code: 1,
      stderr: 'tessera: --splunk needs --token-file FILE (the HEC token)\n',
    })
    expect(cli('streams', 'list').stdout).toBe('(none)\n')

    const added = cli('streams', 'add', 'SIEM relay', '--syslog', `tcp://127.0.0.1:${rs.port}`)
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(
      /SIEM relay\s+syslog\s+tcp:\/\/127\.0\.0\.1:\d+\s+Behind 1 entry \(oldest from /,
    )
    expect(cli('streams', 'test', 'siem relay')).toMatchObject({
      code: 0,
      stdout: `Test event sent to tcp://127.0.0.1:${rs.port}\n`,
    })
    await until(
      () => rs.lines().some((l) => / test \[tessera@32473 type="test"/.test(l)),
      'the test event',
    )
    expect(cli('streams', 'pause', 'SIEM relay').stdout).toBe('paused SIEM relay\n')
    expect(cli('streams', 'list').stdout).toMatch(/Paused/)
    expect(cli('streams', 'resume', 'SIEM relay').stdout).toBe('resumed SIEM relay\n')
    const tokenFile = join(dir, 'hec.token')
    writeFileSync(tokenFile, 'cli-hec-secret\n')
    expect(
      cli('streams', 'add', 'hec', '--splunk', 'http://127.0.0.1:59999', '--token-file', tokenFile)
        .code,
    ).toBe(0)
    const failed = cli('streams', 'test', 'hec')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(
      /^tessera: http:\/\/127\.0\.0\.1:59999\/services\/collector\/event: .*ECONNREFUSED/,
    )
    const json = cli('streams', 'list', '--json').stdout
    expect(json).not.toContain('cli-hec-secret')
    expect(JSON.parse(json)).toHaveLength(2)
    expect(cli('streams', 'remove', 'hec').stdout).toBe('removed hec\n')
    expect(cli('streams', 'remove', 'hec')).toMatchObject({
      code: 1,
      stderr: 'tessera: no log stream named “hec” (see tessera streams list)\n',
    })
    await rs.stop()
  })

  it('verifies a received file and names a changed line', () => {
    // Lines as rsyslog's %rawmsg% writes them, from a real stream of this database.
    const lines = spawnSync(
      tsx,
      [
        '-e',
        `const { openDatabase } = require('./src/main/db/open');
         const { streamSourceRepo } = require('./src/main/db/repos/log-streams.repo');
         const { activityEvent } = require('./src/main/engine/streams/event');
         const { formatSyslog } = require('./src/main/engine/streams/syslog');
         const db = openDatabase(${JSON.stringify(db)});
         for (const r of streamSourceRepo(db).after(1, 0, 1000)) console.log(formatSyslog(activityEvent(r)));`,
      ],
      { cwd: root, encoding: 'utf8' },
    ).stdout
    const file = join(dir, 'received.log')
    writeFileSync(file, lines)
    const ok = cli('activity', 'verify', '--received', file)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(
      /^The chain holds from entry 1 to entry \d+: \d+ entries, none missing or changed\n$/,
    )
    // A receiver's host without the log key: the links are checked, the keyed contents cannot
    // be, and that is never reported as intact.
    const keyless = cli(
      '--log-key-file',
      join(dir, 'no-such.log-key'),
      'activity',
      'verify',
      '--received',
      file,
    )
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toMatch(
      /^tessera: Not proved intact: entries 1 to \d+ .* link up with none missing or out of order, but \d+ of them are chained with the installation's log key/,
    )
    const changed = readFileSync(file, 'utf8').replace(
      'action="stream.add"',
      'action="stream.remove"',
    )
    writeFileSync(file, changed)
    const bad = cli('activity', 'verify', '--received', file)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(
      /^tessera: Entry \d+ was changed on the way: its fields no longer match its hash\n$/,
    )
  })
})
