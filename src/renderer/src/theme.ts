import {
  Badge,
  Drawer,
  Menu,
  Modal,
  Notification,
  createTheme,
  darken,
  lighten,
  luminance,
  type CSSVariablesResolver,
  type MantineTheme,
} from '@mantine/core'

/** WCAG 2.1 AA for text below 18.66 px bold / 24 px regular: everything in this app. */
const MIN_CONTRAST = 4.5

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * `color`, darkened (on light backgrounds) or lightened (on dark ones) in small steps until it
 * reads at AA on every background in `backgrounds`. Mantine's palettes are bright: its orange,
 * teal and green text, and white on most filled colours, fall short of 4.5:1.
 */
export function readable(color: string, backgrounds: string[], towards: 'dark' | 'light'): string {
  const passes = (c: string) => backgrounds.every((bg) => contrastRatio(c, bg) >= MIN_CONTRAST)
  for (let step = 0; step <= 1; step += 0.04) {
    const c = step === 0 ? color : towards === 'dark' ? darken(color, step) : lighten(color, step)
    if (passes(c)) return c
  }
  return towards === 'dark' ? '#000000' : '#ffffff'
}

/** A filled background dark enough for white text (buttons, filled badges). */
const underWhite = (color: string) => readable(color, ['#ffffff'], 'dark')

/**
 * Text colours derived from the palettes, each made to reach AA where Mantine shows it: plain
 * coloured text (`c="red"`, menu items, anchors) and outline text on the page and on striped or
 * hovered rows; light-variant text (badges, alerts, the active navigation item) on its tinted
 * background, hovered too; filled backgrounds under white text.
 */
function paletteVariables(theme: MantineTheme) {
  const light: Record<string, string> = {}
  const dark: Record<string, string> = {}
  const g = theme.colors.gray
  const d = theme.colors.dark
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === 'dark') continue
    const lightText = readable(shades[7], [theme.white, g[0], g[1]], 'dark')
    const lightFilled = underWhite(shades[7])
    Object.assign(light, {
      [`--mantine-color-${name}-text`]: lightText,
      [`--mantine-color-${name}-outline`]: lightText,
      [`--mantine-color-${name}-light-color`]: readable(shades[9], [shades[1], shades[2]], 'dark'),
      [`--mantine-color-${name}-filled`]: lightFilled,
      [`--mantine-color-${name}-filled-hover`]: darken(lightFilled, 0.1),
    })
    const darkText = readable(shades[4], [d[7], d[6], d[5]], 'light')
    const darkFilled = underWhite(shades[8])
    Object.assign(dark, {
      [`--mantine-color-${name}-text`]: darkText,
      [`--mantine-color-${name}-outline`]: darkText,
      [`--mantine-color-${name}-light-color`]: readable(
        shades[0],
        [darken(shades[9], 0.5), darken(shades[9], 0.3)],
        'light',
      ),
      [`--mantine-color-${name}-filled`]: darkFilled,
      [`--mantine-color-${name}-filled-hover`]: darken(darkFilled, 0.1),
    })
  }
  return { light, dark }
}

/**
 * Mantine's variables with AA text colours: secondary ("dimmed") text, placeholders, errors,
 * success and links, and every palette-derived text and filled colour.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const palette = paletteVariables(theme)
  const g = theme.colors.gray
  const d = theme.colors.dark
  const primary = theme.primaryColor
  return {
    variables: {},
    light: {
      ...palette.light,
      '--mantine-color-dimmed': g[7],
      '--mantine-color-placeholder': readable(g[6], [theme.white], 'dark'),
      '--mantine-color-error': 'var(--mantine-color-red-text)',
      '--mantine-color-success': 'var(--mantine-color-teal-text)',
      '--mantine-color-anchor': `var(--mantine-color-${primary}-text)`,
    },
    dark: {
      ...palette.dark,
      // On the page, on cards and on hovered rows.
      '--mantine-color-dimmed': readable(d[2], [d[7], d[6], d[5]], 'light'),
      '--mantine-color-placeholder': readable(d[3], [d[6]], 'light'),
      '--mantine-color-error': 'var(--mantine-color-red-text)',
      '--mantine-color-success': 'var(--mantine-color-teal-text)',
      '--mantine-color-anchor': `var(--mantine-color-${primary}-text)`,
    },
  }
}

/** The app's theme: one look for badges, and names for every icon-only close button. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Keep the focus ring for keyboard users on every interactive element.
  focusRing: 'auto',
  defaultRadius: 'md',
  components: {
    // Roles, statuses and the service-account mark share one badge: light, 11 px.
    Badge: Badge.extend({ defaultProps: { variant: 'light', size: 'md' } }),
    // The close buttons are icons only: give them names for screen readers.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close panel' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
    }),
    // A coloured Menu.Item draws its text in shade 6 whatever the theme says; such items also
    // take `c` with the same colour, which resolves to the readable `--mantine-color-*-text`.
    // The menu's focus placeholder is a focusable non-item inside role="menu"; without it,
    // opening a menu focuses its first item, as a menu should.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
  },
})
