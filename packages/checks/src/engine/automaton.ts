/**
 * Aho–Corasick automaton over UTF-16 codes, stored in flat typed arrays.
 *
 * Why this shape: scanning is the hot loop of every check, and building must stay fast
 * because dictionaries are reloaded while the server runs.
 *   - The root's transitions are a direct table indexed by character code: one read for the
 *     first character of every match attempt, which is where most of the time goes.
 *   - States are numbered breadth first, so the children of a state are a contiguous run of
 *     states sorted by character: deeper states have one to three children, and a short
 *     linear scan over their labels beats hashing.
 *   - `used` tells in one read whether a character occurs in any term at all; most
 *     characters of ordinary text do not, and send the scan straight back to the root.
 * No object per state and nothing allocated while scanning. (A double-array trie was tried
 * first: with a CJK alphabet of 10,000+ characters its base placement took seconds.)
 *
 * Each state may end several terms (different terms can normalise to the same key), chained
 * through `termNext`; `dictLink` jumps to the nearest shorter suffix state that ends a term.
 */

export interface AutomatonStats {
  terms: number;
  states: number;
  buildMs: number;
}

/** Above this many children a state's edges are binary-searched. */
const LINEAR_LIMIT = 8;

export class Automaton {
  private readonly used: Uint8Array;
  private readonly root: Int32Array;
  /** Children of state s are the states [childStart[s], childStart[s + 1]). */
  private readonly childStart: Int32Array;
  /** The character code on the edge into each state. */
  private readonly label: Uint16Array;
  private readonly fail: Int32Array;
  /** First term ending exactly at this state, or -1. */
  private readonly termAt: Int32Array;
  /** Nearest proper-suffix state that ends a term, or -1. */
  private readonly dictLink: Int32Array;
  /** The state itself if it ends a term, else dictLink; -1 when nothing ends here. */
  private readonly report: Int32Array;
  /** Next term with the same key, or -1. */
  private readonly termNext: Int32Array;
  /** Normalised length of each term, to turn an end position into a start. */
  readonly termLength: Int32Array;
  readonly stats: AutomatonStats;

  /** Builds the automaton; keys[i] is term i as normalised character codes. */
  constructor(keys: readonly (readonly number[])[]) {
    const t0 = performance.now();
    const termLength = Int32Array.from(keys, (k) => k.length);
    const termNext = new Int32Array(keys.length).fill(-1);

    // 1. Trie from the keys in sorted order: each key shares the path of the previous one up
    //    to their common prefix, so nodes are created in lexicographic order of their paths.
    const order = keys.map((_, i) => i).filter((i) => keys[i]!.length > 0);
    order.sort((a, b) => compareKeys(keys[a]!, keys[b]!));
    const parent: number[] = [-1];
    const label: number[] = [0];
    const nodeTerm: number[] = [-1];
    const path: number[] = [0]; // path[d] = node at depth d of the previous key
    let previous: readonly number[] = [];
    for (const termId of order) {
      const key = keys[termId]!;
      let common = 0;
      while (common < key.length && common < previous.length && key[common] === previous[common]) common++;
      path.length = common + 1;
      for (let d = common; d < key.length; d++) {
        const node = parent.length;
        parent.push(path[d]!);
        label.push(key[d]!);
        nodeTerm.push(-1);
        path.push(node);
      }
      const node = path[key.length]!;
      termNext[termId] = nodeTerm[node]!;
      nodeTerm[node] = termId;
      previous = key;
    }
    const nodeCount = parent.length;

    // 2. Renumber breadth first (failure links need parents before children). Nodes were
    //    created in lexicographic order of their paths, so a stable sort by depth is already
    //    breadth-first order, with the children of each state contiguous and sorted by code:
    //    a state's edges are simply the range of states [childStart[s], childStart[s + 1]).
    const depth = new Int32Array(nodeCount);
    let maxDepth = 0;
    for (let n = 1; n < nodeCount; n++) {
      depth[n] = depth[parent[n]!]! + 1;
      if (depth[n]! > maxDepth) maxDepth = depth[n]!;
    }
    const firstOfDepth = new Int32Array(maxDepth + 2);
    for (let n = 0; n < nodeCount; n++) firstOfDepth[depth[n]! + 1]!++;
    for (let d = 1; d <= maxDepth + 1; d++) firstOfDepth[d]! += firstOfDepth[d - 1]!;
    const stateOf = new Int32Array(nodeCount);
    const nodeOf = new Int32Array(nodeCount);
    for (let n = 0; n < nodeCount; n++) {
      const state = firstOfDepth[depth[n]!]!++;
      stateOf[n] = state;
      nodeOf[state] = n;
    }

    this.used = new Uint8Array(65536);
    this.root = new Int32Array(65536);
    this.label = new Uint16Array(nodeCount);
    this.childStart = new Int32Array(nodeCount + 1);
    this.termAt = new Int32Array(nodeCount).fill(-1);
    const parentState = new Int32Array(nodeCount);
    for (let state = 0; state < nodeCount; state++) {
      const node = nodeOf[state]!;
      this.label[state] = label[node]!;
      this.termAt[state] = nodeTerm[node]!;
      if (state > 0) {
        parentState[state] = stateOf[parent[node]!]!;
        this.used[label[node]!] = 1;
      }
    }
    // childStart[p] = first child of p; states without children get the next state's start.
    this.childStart.fill(nodeCount);
    for (let state = nodeCount - 1; state >= 1; state--) this.childStart[parentState[state]!] = state;
    for (let state = nodeCount - 1; state >= 0; state--) {
      if (this.childStart[state] === nodeCount && state + 1 <= nodeCount) this.childStart[state] = this.childStart[state + 1]!;
    }
    for (let state = 1; state < nodeCount && parentState[state] === 0; state++) this.root[this.label[state]!] = state;

    // 3. Failure, dictionary and report links, breadth first.
    this.fail = new Int32Array(nodeCount);
    this.dictLink = new Int32Array(nodeCount).fill(-1);
    this.report = new Int32Array(nodeCount).fill(-1);
    for (let state = 1; state < nodeCount; state++) {
      const p = parentState[state]!;
      const code = this.label[state]!;
      let f = 0;
      if (p !== 0) {
        for (let g = this.fail[p]!; ; g = this.fail[g]!) {
          const t = this.next(g, code);
          if (t > 0) {
            f = t;
            break;
          }
          if (g === 0) break;
        }
      }
      this.fail[state] = f;
      this.dictLink[state] = this.termAt[f]! >= 0 ? f : this.dictLink[f]!;
      this.report[state] = this.termAt[state]! >= 0 ? state : this.dictLink[state]!;
    }

    this.termNext = termNext;
    this.termLength = termLength;
    this.stats = { terms: keys.length, states: nodeCount, buildMs: performance.now() - t0 };
  }

  /** goto(state, code), or 0 when there is no edge (the root when state is the root). */
  private next(state: number, code: number): number {
    if (state === 0) return this.root[code]!;
    const { childStart, label } = this;
    let lo = childStart[state]!;
    let hi = childStart[state + 1]!;
    if (hi - lo <= LINEAR_LIMIT) {
      for (; lo < hi; lo++) if (label[lo] === code) return lo;
      return 0;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = label[mid]!;
      if (c === code) return mid;
      if (c < code) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /**
   * Scans codes[0, length) and appends every match as (termId, endExclusive) pairs to `out`.
   * Returns the number of pairs written.
   */
  scan(codes: Uint16Array, length: number, out: MatchBuffer): number {
    const { used, root, childStart, label, fail, report, dictLink, termAt, termNext } = this;
    out.clear();
    let s = 0;
    for (let i = 0; i < length; i++) {
      const c = codes[i]!;
      if (used[c] === 0) {
        s = 0;
        continue;
      }
      // Follow failure links until a state has an edge for c (the root always "has" one).
      for (;;) {
        if (s === 0) {
          s = root[c]!;
          break;
        }
        let lo = childStart[s]!;
        const hi = childStart[s + 1]!;
        let t = 0;
        if (hi - lo <= LINEAR_LIMIT) {
          for (; lo < hi; lo++) {
            if (label[lo] === c) {
              t = lo;
              break;
            }
          }
        } else {
          t = this.next(s, c);
        }
        if (t !== 0) {
          s = t;
          break;
        }
        s = fail[s]!;
      }
      for (let r = report[s]!; r >= 0; r = dictLink[r]!) {
        for (let term = termAt[r]!; term >= 0; term = termNext[term]!) out.push(term, i + 1);
      }
    }
    return out.length;
  }
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Growable (termId, end) pair buffer, reused between scans. */
export class MatchBuffer {
  terms = new Int32Array(256);
  ends = new Int32Array(256);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(term: number, end: number): void {
    if (this.length === this.terms.length) {
      const terms = new Int32Array(this.length * 2);
      terms.set(this.terms);
      const ends = new Int32Array(this.length * 2);
      ends.set(this.ends);
      this.terms = terms;
      this.ends = ends;
    }
    this.terms[this.length] = term;
    this.ends[this.length] = end;
    this.length++;
  }
}
