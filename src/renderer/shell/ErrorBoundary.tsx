/** Catches a rendering failure in one view so the rest of the window keeps working. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { createLogger } from '../../shared/log.js';

const log = createLogger('renderer.view');

interface Props {
  /** Rendered instead of the children once they failed; gets a reset function. */
  fallback: (error: Error, reset: () => void) => ReactNode;
  /** Changing it clears a caught error (e.g. the seller moved to another view). */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    log.error('A view failed to render', { error, stack: info.componentStack });
  }

  override render(): ReactNode {
    if (this.state.error) {
      return this.props.fallback(this.state.error, () => this.setState({ error: null }));
    }
    return this.props.children;
  }
}
