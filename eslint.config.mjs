// ESLint flat config: recommended rules plus the import boundaries of STYLE.md ("Who may import
// what"). Boundaries use `no-restricted-imports`; because its patterns match the import text and
// not the resolved file, each zone is expanded per directory depth so `../` counts are exact.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const SOURCE = '{ts,tsx,mts,cts,js,mjs}'
const MAX_DEPTH = 6

/**
 * Node built-ins in both spellings (`fs`, `node:fs`): for code that must run in a browser.
 * Bare names are exact `paths` (a gitignore-style pattern `events` would also match `./events`).
 */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_'))

const up = (n) => '../'.repeat(n)

/**
 * One config block per depth below `root`, so a pattern like `../api/**` means exactly "the
 * sibling directory api of this zone" whatever the file's depth.
 * `relative(prefix)` gets the `../…` prefix that leads from the file to `root`'s parent.
 */
function zone(root, { modules = [], patterns = [], relative = () => [], message }) {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const group = [...patterns, ...relative(up(depth + 1))]
    return {
      files: [`${root}/${'*/'.repeat(depth)}*.${SOURCE}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: modules.map((name) => ({ name, message })),
            patterns: group.length ? [{ group, message }] : [],
          },
        ],
      },
    }
  })
}

/** `dir` and everything below it, as no-restricted-imports (gitignore-style) patterns. */
const tree = (...dirs) => dirs.flatMap((d) => [d, `${d}/**`])

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'artifacts/', '.tessera-data/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [`src/renderer/**/*.${SOURCE}`, `test/renderer/**/*.${SOURCE}`],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      // The React Compiler diagnostics are advice for this codebase (it does not run the
      // compiler); the classic hook rules stay errors.
      ...Object.fromEntries(
        Object.keys(reactHooks.configs['recommended-latest'].rules)
          .filter((r) => r !== 'react-hooks/rules-of-hooks')
          .map((r) => [r, 'warn']),
      ),
    },
  },
  {
    // Tests read untyped JSON bodies and build loose fakes where the shape is beside the point.
    files: [`test/**/*.${SOURCE}`],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // ---- import boundaries (STYLE.md) ----
  ...zone('src/shared', {
    modules: ['electron', 'react', 'react-dom', ...NODE_BUILTINS],
    patterns: ['electron/*', 'react/*', 'react-dom/*', 'node:*'],
    // Anything that climbs out of src/shared (into main, preload, renderer, test, …).
    relative: (toSrc) => [`${toSrc}**`],
    message: 'src/shared is pure TypeScript: it imports only src/shared and plain libraries.',
  }),
  ...zone('src/main/engine', {
    modules: ['electron', 'react', 'react-dom'],
    patterns: ['electron/*'],
    relative: (toMain) => [
      ...tree(`${toMain}api`, `${toMain}rpc`, `${toMain}window`, `${toMain}cli`),
      `${toMain}index`,
      `${toMain}bootstrap`,
      ...tree(`${toMain}../preload`, `${toMain}../renderer`),
    ],
    message:
      'src/main/engine is Electron-free: it imports only the engine, src/main/db and src/shared.',
  }),
  ...zone('src/main/db', {
    modules: ['electron', 'react', 'react-dom'],
    patterns: ['electron/*'],
    relative: (toMain) => [
      ...tree(`${toMain}engine`, `${toMain}api`, `${toMain}rpc`, `${toMain}window`, `${toMain}cli`),
      `${toMain}index`,
      `${toMain}bootstrap`,
      ...tree(`${toMain}../preload`, `${toMain}../renderer`),
    ],
    message: 'src/main/db imports only src/main/db and src/shared (never the engine or Electron).',
  }),
  ...zone('src/main/api', {
    modules: ['electron'],
    patterns: ['electron/*'],
    relative: (toMain) => [...tree(`${toMain}window`), `${toMain}index`, `${toMain}bootstrap`],
    message: 'The local API also runs headless under plain Node: no Electron here.',
  }),
  ...zone('src/main/cli', {
    modules: ['electron'],
    patterns: ['electron/*'],
    relative: (toMain) => [
      ...tree(`${toMain}window`),
      `${toMain}index`,
      `${toMain}bootstrap`,
      `${toMain}rpc/electron-ipc`,
    ],
    message: 'The CLI runs under plain Node, where importing electron throws.',
  }),
  ...zone('src/preload', {
    modules: ['react', 'react-dom', ...NODE_BUILTINS],
    patterns: ['node:*'],
    relative: (toSrc) => [...tree(`${toSrc}main`, `${toSrc}renderer`)],
    message: 'The preload imports only src/shared and electron (contextBridge, ipcRenderer).',
  }),
  ...zone('src/renderer', {
    modules: ['electron', ...NODE_BUILTINS],
    patterns: ['electron/*', 'node:*'],
    relative: (toSrc) => [...tree(`${toSrc}main`, `${toSrc}preload`)],
    message:
      'The renderer reaches the engine only through lib/ipc.ts (window.api or HTTP): ' +
      'no src/main, src/preload, electron or Node built-ins.',
  }),
  {
    // The RPC layer is shared with the headless HTTP transport; only the IPC transport may
    // touch Electron.
    files: [`src/main/rpc/**/*.${SOURCE}`],
    ignores: ['src/main/rpc/electron-ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src/main/rpc/electron-ipc.ts may import electron.' },
          ],
          patterns: [
            {
              group: ['electron/*'],
              message: 'Only src/main/rpc/electron-ipc.ts may import electron.',
            },
          ],
        },
      ],
    },
  },
)
