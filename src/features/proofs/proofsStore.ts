/**
 * The Proofs tab's session state: the signing key once loaded, the last proof made here (so its opening can give
 * inclusion proofs) and the last verification. Outside the app store on purpose: none of it is part of the book (no
 * undo step, no autosave — an opening is never written anywhere but to the file the trader downloads), but it must
 * survive switching tabs, which unmounts the view.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { OpeningFile, ProofFile } from '../../proof/formats.ts';
import type { VerifyReport } from '../../proof/verify.ts';
import type { StoredSigningKey } from './keyStore.ts';

export type KeyState =
  | { readonly status: 'loading' }
  | { readonly status: 'none' }
  | { readonly status: 'ready'; readonly key: StoredSigningKey }
  | { readonly status: 'error'; readonly message: string };

export interface ProofsUiState {
  key: KeyState;
  /** The last proof signed in this session and its opening. */
  lastProof: {
    readonly proof: ProofFile;
    readonly opening: OpeningFile;
    readonly leftOut: number;
    readonly warnings: readonly string[];
  } | null;
  /** An opening file the trader opened for inclusion proofs (its name), else the last proof's. */
  openedOpening: { readonly fileName: string; readonly opening: OpeningFile } | null;
  verifyReport: VerifyReport | null;
  set: (patch: Partial<Omit<ProofsUiState, 'set'>>) => void;
}

export const proofsStore = createStore<ProofsUiState>()((set) => ({
  key: { status: 'loading' },
  lastProof: null,
  openedOpening: null,
  verifyReport: null,
  set: (patch) => set(patch),
}));

export function useProofsStore<T>(selector: (s: ProofsUiState) => T): T {
  return useStore(proofsStore, selector);
}
