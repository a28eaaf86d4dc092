/**
 * Share links open on arrival: at start-up (called once the saved session or the sample has been restored, so loading
 * the shared book is one undoable step over it) and whenever the fragment changes to a share (a link pasted into an
 * open tab). The dialog's code loads only when a link is there.
 */
export function watchShareLinks(): void {
  const check = () => {
    if (!location.hash.startsWith('#share=')) return;
    const fragment = location.hash;
    void import('./openSharedBook.ts').then((m) => m.openSharedBook({ kind: 'link', fragment }));
  };
  check();
  window.addEventListener('hashchange', check);
}
