/**
 * Monte Carlo P&L on WebGPU (browser only): uploads a book encoded by engine/var/gpuPlan.ts, runs the kernel of
 * mcShader.ts over the paths in chunks (progress and cancel between chunks; each chunk sized to take about
 * CHUNK_TARGET_MS so that a slow adapter stays responsive and a fast one is not starved by round trips), and reads
 * back one f32 P&L per path and the list of flagged paths. The tail, the histogram and the components are computed
 * on the CPU from what is read back (engine/var/gpuFinish.ts).
 *
 * One device per worker, opened on first use; pipelines are compiled once per (underlyings, distribution).
 */
import { GPU_OPTION_WORDS, type GpuMonteCarloInput } from '../engine/var/gpuPlan.ts';
import { CHECK_RAW_OUTPUTS, GPU_WORKGROUP_SIZE, checkStride, monteCarloShader } from './mcShader.ts';

/** What the page says about the adapter that ran. */
export interface GpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  /** A software (fallback) adapter, e.g. SwiftShader. */
  readonly fallback: boolean;
  /** Short name for the panel, e.g. "google swiftshader (software)". */
  readonly label: string;
}

/** P&L of every path of one book as the GPU computed them. */
export interface GpuRunOutput {
  /** P&L per path (USD, f32), path order. */
  readonly pnl: Float32Array;
  /** Flagged paths as (path, generator outputs used) pairs. */
  readonly flagged: Uint32Array;
  /** More paths were flagged than the list holds (the run cannot be repaired and is rejected by the finisher). */
  readonly flagOverflow: boolean;
  readonly chunks: number;
  /** Time from the first dispatch to the read-back, ms. */
  readonly gpuMs: number;
  /** Time spent compiling the kernel for this run (0 when it was compiled before), ms. */
  readonly compileMs: number;
}

export interface GpuRunHooks {
  /** After every chunk: paths done of this book. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled between chunks; a true answer stops the run with GpuCancelledError. */
  readonly cancelled?: () => boolean;
}

export class GpuCancelledError extends Error {
  override name = 'AbortError';
  constructor() {
    super('GPU run cancelled');
  }
}

/** WebGPU's buffer usage and map mode flags (fixed by the specification; TypeScript's DOM lib has only the types). */
const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const MAP_READ_MODE = 0x1;

/** Most flagged paths one run can list (8 bytes each). */
export const FLAG_CAPACITY = 1 << 16;
const PARAMS_BYTES = 48;
const CHUNK_TARGET_MS = 100;
const FIRST_CHUNK_PATHS = 2048;
const MAX_CHUNK_PATHS = 1 << 20;

interface Pipelines {
  readonly base: GPUComputePipeline;
  readonly simulate: GPUComputePipeline;
  readonly check: GPUComputePipeline;
}

function summarize(info: GPUAdapterInfo, fallback: boolean): GpuAdapterSummary {
  const vendor = info.vendor || 'unknown vendor';
  const architecture = info.architecture || '';
  const name = [vendor, architecture].filter(Boolean).join(' ');
  return {
    vendor,
    architecture,
    description: info.description || '',
    fallback,
    label: fallback ? `${name} (software)` : name,
  };
}

function paramsWords(
  input: Pick<GpuMonteCarloInput, 'nOpt' | 'seedWord0' | 'seedWord1' | 'pathHiWord' | 'gammaD' | 'gammaC' | 'dof'>,
  pathStart: number,
  pathCount: number,
  outOffset: number,
): ArrayBuffer {
  const buf = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u[0] = pathStart >>> 0;
  u[1] = pathCount >>> 0;
  u[2] = outOffset >>> 0;
  u[3] = input.nOpt >>> 0;
  u[4] = input.seedWord0 >>> 0;
  u[5] = input.seedWord1 >>> 0;
  u[6] = input.pathHiWord >>> 0;
  u[7] = FLAG_CAPACITY;
  f[8] = input.gammaD;
  f[9] = input.gammaC;
  f[10] = input.dof > 0 ? input.dof - 2 : 0;
  u[11] = 0;
  return buf;
}

const groups = (n: number) => Math.ceil(n / GPU_WORKGROUP_SIZE);

/** A WebGPU device with the Monte Carlo pipelines. */
export class GpuMonteCarloDevice {
  private readonly pipelines = new Map<string, Promise<Pipelines>>();
  private isLost = false;

  private constructor(
    private readonly device: GPUDevice,
    readonly adapter: GpuAdapterSummary,
  ) {
    void device.lost.then(() => {
      this.isLost = true;
    });
  }

  /** Open the default adapter's device; null when the browser offers no WebGPU adapter. */
  static async open(gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu): Promise<GpuMonteCarloDevice | null> {
    if (!gpu) return null;
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const device = await adapter.requestDevice();
    const fallback = (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    return new GpuMonteCarloDevice(device, summarize(adapter.info, fallback));
  }

  get lost(): boolean {
    return this.isLost;
  }

  destroy(): void {
    this.device.destroy();
  }

  private pipelinesFor(nUl: number, studentT: boolean): Promise<Pipelines> {
    const key = `${nUl}|${studentT ? 't' : 'n'}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.compile(nUl, studentT);
      p.catch(() => this.pipelines.delete(key));
      this.pipelines.set(key, p);
    }
    return p;
  }

  private async compile(nUl: number, studentT: boolean): Promise<Pipelines> {
    const module = this.device.createShaderModule({ label: `monte-carlo-${nUl}`, code: monteCarloShader(nUl, studentT) });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0)
      throw new Error(`the Monte Carlo kernel did not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    const make = (entryPoint: string) => this.device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } });
    const [base, simulate, check] = await Promise.all([make('base_prices'), make('simulate'), make('check_streams')]);
    return { base, simulate, check };
  }

  private buffer(size: number, usage: number, data?: ArrayBuffer | ArrayBufferView): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    if (data) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (bytes.byteLength > 0) this.device.queue.writeBuffer(b, 0, bytes);
    }
    return b;
  }

  private async readBack(src: GPUBuffer, size: number): Promise<ArrayBuffer> {
    const staging = this.device.createBuffer({ size, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(src, 0, staging, 0, size);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(MAP_READ_MODE);
    const out = staging.getMappedRange().slice(0);
    staging.unmap();
    staging.destroy();
    return out;
  }

  private checkDevice(): void {
    if (this.isLost) throw new Error('the WebGPU device was lost');
  }

  /** P&L of every path of one book. */
  async run(input: GpuMonteCarloInput, hooks: GpuRunHooks = {}): Promise<GpuRunOutput> {
    this.checkDevice();
    const c0 = performance.now();
    const pipes = await this.pipelinesFor(input.nUl, input.studentT);
    const compileMs = performance.now() - c0;
    const S = USAGE.STORAGE;
    const D = USAGE.COPY_DST;
    const C = USAGE.COPY_SRC;
    const params = this.buffer(PARAMS_BYTES, USAGE.UNIFORM | D);
    const factor = this.buffer(input.factor.byteLength, S | D, input.factor);
    const slope = this.buffer(input.slope.byteLength, S | D, input.slope);
    const opts = this.buffer(Math.max(input.options.byteLength, GPU_OPTION_WORDS * 4), S | D, input.options);
    const base = this.buffer(Math.max(input.nOpt, 1) * 4, S);
    const pnl = this.buffer(input.paths * 4, S | C);
    const flagBytes = 8 + FLAG_CAPACITY * 8;
    const flags = this.buffer(flagBytes, S | C | D, new Uint32Array(2));
    const all = [params, factor, slope, opts, base, pnl, flags];
    try {
      const entries = (p: GPUComputePipeline, bindings: readonly [number, GPUBuffer][]) =>
        this.device.createBindGroup({
          layout: p.getBindGroupLayout(0),
          entries: bindings.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
        });
      const baseGroup = entries(pipes.base, [
        [0, params],
        [3, opts],
        [4, base],
      ]);
      const simGroup = entries(pipes.simulate, [
        [0, params],
        [1, factor],
        [2, slope],
        [3, opts],
        [4, base],
        [5, pnl],
        [6, flags],
      ]);
      const t0 = performance.now();
      if (input.nOpt > 0) {
        this.device.queue.writeBuffer(params, 0, paramsWords(input, 0, 0, 0));
        const enc = this.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipes.base);
        pass.setBindGroup(0, baseGroup);
        pass.dispatchWorkgroups(groups(input.nOpt));
        pass.end();
        this.device.queue.submit([enc.finish()]);
      }
      let done = 0;
      let chunk = FIRST_CHUNK_PATHS;
      let chunks = 0;
      while (done < input.paths) {
        if (hooks.cancelled?.()) throw new GpuCancelledError();
        this.checkDevice();
        const count = Math.min(chunk, input.paths - done);
        this.device.queue.writeBuffer(params, 0, paramsWords(input, done, count, done));
        const enc = this.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pipes.simulate);
        pass.setBindGroup(0, simGroup);
        pass.dispatchWorkgroups(groups(count));
        pass.end();
        const c0 = performance.now();
        this.device.queue.submit([enc.finish()]);
        await this.device.queue.onSubmittedWorkDone();
        const ms = performance.now() - c0;
        done += count;
        chunks += 1;
        hooks.onProgress?.(done, input.paths);
        // Next chunk sized for about CHUNK_TARGET_MS (bounded growth, whole workgroups).
        const scaled = ms > 0 ? (count * CHUNK_TARGET_MS) / ms : count * 4;
        const next = Math.min(MAX_CHUNK_PATHS, Math.max(GPU_WORKGROUP_SIZE, Math.min(count * 4, scaled)));
        chunk = Math.max(GPU_WORKGROUP_SIZE, Math.floor(next / GPU_WORKGROUP_SIZE) * GPU_WORKGROUP_SIZE);
      }
      this.checkDevice();
      const [pnlBytes, flagWords] = await Promise.all([this.readBack(pnl, input.paths * 4), this.readBack(flags, flagBytes)]);
      const fw = new Uint32Array(flagWords);
      const count = fw[0]!;
      const listed = Math.min(count, FLAG_CAPACITY);
      return {
        pnl: new Float32Array(pnlBytes),
        flagged: fw.slice(2, 2 + 2 * listed),
        flagOverflow: count > FLAG_CAPACITY,
        chunks,
        gpuMs: performance.now() - t0,
        compileMs,
      };
    } finally {
      for (const b of all) b.destroy();
    }
  }

  /**
   * The generator alone for `paths` under the input's seed: per path the first CHECK_RAW_OUTPUTS raw outputs after
   * seeding, the path's normals (f32 bits), its Student-t scale (f32 bits), the outputs it used and its flag.
   * @returns checkStride(nUl) words per path, the first being the path index
   */
  async checkStreams(input: GpuMonteCarloInput, paths: readonly number[]): Promise<Uint32Array> {
    this.checkDevice();
    const pipes = await this.pipelinesFor(input.nUl, input.studentT);
    const stride = checkStride(input.nUl);
    const words = new Uint32Array(Math.max(1, paths.length) * stride);
    paths.forEach((p, i) => {
      words[i * stride] = p >>> 0;
    });
    const params = this.buffer(PARAMS_BYTES, USAGE.UNIFORM | USAGE.COPY_DST, paramsWords(input, 0, paths.length, 0));
    const check = this.buffer(words.byteLength, USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST, words);
    try {
      const group = this.device.createBindGroup({
        layout: pipes.check.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: params } },
          { binding: 7, resource: { buffer: check } },
        ],
      });
      const enc = this.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipes.check);
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(groups(paths.length));
      pass.end();
      this.device.queue.submit([enc.finish()]);
      return new Uint32Array(await this.readBack(check, words.byteLength));
    } finally {
      params.destroy();
      check.destroy();
    }
  }
}

export { CHECK_RAW_OUTPUTS, checkStride };
