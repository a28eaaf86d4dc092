import type { ReactNode } from 'react';

interface PanelProps {
  readonly title: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
  readonly titleHint?: string;
}

/** A titled box of the right rail and the summary strip. */
export function Panel({ title, actions, children, className, testId, titleHint }: PanelProps) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} data-testid={testId}>
      <header className="panel-head">
        <h2 title={titleHint}>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
