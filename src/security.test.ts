/**
 * Security invariants of the source tree (issue 8): no raw HTML from data ever reaches the DOM. React escapes text,
 * so the only ways in are dangerouslySetInnerHTML, innerHTML/outerHTML/insertAdjacentHTML and document.write —
 * none may appear in the app's code. Imported file content is rendered as text only.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('no HTML injection sinks in the app', () => {
  const files = sources(root);
  it('scans the whole source tree', () => expect(files.length).toBeGreaterThan(50));
  it.each([
    ['dangerouslySetInnerHTML'],
    ['.innerHTML'],
    ['.outerHTML'],
    ['insertAdjacentHTML'],
    ['document.write'],
    ['eval('],
    ['new Function('],
  ])('no %s', (sink) => {
    const hits = files.filter((f) => readFileSync(f, 'utf8').includes(sink));
    expect(hits).toEqual([]);
  });
});
