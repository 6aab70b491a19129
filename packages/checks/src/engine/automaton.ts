/**
 * Aho–Corasick automaton over UTF-16 codes, stored in flat typed arrays.
 *
 * Why this shape: scanning is the hot loop of every check, and building must stay fast
 * because dictionaries are reloaded while the server runs.
 *   - The root's transitions are a direct table indexed by character code: one read for the
 *     first character of every match attempt, which is where most of the time goes.
 *   - Other states keep their few outgoing edges as a sorted run in one edge table (CSR);
 *     deeper states have one to three children, so a short linear scan beats hashing.
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
  private readonly edgeStart: Int32Array;
  private readonly edgeCode: Uint16Array;
  private readonly edgeTarget: Int32Array;
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
    //    to their common prefix, and children are created in code order, ready for the CSR.
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

    // 2. Renumber breadth first (failure links need parents before children) and lay out
    //    the edges. Children of a node were created in increasing code order.
    const children: number[][] = Array.from({ length: nodeCount }, () => []);
    for (let n = 1; n < nodeCount; n++) children[parent[n]!]!.push(n);
    const bfs: number[] = [0];
    for (let q = 0; q < bfs.length; q++) for (const c of children[bfs[q]!]!) bfs.push(c);
    const stateOf = new Int32Array(nodeCount);
    bfs.forEach((node, state) => (stateOf[node] = state));

    this.used = new Uint8Array(65536);
    this.root = new Int32Array(65536);
    this.edgeStart = new Int32Array(nodeCount + 1);
    this.edgeCode = new Uint16Array(Math.max(0, nodeCount - 1));
    this.edgeTarget = new Int32Array(Math.max(0, nodeCount - 1));
    this.termAt = new Int32Array(nodeCount).fill(-1);
    let edge = 0;
    for (let state = 0; state < nodeCount; state++) {
      const node = bfs[state]!;
      this.termAt[state] = nodeTerm[node]!;
      this.edgeStart[state] = edge;
      if (state === 0) continue; // root transitions live in `root`
      for (const child of children[node]!) {
        this.edgeCode[edge] = label[child]!;
        this.edgeTarget[edge] = stateOf[child]!;
        edge++;
      }
    }
    this.edgeStart[nodeCount] = edge;
    for (const child of children[0]!) {
      this.root[label[child]!] = stateOf[child]!;
    }
    for (let n = 1; n < nodeCount; n++) this.used[label[n]!] = 1;

    // 3. Failure, dictionary and report links, breadth first.
    this.fail = new Int32Array(nodeCount);
    this.dictLink = new Int32Array(nodeCount).fill(-1);
    this.report = new Int32Array(nodeCount).fill(-1);
    for (let state = 1; state < nodeCount; state++) {
      const node = bfs[state]!;
      const p = stateOf[parent[node]!]!;
      const code = label[node]!;
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
    const { edgeStart, edgeCode, edgeTarget } = this;
    let lo = edgeStart[state]!;
    let hi = edgeStart[state + 1]!;
    if (hi - lo <= LINEAR_LIMIT) {
      for (; lo < hi; lo++) if (edgeCode[lo] === code) return edgeTarget[lo]!;
      return 0;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = edgeCode[mid]!;
      if (c === code) return edgeTarget[mid]!;
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
    const { used, root, edgeStart, edgeCode, edgeTarget, fail, report, dictLink, termAt, termNext } = this;
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
        let lo = edgeStart[s]!;
        const hi = edgeStart[s + 1]!;
        let t = 0;
        if (hi - lo <= LINEAR_LIMIT) {
          for (; lo < hi; lo++) {
            if (edgeCode[lo] === c) {
              t = edgeTarget[lo]!;
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
