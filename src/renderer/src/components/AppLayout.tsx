import { AppShell, Burger, Group, NavLink, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useRef, type MouseEvent, type ReactNode } from 'react'
import { Link } from 'react-router'
import { PAGES, PAGE_LABELS, PAGE_PATHS, type Page } from '../features/navigation/screens'
import { SignOutButton } from '../features/auth/SignOutButton'
import { ColorSchemeToggle } from './ColorSchemeToggle'
import css from './AppLayout.module.css'

const MAIN_ID = 'main-content'

/**
 * "Skip to main content", the first stop of the Tab key. It moves focus itself: the app's
 * addresses are hash routes, so following `#main-content` would open a screen of that name.
 */
function SkipLink(props: { onSkip: () => void }) {
  const skip = (e: MouseEvent) => {
    e.preventDefault()
    props.onSkip()
  }
  return (
    <a href={`#${MAIN_ID}`} className={css.skipLink} onClick={skip}>
      Skip to main content
    </a>
  )
}

/** The frame of every screen: header, navigation, and the current page. */
export function AppLayout(props: { current: Page | null; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure()
  const page = props.current
  const main = useRef<HTMLElement>(null)
  return (
    <AppShell
      header={{ height: 56 }}
      // Narrower below 1200 px so the wide tables keep their last columns in view at 1024 px.
      navbar={{ width: { base: 200, lg: 240 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink onSkip={() => main.current?.focus()} />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={3} component="p">
              Tessera
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SignOutButton />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {PAGES.map((p) => (
          <NavLink
            key={p}
            // Real links: each screen has an address to open in a new window or share.
            component={Link}
            to={PAGE_PATHS[p]}
            label={PAGE_LABELS[p]}
            active={p === page}
            aria-current={p === page ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} ref={main} tabIndex={-1} className={css.main}>
        {props.children}
      </AppShell.Main>
    </AppShell>
  )
}
