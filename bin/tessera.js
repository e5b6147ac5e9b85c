#!/usr/bin/env node
// The package bin: runs the built CLI (out/main/cli.js). Build once with `npm run build`.
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write('tessera: out/main/cli.js is missing; run `npm run build` first\n')
  process.exit(1)
}
require(cli)
  .main(process.argv)
  .then((code) => {
    if (code !== 0) process.exit(code)
  })
