/**
 * The WGSL source of the Monte Carlo kernel (what it computes: engine/var/gpuPlan.ts). One module, three entry
 * points:
 * - `base_prices`: one thread per netted option, its Black-76 price at the base market (g = 1) in f32;
 * - `simulate`: one thread per path: the path's draws, growth, full revaluation and P&L, near-boundary flag;
 * - `check_streams`: the generator alone for listed paths (raw outputs, normals, Student-t scale, output count),
 *   so the browser tests can compare the WGSL generator with rng.ts stream for stream.
 * The number of underlyings and the distribution are compiled in (private arrays need a constant size).
 *
 * Numerics (f32): u32 arithmetic wraps modulo 2^32 as Math.imul/>>> do. The polar method's accept test is exact
 * integer arithmetic on the 53-bit draws (squares in 16-bit limbs); log and log1p are computed from a reduced
 * argument with an odd series of atanh (relative error ≈ 2e-7, where WGSL's log only promises an absolute 2^-21
 * near 1); Φ from the erfc approximation of Numerical Recipes §6.2 (relative error < 1.2e-7). Student-t's gamma
 * draw (Marsaglia–Tsang) compares in f32 and flags the path when a comparison is within an error bound of its
 * threshold (REL_X is a bound on the relative error of an f32 normal against the CPU's f64 one).
 */

import { GPU_PATH_XOR } from '../engine/var/gpuPlan.ts';

/** Threads per workgroup of every entry point. */
export const GPU_WORKGROUP_SIZE = 64;
/** Words per path written by `check_streams` before the normals: input path, 8 raw outputs. */
export const CHECK_RAW_OUTPUTS = 8;

/** Words per checked path: path, raw outputs, nUl normals, scale, output count, flag. */
export function checkStride(nUl: number): number {
  return 1 + CHECK_RAW_OUTPUTS + nUl + 3;
}

/** The kernel for books with `nUl` underlyings (≥ 1) and the given distribution. */
export function monteCarloShader(nUl: number, studentT: boolean): string {
  if (!(Number.isInteger(nUl) && nUl >= 1)) throw new Error(`the GPU kernel needs at least one underlying (got ${nUl})`);
  return /* wgsl */ `
const N_UL: u32 = ${nUl}u;
const PATH_XOR: u32 = 0x${GPU_PATH_XOR.toString(16)}u;
const STUDENT_T: bool = ${studentT ? 'true' : 'false'};
const MAX_TRIALS: u32 = 1000u;
const CHECK_RAW: u32 = ${CHECK_RAW_OUTPUTS}u;
const CHECK_STRIDE: u32 = ${checkStride(nUl)}u;
const GROWTH_FLOOR: f32 = 1e-6;
const OPT_CALL: u32 = 1u;
const OPT_EXPIRED: u32 = 2u;
// Bound on the relative error of an f32 normal against the CPU's f64 one (about 6e-7 worst case, ×3).
const REL_X: f32 = 2e-6;
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;

struct Params {
  path_start: u32,
  path_count: u32,
  out_offset: u32,
  n_opt: u32,
  seed0: u32,
  seed1: u32,
  path_hi: u32,
  flag_capacity: u32,
  gamma_d: f32,
  gamma_c: f32,
  t_num: f32,
  pad0: u32,
}

struct Opt {
  f0: f32,
  k: f32,
  lnfk: f32,
  sd: f32,
  w: f32,
  pad0: f32,
  ul: u32,
  flags: u32,
}

struct FlagList {
  count: atomic<u32>,
  pad0: u32,
  entries: array<vec2<u32>>,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> factor: array<f32>;
@group(0) @binding(2) var<storage, read> slope: array<f32>;
@group(0) @binding(3) var<storage, read> opts: array<Opt>;
@group(0) @binding(4) var<storage, read_write> base: array<f32>;
@group(0) @binding(5) var<storage, read_write> pnl: array<f32>;
@group(0) @binding(6) var<storage, read_write> flags: FlagList;
@group(0) @binding(7) var<storage, read_write> check: array<u32>;

// ---- generator: xoshiro128** (rng.ts) ----

struct Rng {
  s0: u32,
  s1: u32,
  s2: u32,
  s3: u32,
  draws: u32,
  has_spare: u32,
  spare: f32,
  flagged: u32,
}

fn fmix32(h: u32) -> u32 {
  var x = h;
  x ^= x >> 16u;
  x *= 0x85ebca6bu;
  x ^= x >> 13u;
  x *= 0xc2b2ae35u;
  x ^= x >> 16u;
  return x;
}

fn next_u32(r: ptr<function, Rng>) -> u32 {
  let s0 = (*r).s0;
  let s1 = (*r).s1;
  let m = s1 * 5u;
  let result = ((m << 7u) | (m >> 25u)) * 9u;
  let t = s1 << 9u;
  var s2 = (*r).s2 ^ s0;
  var s3 = (*r).s3 ^ s1;
  (*r).s1 = s1 ^ s2;
  (*r).s0 = s0 ^ s3;
  s2 ^= t;
  s3 = (s3 << 11u) | (s3 >> 21u);
  (*r).s2 = s2;
  (*r).s3 = s3;
  (*r).draws += 1u;
  return result;
}

fn rng_init(path: u32) -> Rng {
  var r = Rng(P.seed0, P.seed1, fmix32(path ^ PATH_XOR), P.path_hi, 0u, 0u, 0.0, 0u);
  if ((r.s0 | r.s1 | r.s2 | r.s3) == 0u) {
    r.s0 = 1u;
  }
  for (var i = 0u; i < 16u; i++) {
    _ = next_u32(&r);
  }
  r.draws = 0u;
  return r;
}

// A 53-bit uniform draw m (the CPU's double is m / 2^53): hi holds bits 32…52, lo bits 0…31.
fn next_u53(r: ptr<function, Rng>) -> vec2<u32> {
  let a = next_u32(r) >> 5u;
  let b = next_u32(r) >> 6u;
  return vec2<u32>(a >> 6u, (a << 26u) | b);
}

fn u53_unit(m: vec2<u32>) -> f32 {
  return (f32(m.x) * 4294967296.0 + f32(m.y)) * exp2(-53.0);
}

// |m − 2^52| as (hi, lo) and 1 when m ≥ 2^52: the polar method's u = 2m/2^53 − 1 = ±|m − 2^52| / 2^52.
fn centred(m: vec2<u32>) -> vec3<u32> {
  if (m.x >= 0x100000u) {
    return vec3<u32>(m.x - 0x100000u, m.y, 1u);
  }
  let borrow = select(0u, 1u, m.y != 0u);
  return vec3<u32>(0x100000u - m.x - borrow, (~m.y) + 1u, 0u);
}

fn centred_value(c: vec3<u32>) -> f32 {
  let mag = (f32(c.x) * 4294967296.0 + f32(c.y)) * exp2(-52.0);
  return select(-mag, mag, c.z == 1u);
}

// Add w² (w < 2^52 as hi, lo) into 16-bit columns.
fn add_square(cols: ptr<function, array<u32, 8>>, hi: u32, lo: u32) {
  var l = array<u32, 4>(lo & 0xffffu, lo >> 16u, hi & 0xffffu, hi >> 16u);
  for (var i = 0u; i < 4u; i++) {
    for (var j = 0u; j < 4u; j++) {
      let p = l[i] * l[j];
      (*cols)[i + j] += p & 0xffffu;
      (*cols)[i + j + 1u] += p >> 16u;
    }
  }
}

fn carry(cols: ptr<function, array<u32, 8>>) {
  for (var k = 0u; k < 7u; k++) {
    (*cols)[k + 1u] += (*cols)[k] >> 16u;
    (*cols)[k] &= 0xffffu;
  }
}

// Value of 16-bit limbs times 2^-104.
fn limbs_scaled(c: ptr<function, array<u32, 8>>) -> f32 {
  var v = 0.0;
  for (var k = 0u; k < 8u; k++) {
    v += f32((*c)[k]) * exp2(f32(16u * k) - 104.0);
  }
  return v;
}

// ---- accurate log for f32 ----

// ln(1 + f) for |f| ≤ 0.42: 2·atanh(f / (2 + f)) by its odd series.
fn log1p_core(f: f32) -> f32 {
  let s = f / (2.0 + f);
  let s2 = s * s;
  let poly = s2 * (0.6666666666666666 + s2 * (0.4 + s2 * (0.2857142857142857 + s2 * (0.2222222222222222 + s2 * 0.18181818181818182))));
  return 2.0 * s + s * poly;
}

fn log_acc(x: f32) -> f32 {
  let fr = frexp(x);
  var m = fr.fract;
  var e = fr.exp;
  if (m < 0.70710678) {
    m = m * 2.0;
    e = e - 1;
  }
  let ef = f32(e);
  return log1p_core(m - 1.0) + ef * LN2_LO + ef * LN2_HI;
}

// ---- normals (Marsaglia polar, exact accept test) and gamma (Marsaglia–Tsang) ----

fn next_normal(r: ptr<function, Rng>) -> f32 {
  if ((*r).has_spare != 0u) {
    (*r).has_spare = 0u;
    return (*r).spare;
  }
  for (var trial = 0u; trial < MAX_TRIALS; trial++) {
    let cu = centred(next_u53(r));
    let cv = centred(next_u53(r));
    // S = |u|²·2^104 + |v|²·2^104 exactly; s < 1 ⇔ S < 2^104 (limb 6 = 256).
    var c = array<u32, 8>(0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u);
    add_square(&c, cu.x, cu.y);
    add_square(&c, cv.x, cv.y);
    carry(&c);
    let at_least_one = c[7] != 0u || c[6] >= 256u;
    // s = 0 only when both draws are exactly 2^52, as on the CPU (a non-zero square cannot underflow in f64).
    let is_zero = (c[0] | c[1] | c[2] | c[3] | c[4] | c[5] | c[6] | c[7]) == 0u;
    // |S − 2^104| < 2^52: the CPU's f64 rounding of s could decide otherwise.
    var near = false;
    if (at_least_one) {
      near = c[7] == 0u && c[6] == 256u && c[5] == 0u && c[4] == 0u && c[3] < 16u;
    } else {
      // 2^104 − S: limbs 0…5 subtracted from 2^96·256 with a borrow chain.
      var d = array<u32, 8>(0u, 0u, 0u, 0u, 0u, 0u, 0u, 0u);
      var borrow = 0u;
      for (var k = 0u; k < 6u; k++) {
        let sub = c[k] + borrow;
        d[k] = (0x10000u - sub) & 0xffffu;
        borrow = select(0u, 1u, sub != 0u);
      }
      d[6] = 256u - c[6] - borrow;
      near = d[6] == 0u && d[5] == 0u && d[4] == 0u && d[3] < 16u;
      if (!is_zero) {
        let s = limbs_scaled(&c);
        let one_minus = limbs_scaled(&d);
        var ls: f32;
        if (s > 0.75) {
          ls = log1p_core(-one_minus);
        } else {
          ls = log_acc(s);
        }
        let f = sqrt(-2.0 * ls / s);
        if (near) {
          (*r).flagged = 1u;
        }
        (*r).spare = centred_value(cv) * f;
        (*r).has_spare = 1u;
        return centred_value(cu) * f;
      }
    }
    if (near) {
      (*r).flagged = 1u;
    }
  }
  (*r).flagged = 1u;
  return 0.0;
}

fn next_gamma(r: ptr<function, Rng>) -> f32 {
  let d = P.gamma_d;
  let c = P.gamma_c;
  for (var trial = 0u; trial < MAX_TRIALS; trial++) {
    let x = next_normal(r);
    let cx = c * x;
    let v1 = 1.0 + cx;
    let e1 = abs(cx) * REL_X + 2e-7;
    if (abs(v1) <= 4.0 * e1) {
      (*r).flagged = 1u;
    }
    if (v1 <= 0.0) {
      continue;
    }
    let v = v1 * v1 * v1;
    let u = u53_unit(next_u53(r));
    let x2 = x * x;
    let x4t = 0.0331 * x2 * x2;
    let t1 = 1.0 - x4t;
    if (abs(u - t1) <= 4.0 * (x4t * 4.0 * REL_X + 3e-7)) {
      (*r).flagged = 1u;
    }
    if (u < t1) {
      return d * v;
    }
    if (u > 0.0) {
      let lv = log_acc(v);
      let lu = log_acc(u);
      let rhs = 0.5 * x2 + d * (1.0 - v + lv);
      let rel_v = 3.0 * e1 / v1;
      let err = x2 * REL_X + d * (v * rel_v + rel_v + 4e-7 * (1.0 + v + abs(lv))) + 4e-7 * (1.0 + abs(lu) + abs(rhs));
      if (abs(lu - rhs) <= 4.0 * err) {
        (*r).flagged = 1u;
      }
      if (lu < rhs) {
        return d * v;
      }
    }
  }
  (*r).flagged = 1u;
  return 1.0;
}

// The path's standard normals into z and its Student-t scale (1 for normal): drawPathGrowth's draws.
fn draw_path(path: u32, z: ptr<function, array<f32, N_UL>>, r: ptr<function, Rng>) -> f32 {
  *r = rng_init(path);
  for (var j = 0u; j < N_UL; j++) {
    (*z)[j] = next_normal(r);
  }
  var scale = 1.0;
  if (STUDENT_T) {
    let chi2 = 2.0 * next_gamma(r);
    scale = sqrt(P.t_num / chi2);
  }
  return scale;
}

// ---- valuation ----

// Φ(x) = erfc(−x/√2)/2, erfc by Numerical Recipes' erfcc (relative error < 1.2e-7).
fn ncdf(x: f32) -> f32 {
  let y = -x * 0.70710678118654752;
  let z = abs(y);
  let t = 1.0 / (1.0 + 0.5 * z);
  let p = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  let ans = t * exp(p);
  let erfc_y = select(2.0 - ans, ans, y >= 0.0);
  return 0.5 * erfc_y;
}

fn option_price(o: Opt, g: f32, lng: f32) -> f32 {
  let F = o.f0 * g;
  let call = (o.flags & OPT_CALL) != 0u;
  if ((o.flags & OPT_EXPIRED) != 0u) {
    return select(max(o.k - F, 0.0), max(F - o.k, 0.0), call);
  }
  let d1 = (o.lnfk + lng) / o.sd + 0.5 * o.sd;
  if (call) {
    return F * ncdf(d1) - o.k * ncdf(d1 - o.sd);
  }
  return o.k * ncdf(o.sd - d1) - F * ncdf(-d1);
}

@compute @workgroup_size(${GPU_WORKGROUP_SIZE})
fn base_prices(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.n_opt) {
    return;
  }
  base[gid.x] = option_price(opts[gid.x], 1.0, 0.0);
}

@compute @workgroup_size(${GPU_WORKGROUP_SIZE})
fn simulate(@builtin(global_invocation_id) gid: vec3<u32>) {
  let local = gid.x;
  if (local >= P.path_count) {
    return;
  }
  let path = P.path_start + local;
  var r: Rng;
  var z: array<f32, N_UL>;
  let scale = draw_path(path, &z, &r);
  var G: array<f32, N_UL>;
  var LNG: array<f32, N_UL>;
  var acc = 0.0;
  for (var i = 0u; i < N_UL; i++) {
    var x = 0.0;
    for (var j = 0u; j <= i; j++) {
      x += factor[i * N_UL + j] * z[j];
    }
    var gm1 = scale * x;
    var g = 1.0 + gm1;
    if (!(g > GROWTH_FLOOR)) {
      g = GROWTH_FLOOR;
      gm1 = GROWTH_FLOOR - 1.0;
    }
    G[i] = g;
    if (abs(gm1) <= 0.25) {
      LNG[i] = log1p_core(gm1);
    } else {
      LNG[i] = log_acc(g);
    }
    acc += slope[i] * gm1;
  }
  for (var i = 0u; i < P.n_opt; i++) {
    let o = opts[i];
    acc += o.w * (option_price(o, G[o.ul], LNG[o.ul]) - base[i]);
  }
  pnl[P.out_offset + local] = acc;
  if (r.flagged != 0u) {
    let slot = atomicAdd(&flags.count, 1u);
    if (slot < P.flag_capacity) {
      flags.entries[slot] = vec2<u32>(path, r.draws);
    }
  }
}

@compute @workgroup_size(${GPU_WORKGROUP_SIZE})
fn check_streams(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.path_count) {
    return;
  }
  let o = gid.x * CHECK_STRIDE;
  let path = check[o];
  var raw = rng_init(path);
  for (var i = 0u; i < CHECK_RAW; i++) {
    check[o + 1u + i] = next_u32(&raw);
  }
  var r: Rng;
  var z: array<f32, N_UL>;
  let scale = draw_path(path, &z, &r);
  for (var j = 0u; j < N_UL; j++) {
    check[o + 1u + CHECK_RAW + j] = bitcast<u32>(z[j]);
  }
  check[o + 1u + CHECK_RAW + N_UL] = bitcast<u32>(scale);
  check[o + 2u + CHECK_RAW + N_UL] = r.draws;
  check[o + 3u + CHECK_RAW + N_UL] = r.flagged;
}
`;
}
