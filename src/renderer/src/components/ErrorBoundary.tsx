import { Component, type ErrorInfo, type ReactNode } from 'react'
import { ErrorView } from './ErrorView'

interface State {
  error: Error | null
}

/** Keeps one broken screen from blanking the whole app; offers a retry. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen failed', error, info.componentStack)
  }

  render(): ReactNode {
    if (this.state.error) {
      return (
        <ErrorView
          title="This screen stopped working"
          message={this.state.error.message}
          onRetry={() => this.setState({ error: null })}
        />
      )
    }
    return this.props.children
  }
}
