// Table 三 of the disclosure annual report: the server's counts → rows in the format's order.
export interface AnnualTable {
  year: number;
  columns: Record<string, string>;
  table: {
    newThisYear: Record<string, number>;
    carriedOver: Record<string, number>;
    results: Record<string, Record<string, number> | Record<string, Record<string, number>>>;
    resultsTotal: Record<string, number>;
    carriedForward: Record<string, number>;
  };
  outcomes: Record<string, { name: string; reasons: string[] }>;
  checks: { 收办平衡: boolean };
}

const NUMERALS = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"];
const ORDER = ["disclose", "partial", "withhold", "unavailable", "not_processed", "other"];

export interface TableRow {
  label: string;
  level: number;
  cells: number[];
}

export function tableRows(t: AnnualTable): TableRow[] {
  const cols = Object.keys(t.columns);
  const cells = (r: Record<string, number> | undefined) => cols.map((c) => r?.[c] ?? 0);
  const rows: TableRow[] = [
    { label: "一、本年新收政府信息公开申请数量", level: 0, cells: cells(t.table.newThisYear) },
    { label: "二、上年结转政府信息公开申请数量", level: 0, cells: cells(t.table.carriedOver) },
    { label: "三、本年度办理结果", level: 0, cells: [] },
  ];
  ORDER.forEach((k, i) => {
    const o = t.outcomes[k];
    if (!o) return;
    const cell = t.table.results[k];
    if (!o.reasons.length) rows.push({ label: `${NUMERALS[i]}${o.name}`, level: 1, cells: cells(cell as Record<string, number>) });
    else {
      rows.push({ label: `${NUMERALS[i]}${o.name}`, level: 1, cells: [] });
      o.reasons.forEach((r, j) => rows.push({ label: `${j + 1}．${r}`, level: 2, cells: cells((cell as Record<string, Record<string, number>> | undefined)?.[r]) }));
    }
  });
  rows.push({ label: "（七）总计", level: 1, cells: cells(t.table.resultsTotal) });
  rows.push({ label: "四、结转下年度继续办理", level: 0, cells: cells(t.table.carriedForward) });
  return rows;
}
