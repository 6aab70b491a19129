// Turns a drop in the antd Tree into the server's move: new parent and position among the new
// siblings (counted without the moved column itself).

export interface Movable {
  id: string;
  parentId: string | null;
  sort: number;
}

export interface MoveTarget {
  parentId: string | null;
  index: number;
}

function siblings<T extends Movable>(rows: T[], parentId: string | null, without: string): T[] {
  return rows.filter((r) => r.parentId === parentId && r.id !== without).sort((a, b) => a.sort - b.sort);
}

/**
 * @param relative -1 = dropped in the gap above the target, 1 = in the gap below, 0 = onto it
 *   (becomes its first child)
 *
 * rc-tree (under antd's Tree) already resolves "just below an expanded parent" to 0 (first child)
 * and "below the last child, pointer moved left" to 1 on the ancestor, so 1 always means "after,
 * as a sibling" — unlike antd's older demo, which turned it into a first child.
 */
export function computeMove<T extends Movable>(
  rows: T[],
  dragId: string,
  targetId: string,
  relative: -1 | 0 | 1,
): MoveTarget | null {
  if (dragId === targetId) return null;
  const target = rows.find((r) => r.id === targetId);
  if (!target) return null;
  // Never into its own subtree.
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (let cur: T | undefined = target, guard = 0; cur && guard < 100; guard++) {
    if (cur.id === dragId) return null;
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  if (relative === 0) {
    // The tree draws a drop onto a column as the line above its first child.
    return { parentId: target.id, index: 0 };
  }
  const list = siblings(rows, target.parentId, dragId);
  const at = list.findIndex((r) => r.id === target.id);
  return { parentId: target.parentId, index: at + (relative === 1 ? 1 : 0) };
}
