/** A Monte Carlo pool worker (varPool.ts): the chunk API, path P&Ls transferred rather than copied. */
import { expose, transfer } from 'comlink';
import { createVarChunkApi } from './api/varApi.ts';

const api = createVarChunkApi();

expose({
  load: api.load,
  runChunk(taskId: number, start: number, count: number): Float64Array {
    const pnl = api.runChunk(taskId, start, count);
    return transfer(pnl, [pnl.buffer]);
  },
});
