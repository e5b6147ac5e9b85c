import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as Asar from '@electron/asar'
import { AsyncTaskManager } from 'builder-util'
import {
  Arch,
  LinuxPackager,
  MacPackager,
  Packager,
  Platform,
  WinPackager,
  type Configuration,
} from 'electron-builder'

// electron-builder's own copies of @electron/asar (which writes app.asar) and semver.
const fromBuilder = createRequire(require.resolve('app-builder-lib'))
const asar = fromBuilder('@electron/asar') as typeof Asar
export const semver = fromBuilder('semver') as {
  satisfies(version: string, range: string): boolean
}

export type TargetName = `${'linux' | 'darwin' | 'win32'}-${'x64' | 'arm64'}`

export interface PackedEntry {
  size: number
  /** Stored in app.asar.unpacked instead of the archive. */
  unpacked: boolean
}

export interface PackedApp {
  target: TargetName
  /** The folder Electron calls `process.resourcesPath`: app.asar and app.asar.unpacked. */
  resources: string
  /** Every packed file by its path inside the app (`out/main/index.js`), directories left out. */
  files: Map<string, PackedEntry>
}

type PackerFor = LinuxPackager | MacPackager | WinPackager
type FileMatcherLike = { computeParsedPatterns(result: unknown[], fromDir: string): void }

/**
 * The steps of PlatformPackager.doPack that place the application's files. They are private in
 * electron-builder's typings; everything else doPack does (unpacking Electron, executable name,
 * icons, signing, fuses, installers) needs the Electron binary and is left out.
 */
interface AppFileSteps {
  computeAsarOptions(options: unknown): Promise<unknown>
  getExtraFileMatchers(
    resources: boolean,
    appOutDir: string,
    options: unknown,
  ): FileMatcherLike[] | null
  copyAppFiles(
    taskManager: AsyncTaskManager,
    asarOptions: unknown,
    resourcePath: string,
    defaultDestination: string,
    packContext: object,
    platformOptions: unknown,
    excludePatterns: unknown[],
    macroExpander: (pattern: string) => string,
  ): void
}

/** What `pack` does up to the app files: electron-builder's matchers, collector and asar writer. */
async function packAppFiles(packer: PackerFor, outDir: string, arch: Arch, into: string) {
  const steps = packer as unknown as AppFileSteps
  const appOutDir = join(into, `${packer.platform.nodeName}-${Arch[arch]}`)
  const options = packer.createGetFileMatchersOptions(
    outDir,
    arch,
    packer.platformSpecificBuildOptions,
  )
  const excludePatterns: unknown[] = []
  for (const resources of [true, false]) {
    for (const matcher of steps.getExtraFileMatchers(resources, appOutDir, options) ?? []) {
      matcher.computeParsedPatterns(excludePatterns, packer.info.projectDir)
    }
  }
  const resourcesPath = join(appOutDir, 'resources')
  const taskManager = new AsyncTaskManager(packer.info.cancellationToken)
  steps.copyAppFiles(
    taskManager,
    await steps.computeAsarOptions(packer.platformSpecificBuildOptions),
    resourcesPath,
    join(resourcesPath, 'app'),
    {
      appOutDir,
      outDir,
      arch,
      targets: [],
      packager: packer,
      electronPlatformName: packer.platform.nodeName,
    },
    packer.platformSpecificBuildOptions,
    excludePatterns,
    options.macroExpander,
  )
  await taskManager.awaitTasks()
  return resourcesPath
}

interface HeaderNode {
  files?: Record<string, HeaderNode>
  size?: number
  unpacked?: boolean
}

/** The files of app.asar as its header records them, unpacked ones included. */
export function readArchive(resources: string): Map<string, PackedEntry> {
  const { header } = asar.getRawHeader(join(resources, 'app.asar')) as { header: HeaderNode }
  const files = new Map<string, PackedEntry>()
  const walk = (node: HeaderNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      if (child.files) walk(child, `${prefix}${name}/`)
      else
        files.set(`${prefix}${name}`, { size: child.size ?? 0, unpacked: child.unpacked === true })
    }
  }
  walk(header, '')
  return files
}

/** A file's content as packed (from the archive, or from app.asar.unpacked). */
export function readPacked(resources: string, file: string): string {
  return asar.extractFile(join(resources, 'app.asar'), file).toString('utf8')
}

export function extractArchive(resources: string, dest: string): void {
  asar.extractAll(join(resources, 'app.asar'), dest)
}

/**
 * Runs electron-builder's packager on this project for each target, but stops each platform's
 * `pack` after the app files: it loads electron-builder.yml with electron-builder's config loader
 * and schema check, collects production node_modules with its own collector (`npm ls`), filters
 * with its file matchers, and writes a real app.asar + app.asar.unpacked into a temporary folder.
 * Electron is neither downloaded nor needed.
 */
export async function packAppFor(targets: TargetName[]): Promise<Map<TargetName, PackedApp>> {
  const into = mkdtempSync(join(tmpdir(), 'tessera-packed-'))
  const platforms = new Map<Platform, Map<Arch, string[]>>()
  for (const target of targets) {
    const [os, arch] = target.split('-') as [string, keyof typeof Arch]
    const platform = Platform.fromString(os)
    const archs = platforms.get(platform) ?? new Map<Arch, string[]>()
    archs.set(Arch[arch], ['dir'])
    platforms.set(platform, archs)
  }
  const packed = new Map<TargetName, PackedApp>()
  // Only the output folder is moved (so nothing is written into the project); every other
  // setting comes from electron-builder.yml and package.json.
  const config: Configuration = { directories: { output: join(into, 'dist') } }
  const packager = new Packager({
    projectDir: join(__dirname, '../../..'),
    config,
    targets: platforms,
    platformPackagerFactory: (info, platform) => {
      const packer =
        platform === Platform.MAC
          ? new MacPackager(info)
          : platform === Platform.WINDOWS
            ? new WinPackager(info)
            : new LinuxPackager(info)
      packer.pack = async (outDir, arch) => {
        const resources = await packAppFiles(packer, outDir, arch, into)
        const target = `${platform.nodeName}-${Arch[arch]}` as TargetName
        packed.set(target, { target, resources, files: readArchive(resources) })
      }
      return packer
    },
  })
  await packager.build()
  return packed
}
