/** The GPU Monte Carlo worker (gpu/gpuBackend.ts): the WebGPU API, path P&Ls transferred rather than copied. */
import { expose, transfer } from 'comlink';
import { createGpuApi, type GpuBookInput, type GpuProgressFn } from '../gpu/gpuWorkerApi.ts';

const api = createGpuApi();

expose({
  probe: api.probe,
  cancel: api.cancel,
  checkStreams: api.checkStreams,
  async run(taskId: number, books: readonly GpuBookInput[], onProgress?: GpuProgressFn) {
    const out = await api.run(taskId, books, onProgress);
    return transfer(
      out,
      out.flatMap((o) => [o.pnl.buffer as ArrayBuffer, o.flagged.buffer as ArrayBuffer]),
    );
  },
});
