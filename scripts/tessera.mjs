// npm run tessera -- <command> … (the same CLI as the package bin)
import { runCli } from './cli-build.mjs'

runCli(process.argv.slice(2))
