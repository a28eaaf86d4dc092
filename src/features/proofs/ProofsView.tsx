import { InclusionCard } from './InclusionCard.tsx';
import { KeyCard } from './KeyCard.tsx';
import { MakeProofCard } from './MakeProofCard.tsx';
import { ShareCard } from './ShareCard.tsx';
import { VerifyCard } from './VerifyCard.tsx';
import '../margin/analysis.css';
import './proofs.css';

/**
 * Proofs & share tab: make a signed portfolio-margin proof of the book (a commitment to every position, the margin
 * figures and the claim equity ≥ MM), hand out inclusion proofs of single positions, verify proof files, and share the
 * book privately by an encrypted link. Everything runs in this page: nothing is sent anywhere.
 */
export function ProofsView() {
  return (
    <div className="an-view pf-view" data-testid="proofs-view">
      <div className="an-head">
        <div>
          <div className="an-title">Portfolio-margin proofs &amp; private sharing</div>
          <div className="an-sub">
            A proof shows a counterparty that the book met its Deribit portfolio margin at a valuation time without showing the book: a
            Merkle root commits to every position, the figures and the claim are signed with your key, and the opening you keep can later
            reveal the whole book or prove one position was in it. The signature proves who asserted the figures; re-deriving them needs the
            opening.
          </div>
        </div>
      </div>
      <div className="pf-grid">
        <div className="pf-col">
          <MakeProofCard />
          <InclusionCard />
        </div>
        <div className="pf-col">
          <KeyCard />
          <VerifyCard />
        </div>
      </div>
      <ShareCard />
    </div>
  );
}
