import type { ReactNode } from 'react';
import type { UserMessage } from './lib/messages';

/** An error announced at once by screen readers (rendered only while there is one). */
export function Alert({
  message,
  children,
}: {
  message: UserMessage | null;
  children?: ReactNode;
}) {
  if (!message) return null;
  return (
    <div role="alert" className="alert">
      <p className="alert-title">{message.title}</p>
      {message.lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {children}
    </div>
  );
}

/** The page's one h1; focusable so the app can move focus to it after a navigation. */
export const PageHeading = ({ children }: { children: ReactNode }) => (
  <h1 tabIndex={-1}>{children}</h1>
);

/** Text for screen readers only. */
export const VisuallyHidden = ({ children }: { children: ReactNode }) => (
  <span className="visually-hidden">{children}</span>
);
