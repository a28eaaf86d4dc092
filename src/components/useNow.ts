import { useEffect, useState } from 'react';
import { nowMs } from '../lib/clock.ts';

/** The wall clock (epoch ms), re-read every `everyMs` (default one minute) so ages shown on the page stay true. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(nowMs);
  useEffect(() => {
    const id = setInterval(() => setNow(nowMs()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
