/** Mount the shared-book dialog in its own React root (one at a time; a new source replaces the open one). */
import { createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Sealed } from '../../proof/share.ts';
import { SharedBookDialog } from './SharedBookDialog.tsx';

export type ShareSource =
  { readonly kind: 'link'; readonly fragment: string } | { readonly kind: 'file'; readonly sealed: Sealed; readonly fileName: string };

let root: Root | null = null;
let opened = 0;

export function openSharedBook(source: ShareSource): void {
  if (!root) {
    const host = document.createElement('div');
    host.className = 'pf-dialog-host';
    document.body.appendChild(host);
    root = createRoot(host);
  }
  opened += 1;
  const r = root;
  r.render(createElement(SharedBookDialog, { key: opened, source, onClose: () => r.render(null) }));
}
