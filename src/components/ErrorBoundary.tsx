import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Names the part of the page in the message ("the positions grid"). */
  readonly area: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

/**
 * A rendering bug in one view must not blank the whole page: this box shows what failed and lets the trader retry,
 * while the rest of the desk (summary, what-if, files) keeps working. Class component: React has no hook for this.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Riskdeck: ${this.props.area} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice notice-error view-error" role="alert">
        <span>
          {this.props.area} could not be shown ({this.state.error.message}). Your book and figures are safe.
        </span>
        <button type="button" className="btn btn-small" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
