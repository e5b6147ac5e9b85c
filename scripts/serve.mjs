// npm run serve -- [--db FILE] [--host H] [--port N] [--demo]
import { runCli } from './cli-build.mjs'

runCli(['serve', ...process.argv.slice(2)])
