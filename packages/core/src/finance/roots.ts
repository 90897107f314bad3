// The root finder behind xirr and irr. Everything here works on doubles: a rate is not money.
//
// The value of flows a_i at times t_i (years, or periods for irr) at the rate r is
//
//   f(r) = Σ a_i (1 + r)^(−t_i),   r > −1.
//
// Put x = ln(1 + r): f = Σ a_i e^(−x·t_i), defined for every real x, with r = e^x − 1 (`Math.expm1`).
// Rates above 0 are x > 0, rates between −100 % and 0 are x < 0, and r = 0 is x = 0, where f is simply the
// sum of the flows. Each half-line is solved on its own, always as
//
//   g(y) = Σ a_i e^(−y·u_i),   y > 0,   u_0 = 0 ≤ u_1 ≤ … (ascending),
//
// for x > 0 with y = x and u_i = t_i − t_first, for x < 0 with y = −x and u_i = t_last − t_i (the flows
// read backwards, which is f multiplied by the positive e^(x·t_last)). Every exponent is ≤ 0, so no term
// overflows, however extreme the rate: a term can only fade to 0, and g tends to a_0 as y grows.
//
// How many roots a half-line can hold is known before evaluating anything. With whole-day (or whole-period)
// times, f is a polynomial in v = e^(−x/365); dividing by (1 − v) turns its coefficients into the cumulative
// sums of the flows, and Descartes' rule of signs (which holds for power series on (0, 1)) bounds the roots
// in 0 < v < 1, that is x > 0, by the sign changes of the cumulative sums A_k = a_0 + … + a_k. The flows
// read backwards give the bound for x < 0 (Norstrøm's criterion is the case of one change). Together with
// the sign of g at y → 0 (the sum of the flows) and at y → ∞ (the sign of a_0), this settles the usual case
// without any search: a bound of 1, or of 2 with different end signs, means exactly one root or none.
//
// Otherwise the half-line is scanned on a grid of y (steps of 0.02 up to 1, then growing by 6 % a step, up
// to y = ln(1 + 10^7) for rates above 0 and y = −ln(10^−9) below), each sign change giving a bracket. The
// same bound also holds beyond any point of the scan: g(y + z) = Σ (a_i e^(−y·u_i)) e^(−z·u_i) is a sum
// of the same kind, so the running sums of the discounted terms, counted during the evaluation at y, bound
// the roots in (y, ∞). The scan stops as soon as that bound and the end signs leave room for no root it
// could miss (usually a few points past the last root). A pair of roots closer together than a grid step
// shows no sign change; where the bound leaves room for such a pair, each local minimum of |g| on the grid
// is searched (golden section) for a dip through zero. Past the grid, a sign still different from the
// limit's means one more root further out, bracketed by doubling y.
//
// Each bracket is solved by safeguarded Newton (Newton steps that stay inside the bracket and shrink it fast
// enough, bisection otherwise), evaluating g and g' in one pass over the flows; y converges to within a
// few units in the last place of the double, which is far beyond what any spreadsheet reports.

/** Where the root search stops: `expm1(y)` stays finite up to ln(Number.MAX_VALUE) ≈ 709.78. */
const Y_MAX_ABOVE = Math.log(Number.MAX_VALUE)
/** `expm1(−y)` stays above −1 (as a double) up to about y = 36.7; further down a rate is −100 % exactly. */
const Y_MAX_BELOW = -Math.log(Number.EPSILON / 2)
/** The grid covers rates up to 10^7 (1,000,000,000 %) and down to −1 + 10^−9. */
const GRID_MAX_ABOVE = Math.log1p(1e7)
const GRID_MAX_BELOW = -Math.log(1e-9)

/** Grid points in y: 0.02, 0.04, …, 1, then ×1.06 a step, past both GRID_MAX values. */
const GRID: Float64Array = (() => {
  const points: number[] = []
  for (let k = 1; k <= 50; k++) points.push(k / 50)
  for (let y = 1; y < GRID_MAX_BELOW; ) {
    y *= 1.06
    points.push(y)
  }
  return Float64Array.from(points)
})()

/**
 * The last evaluation: g, g', Σ|a_i e^(−y·u_i)| (the size rounding errors scale with) and, from
 * {@link evaluateTail}, the bound on the roots beyond y.
 */
const last = new Float64Array(4)

/** Evaluates g (and g', Σ|terms|) at y ≥ 0 into `last`. Terms past the first one to underflow are all 0. */
const evaluate = (u: Float64Array, a: Float64Array, n: number, y: number): void => {
  let g = 0
  let d = 0
  let size = 0
  for (let i = 0; i < n; i++) {
    const e = Math.exp(-y * u[i]!)
    if (e === 0) break
    const term = a[i]! * e
    g += term
    d -= u[i]! * term
    size += Math.abs(term)
  }
  last[0] = g
  last[1] = d
  last[2] = size
}

const sign = (value: number): number => (value > 0 ? 1 : value < 0 ? -1 : 0)

/**
 * Upper bound on the roots of Σ b_i e^(−z·u_i) in z > 0, for terms `b` in order of u: the sign changes of
 * the running sums b_0, b_0 + b_1, … A running sum within rounding of zero (below (k + 2)·ε times the sum
 * of the magnitudes so far) could have either sign, so it counts as two changes.
 */
const countChanges = (b: number, state: Float64Array): void => {
  // state: [running sum, running Σ|b|, terms so far, sign of the last sum that had one, changes]
  const sum = state[0]! + b
  const size = state[1]! + Math.abs(b)
  const k = state[2]! + 1
  state[0] = sum
  state[1] = size
  state[2] = k
  if (Math.abs(sum) <= (k + 2) * Number.EPSILON * size) {
    state[4]! += 2
    return
  }
  const s = sum > 0 ? 1 : -1
  if (state[3] !== 0 && s !== state[3]) state[4]! += 1
  state[3] = s
}

const changes = new Float64Array(5)

/** {@link countChanges} over `a` itself (`step` 1 reads it forwards, −1 backwards): the bound at y = 0. */
const rootBound = (a: Float64Array, n: number, step: 1 | -1): number => {
  changes.fill(0)
  for (let k = 0, i = step === 1 ? 0 : n - 1; k < n; k++, i += step) countChanges(a[i]!, changes)
  return changes[4]!
}

/**
 * Evaluates g and Σ|terms| at y like {@link evaluate}, and also bounds the roots beyond y: g(y + z) is the
 * same kind of sum with amounts a_i e^(−y·u_i), so the sign changes of its running sums bound the roots in
 * (y, ∞). As y grows, discounting silences the later flows and the bound falls, which ends the scan early.
 */
const evaluateTail = (u: Float64Array, a: Float64Array, n: number, y: number): void => {
  changes.fill(0)
  let g = 0
  let size = 0
  for (let i = 0; i < n; i++) {
    const e = Math.exp(-y * u[i]!)
    if (e === 0) break
    const term = a[i]! * e
    g += term
    size += Math.abs(term)
    countChanges(term, changes)
  }
  last[0] = g
  last[2] = size
  last[3] = changes[4]!
}

/**
 * Safeguarded Newton on [lo, hi], where g changes sign: `signLo` is the sign of g at lo, `gLo` its value
 * there (NaN when only the sign is known), `gHi` the value at hi.
 */
const refine = (
  u: Float64Array,
  a: Float64Array,
  n: number,
  lo: number,
  signLo: number,
  gLo: number,
  hi: number,
  gHi: number
): number => {
  // g(below) < 0 < g(above), whichever end each is.
  let below = signLo < 0 ? lo : hi
  let above = signLo < 0 ? hi : lo
  let y = Number.isFinite(gLo) && gLo !== gHi ? lo + ((hi - lo) * gLo) / (gLo - gHi) : 0.5 * (lo + hi)
  if (!(y > lo && y < hi)) y = 0.5 * (lo + hi)
  let step = hi - lo
  let previousStep = step
  evaluate(u, a, n, y)
  for (let iteration = 0; iteration < 300; iteration++) {
    const g = last[0]!
    const d = last[1]!
    if (g === 0 || Math.abs(g) <= Number.EPSILON * last[2]!) return y
    if (g < 0) below = y
    else above = y
    const leaves = ((y - above) * d - g) * ((y - below) * d - g) >= 0
    if (leaves || Math.abs(2 * g) > Math.abs(previousStep * d)) {
      previousStep = step
      step = 0.5 * (above - below)
      const next = below + step
      if (next === below || next === above) return next
      y = next
    } else {
      previousStep = step
      step = g / d
      const next = y - step
      if (next === y) return y
      y = next
    }
    if (Math.abs(step) <= 1e-15 * Math.max(1, y)) return y
    evaluate(u, a, n, y)
  }
  return y
}

/** Golden-section search for the minimum of s·g on [lo, hi]; returns its y and leaves g there in `last`. */
const dip = (u: Float64Array, a: Float64Array, n: number, s: number, lo: number, hi: number): number => {
  const ratio = (Math.sqrt(5) - 1) / 2
  let p = hi - ratio * (hi - lo)
  let q = lo + ratio * (hi - lo)
  evaluate(u, a, n, p)
  let gp = s * last[0]!
  evaluate(u, a, n, q)
  let gq = s * last[0]!
  for (let iteration = 0; iteration < 40 && gp >= 0 && gq >= 0; iteration++) {
    if (gp < gq) {
      hi = q
      q = p
      gq = gp
      p = hi - ratio * (hi - lo)
      evaluate(u, a, n, p)
      gp = s * last[0]!
    } else {
      lo = p
      p = q
      gp = gq
      q = lo + ratio * (hi - lo)
      evaluate(u, a, n, q)
      gq = s * last[0]!
    }
  }
  const y = gp < gq ? p : q
  evaluate(u, a, n, y)
  return y
}

/** The roots of one half-line, as y values, and whether one lies beyond what a double rate can hold. */
interface HalfLine {
  readonly roots: number[]
  beyond: boolean
}

/**
 * Finds the roots of g in (0, yMax]: `bound` from {@link rootBound}, `signAtZero` the sign of g as y → 0+,
 * `gAtZero` its value at 0 (NaN when 0 is itself a root), `start` where to look first (the guess).
 */
const solveHalfLine = (
  u: Float64Array,
  a: Float64Array,
  n: number,
  bound: number,
  signAtZero: number,
  gAtZero: number,
  start: number,
  gridMax: number,
  yMax: number
): HalfLine => {
  const result: HalfLine = { roots: [], beyond: false }
  const limit = sign(a[0]!)
  let y0 = 0
  let g0 = gAtZero
  let s0 = signAtZero
  /** At most this many roots beyond y0. */
  let tail = bound
  // The scanned points, with the bound beyond each, for the search of roots in pairs.
  const ys: number[] = []
  const gs: number[] = []
  const tails: number[] = []
  if (Number.isFinite(gAtZero)) {
    ys.push(0)
    gs.push(gAtZero)
    tails.push(bound)
  }

  /** Exactly one more root lies beyond y0: bracket it by stepping out from `start`, doubling. */
  const expand = (): void => {
    let lo = y0
    let gLo = g0
    let hi = start > lo ? start : lo === 0 ? 0.1 : 2 * lo
    for (;;) {
      if (hi > yMax) hi = yMax
      evaluate(u, a, n, hi)
      const gHi = last[0]!
      if (gHi === 0) {
        result.roots.push(hi)
        return
      }
      if (sign(gHi) !== s0) {
        result.roots.push(refine(u, a, n, lo, s0, gLo, hi, gHi))
        return
      }
      if (hi >= yMax) {
        result.beyond = true
        return
      }
      lo = hi
      gLo = gHi
      hi = 2 * hi + 0.1
    }
  }

  // Scan outwards while the bound beyond the last point leaves room for roots the end signs cannot settle:
  // the same sign as the limit with at most one root to go means none; a different sign with at most two
  // means exactly one, found by expand().
  for (let k = 0; ; k++) {
    if (s0 === limit && tail <= 1) break
    if (s0 !== limit && tail <= 2) {
      expand()
      break
    }
    const y = GRID[k]
    if (y === undefined || y > gridMax) {
      if (s0 !== limit) expand()
      break
    }
    evaluateTail(u, a, n, y)
    const g = last[0]!
    tail = last[3]!
    ys.push(y)
    gs.push(g)
    tails.push(tail)
    if (g === 0) {
      result.roots.push(y)
      evaluate(u, a, n, y * (1 + 1e-9))
      s0 = sign(last[0]!) || s0
    } else if (sign(g) !== s0) {
      result.roots.push(refine(u, a, n, y0, s0, g0, y, g))
      s0 = sign(g)
    }
    y0 = y
    g0 = g
  }

  // Two roots closer together than a grid step show no sign change. Where the bound beyond a point leaves
  // room for such a pair, look into each local minimum of |g| there for a dip through zero.
  for (let k = 1; k + 1 < ys.length; k++) {
    const lo = ys[k - 1]!
    const beyond = result.roots.reduce((count, root) => (root > lo ? count + 1 : count), 0)
    if (tails[k - 1]! - beyond < 2) continue
    const g = gs[k]!
    const before = gs[k - 1]!
    const after = gs[k + 1]!
    const s = sign(g)
    if (sign(before) !== s || sign(after) !== s) continue
    if (!(Math.abs(g) < Math.abs(before) && Math.abs(g) < Math.abs(after))) continue
    const hi = ys[k + 1]!
    const y = dip(u, a, n, s, lo, hi)
    const gy = last[0]!
    if (sign(gy) === -s) {
      result.roots.push(refine(u, a, n, lo, s, before, y, gy), refine(u, a, n, y, -s, gy, hi, after))
    } else if (Math.abs(gy) <= 8 * Number.EPSILON * last[2]!) {
      // g touches zero without crossing it: a double root.
      result.roots.push(y)
    }
  }
  return result
}

/** What the search found: every root as a rate, and whether a root lies beyond the range of doubles. */
export interface RateRoots {
  /** Roots as rates, ascending, each once. */
  readonly rates: number[]
  /** A root above about 1.8e308 (too large for a double) exists. */
  readonly aboveRange: boolean
  /** A root within about 1e-16 of −100 % (indistinguishable from −1 as a double) exists. */
  readonly belowRange: boolean
}

/**
 * All rates r > −1 at which Σ a_i (1 + r)^(−t_i) = 0, for `t` ascending (years or periods, any origin) and
 * `a` the amounts at those times, none of them zero. `guess` only decides where the search looks first.
 */
export const findRates = (t: Float64Array, a: Float64Array, guess: number): RateRoots => {
  const n = a.length
  const rates: number[] = []
  if (n === 0) return { rates, aboveRange: false, belowRange: false }
  const origin = t[0]!
  const end = t[n - 1]!
  let total = 0
  let size = 0
  let moment1 = 0
  let moment2 = 0
  let momentSize = 0
  for (let i = 0; i < n; i++) {
    const ti = t[i]! - origin
    total += a[i]!
    size += Math.abs(a[i]!)
    moment1 += ti * a[i]!
    moment2 += ti * ti * a[i]!
    momentSize += ti * ti * Math.abs(a[i]!)
  }
  const noise = (n + 2) * Number.EPSILON * size
  const atZero = Math.abs(total) <= noise

  // The flows forwards (rates above 0) and backwards (rates below 0), both as g(y) with u ascending from 0.
  const forward = new Float64Array(n)
  const backward = new Float64Array(n)
  const reversed = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    forward[i] = t[i]! - origin
    backward[i] = end - t[n - 1 - i]!
    reversed[i] = a[n - 1 - i]!
  }

  // Signs of g just above y = 0 on each side: the sum of the flows, or when that is zero (r = 0 is a root)
  // the first derivative that is not, f'(0) = −Σ t·a and f''(0) = Σ t²·a.
  let signAbove = sign(total)
  let signBelow = sign(total)
  if (atZero) {
    rates.push(0)
    const span = Math.max(end - origin, Number.MIN_VALUE)
    if (Math.abs(moment1) > noise * span) {
      signAbove = -sign(moment1)
      signBelow = sign(moment1)
    } else if (Math.abs(moment2) > (n + 2) * Number.EPSILON * momentSize) {
      signAbove = sign(moment2)
      signBelow = sign(moment2)
    } else {
      evaluate(forward, a, n, 1e-3)
      signAbove = sign(last[0]!)
      evaluate(backward, reversed, n, 1e-3)
      signBelow = sign(last[0]!)
    }
  }
  const gAtZero = atZero ? Number.NaN : total

  const above = solveHalfLine(
    forward,
    a,
    n,
    rootBound(a, n, 1),
    signAbove,
    gAtZero,
    guess > 0 ? Math.log1p(guess) : 0,
    GRID_MAX_ABOVE,
    Y_MAX_ABOVE
  )
  const below = solveHalfLine(
    backward,
    reversed,
    n,
    rootBound(a, n, -1),
    signBelow,
    gAtZero,
    guess < 0 ? -Math.log1p(guess) : 0,
    GRID_MAX_BELOW,
    Y_MAX_BELOW
  )
  let aboveRange = above.beyond
  let belowRange = below.beyond
  for (const y of above.roots) {
    const r = Math.expm1(y)
    if (Number.isFinite(r)) rates.push(r)
    else aboveRange = true
  }
  for (const y of below.roots) {
    const r = Math.expm1(-y)
    if (r > -1) rates.push(r)
    else belowRange = true
  }
  rates.sort((p, q) => p - q)
  // The same root reached twice (two brackets sharing a grid point) counts once.
  const distinct = rates.filter((r, i) => i === 0 || r - rates[i - 1]! > 1e-12 * Math.max(1, Math.abs(r)))
  return { rates: distinct, aboveRange, belowRange }
}
