/**
 * Aho–Corasick automaton stored as a double-array trie over a compressed alphabet.
 *
 * Why this shape: scanning is the hot loop of every check. A double array turns each
 * transition into two typed-array reads (base + check) with no object per state and no
 * hashing, and the alphabet table maps a UTF-16 code straight to a small integer, so
 * characters that occur in no term send the scan back to the root in one step.
 *
 *   goto(s, c) = t   iff   check[t] === s, where t = base[s] + code(c)
 *
 * Each state may end several terms (different terms can normalise to the same key),
 * chained through `termNext`; `dictLink` jumps to the nearest shorter suffix state that
 * ends a term, so reporting all matches costs only the matches themselves.
 */

export interface AutomatonStats {
  terms: number;
  states: number;
  slots: number;
  alphabet: number;
  buildMs: number;
}

export class Automaton {
  /** UTF-16 code → alphabet code (0 = in no term). */
  private readonly alphabet: Uint16Array | Uint32Array;
  private readonly base: Int32Array;
  private readonly check: Int32Array;
  private readonly fail: Int32Array;
  /** First term ending exactly at this state, or -1. */
  private readonly termAt: Int32Array;
  /** Nearest proper-suffix state (through failure links) that ends a term, or -1. */
  private readonly dictLink: Int32Array;
  /** state itself if it ends a term, else dictLink; -1 if nothing to report. */
  private readonly report: Int32Array;
  /** Next term with the same key, or -1. */
  private readonly termNext: Int32Array;
  /** Normalised length of each term, to turn an end position into a start. */
  readonly termLength: Int32Array;
  readonly stats: AutomatonStats;

  /** Builds the automaton; keys[i] is term i as normalised character codes. */
  constructor(keys: readonly (readonly number[])[]) {
    const t0 = performance.now();
    const alphabet = new Uint32Array(65536);
    let alphabetSize = 0;
    for (const key of keys) {
      for (const c of key) if (alphabet[c] === 0) alphabet[c] = ++alphabetSize;
    }

    // 1. A plain trie with Map children (the root has thousands of them).
    const trie: Map<number, number>[] = [new Map()];
    const nodeTerm: number[] = [-1];
    const termNext = new Int32Array(keys.length).fill(-1);
    const termLength = new Int32Array(keys.length);
    keys.forEach((key, termId) => {
      termLength[termId] = key.length;
      if (key.length === 0) return;
      let node = 0;
      for (const ch of key) {
        const code = alphabet[ch]!;
        const children = trie[node]!;
        let child = children.get(code);
        if (child === undefined) {
          child = trie.length;
          trie.push(new Map());
          nodeTerm.push(-1);
          children.set(code, child);
        }
        node = child;
      }
      termNext[termId] = nodeTerm[node]!;
      nodeTerm[node] = termId;
    });
    const childCodes = trie.map((m) => [...m.keys()]);
    const childNodes = trie.map((m) => [...m.values()]);
    const nodeCount = childCodes.length;

    // 2. Place the trie into the double array, breadth first. Free slots form a doubly
    //    linked list so the search for a base visits free slots only (a plain "first free"
    //    cursor gets stuck behind slots no child can ever use and turns quadratic).
    let capacity = Math.max(1024, nodeCount + alphabetSize + 2);
    let base = new Int32Array(capacity);
    let check = new Int32Array(capacity).fill(-1);
    let nextFree = new Int32Array(capacity);
    let prevFree = new Int32Array(capacity);
    const linkFree = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        nextFree[i] = i + 1;
        prevFree[i] = i - 1;
      }
    };
    linkFree(0, capacity);
    let head = 1; // slot 0 is the root
    let tail = capacity - 1;
    const grow = (need: number) => {
      const old = capacity;
      capacity = Math.max(capacity * 2, need + alphabetSize + 2);
      const nb = new Int32Array(capacity);
      nb.set(base);
      base = nb;
      const nc = new Int32Array(capacity).fill(-1);
      nc.set(check);
      check = nc;
      const nn = new Int32Array(capacity);
      nn.set(nextFree);
      nextFree = nn;
      const np = new Int32Array(capacity);
      np.set(prevFree);
      prevFree = np;
      linkFree(old, capacity);
      prevFree[old] = tail;
      nextFree[tail] = old;
      tail = capacity - 1;
    };
    const occupy = (slot: number) => {
      const p = prevFree[slot]!;
      const n = nextFree[slot]!;
      if (slot === head) head = n;
      else nextFree[p] = n;
      if (slot === tail) tail = p;
      else prevFree[n] = p;
    };
    const slotOf = new Int32Array(nodeCount);
    check[0] = -2;
    let maxSlot = 0;
    const order: number[] = [0];
    for (let q = 0; q < order.length; q++) {
      const node = order[q]!;
      const codes = childCodes[node]!;
      if (codes.length === 0) continue;
      const children = childNodes[node]!;
      const idx = codes.map((_, i) => i).sort((a, b) => codes[a]! - codes[b]!);
      const sortedCodes = idx.map((i) => codes[i]!);
      const first = sortedCodes[0]!;
      const last = sortedCodes[sortedCodes.length - 1]!;
      let b = 0;
      for (let p = head; ; p = nextFree[p]!) {
        if (p === tail) grow(p + last);
        b = p - first;
        if (b < 1) continue;
        if (b + last >= capacity) grow(b + last);
        let ok = true;
        for (let k = 1; k < sortedCodes.length; k++) {
          if (check[b + sortedCodes[k]!] !== -1) {
            ok = false;
            break;
          }
        }
        if (ok) break;
      }
      const parentSlot = slotOf[node]!;
      base[parentSlot] = b;
      idx.forEach((i, k) => {
        const slot = b + sortedCodes[k]!;
        check[slot] = parentSlot;
        occupy(slot);
        slotOf[children[i]!] = slot;
        if (slot > maxSlot) maxSlot = slot;
        order.push(children[i]!);
      });
    }

    // Leave room so base[s] + code never reads past the end.
    const size = maxSlot + alphabetSize + 2;
    this.base = new Int32Array(size);
    this.base.set(base.subarray(0, Math.min(size, base.length)));
    this.check = new Int32Array(size).fill(-1);
    this.check.set(check.subarray(0, Math.min(size, check.length)));

    // 3. Failure links, dictionary links and outputs, breadth first over the same order.
    this.fail = new Int32Array(size);
    this.termAt = new Int32Array(size).fill(-1);
    this.dictLink = new Int32Array(size).fill(-1);
    this.report = new Int32Array(size).fill(-1);
    for (let n = 0; n < nodeCount; n++) this.termAt[slotOf[n]!] = nodeTerm[n]!;
    for (const node of order) {
      const s = slotOf[node]!;
      const codes = childCodes[node]!;
      const children = childNodes[node]!;
      for (let k = 0; k < codes.length; k++) {
        const code = codes[k]!;
        const t = slotOf[children[k]!]!;
        let f = 0;
        if (s !== 0) {
          let g = this.fail[s]!;
          for (;;) {
            const u = this.base[g]! + code;
            if (this.check[u] === g) {
              f = u;
              break;
            }
            if (g === 0) break;
            g = this.fail[g]!;
          }
        }
        this.fail[t] = f;
        this.dictLink[t] = this.termAt[f]! >= 0 ? f : this.dictLink[f]!;
        this.report[t] = this.termAt[t]! >= 0 ? t : this.dictLink[t]!;
      }
    }

    this.alphabet = alphabetSize < 65535 ? Uint16Array.from(alphabet) : alphabet;
    this.termNext = termNext;
    this.termLength = termLength;
    this.stats = {
      terms: keys.length,
      states: nodeCount,
      slots: size,
      alphabet: alphabetSize,
      buildMs: performance.now() - t0,
    };
  }

  /**
   * Scans codes[0, length) and appends every match as (termId, endExclusive) pairs to `out`.
   * Returns the number of pairs written.
   */
  scan(codes: Uint16Array, length: number, out: MatchBuffer): number {
    const { alphabet, base, check, fail, report, dictLink, termAt, termNext } = this;
    out.clear();
    let s = 0;
    for (let i = 0; i < length; i++) {
      const code = alphabet[codes[i]!]!;
      if (code === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        const t = base[s]! + code;
        if (check[t] === s) {
          s = t;
          break;
        }
        if (s === 0) break;
        s = fail[s]!;
      }
      let r = report[s]!;
      while (r >= 0) {
        for (let term = termAt[r]!; term >= 0; term = termNext[term]!) out.push(term, i + 1);
        r = dictLink[r]!;
      }
    }
    return out.length;
  }
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
