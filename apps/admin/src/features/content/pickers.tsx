// Pickers used by the editing form: columns of a site (limited to those the 信息员 covers),
// documents (for policy ↔ interpretation links and 已修改/废止 replacements) and units (会签).
import { useMemo, useState } from "react";
import { Select, TreeSelect } from "antd";
import { useQueries, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { buildTree, unitTreeOptions, useColumns, useUnits, type TreeOption } from "../../lib/lookups";
import type { Column } from "../../lib/types";
import type { DocumentDetail, DocumentListItem } from "./types";

/** Columns that can carry documents: not archived, not external links; outside the scope greyed out. */
export function columnOptions(columns: Column[] | undefined, allowed: string[] | null): TreeOption[] {
  const rows = (columns ?? []).filter((c) => !c.archived);
  const ok = (c: Column) => !c.externalUrl && (!allowed || allowed.length === 0 || allowed.includes(c.id));
  return buildTree(rows, (c) => ({ title: c.name, disabled: !ok(c) }));
}

export function ColumnPicker({
  siteId,
  allowed,
  value,
  onChange,
  multiple,
  placeholder,
  id,
  testId,
}: {
  siteId: string | undefined;
  allowed: string[] | null;
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
  placeholder?: string;
  id?: string;
  testId?: string;
}) {
  const columns = useColumns(siteId);
  const options = useMemo(() => columnOptions(columns.data, allowed), [columns.data, allowed]);
  return (
    <TreeSelect
      // Expanding "all" applies to the first tree shown: mount again once the columns are there.
      key={columns.data ? "loaded" : "loading"}
      id={id}
      value={value}
      onChange={onChange}
      treeData={options}
      multiple={multiple}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear
      loading={columns.isPending && !!siteId}
      disabled={!siteId}
      placeholder={siteId ? placeholder ?? "请选择栏目" : "请先选择网站"}
      data-testid={testId}
      style={{ width: "100%" }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 420, overflow: "auto", minWidth: 320 } } }}
    />
  );
}

export function UnitPicker({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const units = useUnits();
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={unitTreeOptions(units.data)}
      multiple
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear
      loading={units.isPending}
      placeholder="需要会签的单位"
      style={{ width: "100%" }}
    />
  );
}

/** Searches documents of a site by title; shows the titles of documents already chosen. */
export function DocumentPicker({
  siteId,
  value,
  onChange,
  multiple,
  exclude,
  placeholder,
  id,
}: {
  siteId?: string;
  value?: string | string[] | null;
  onChange?: (v: string | string[] | null) => void;
  multiple?: boolean;
  exclude?: string;
  placeholder?: string;
  id?: string;
}) {
  const [q, setQ] = useState("");
  const found = useQuery({
    queryKey: ["documents", "picker", siteId ?? "", q],
    queryFn: () => api.get<{ items: DocumentListItem[] }>("/api/documents", { siteId, q: q || undefined, pageSize: 20 }).then((r) => r.items),
  });
  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
  const known = useQueries({
    queries: chosen.map((id) => ({
      queryKey: ["documents", id],
      queryFn: () => api.get<DocumentDetail>(`/api/documents/${id}`),
      staleTime: 60_000,
    })),
  });
  const options = new Map<string, string>();
  known.forEach((k, i) => {
    const d = k.data;
    const title = d ? (d.live ?? d.draft)?.fields.title : undefined;
    options.set(chosen[i]!, title ? `${title}（${d!.document.stateName}）` : "（正在读取…）");
  });
  for (const d of found.data ?? []) if (d.id !== exclude) options.set(d.id, `${d.title ?? "（无标题）"}（${d.typeName}·${d.stateName}）`);
  return (
    <Select
      id={id}
      mode={multiple ? "multiple" : undefined}
      value={multiple ? chosen : (value ?? undefined)}
      onChange={(v: string | string[] | undefined) => onChange?.(v ?? (multiple ? [] : null))}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={found.isFetching}
      placeholder={placeholder ?? "输入标题关键词查找"}
      options={[...options.entries()].map(([v, label]) => ({ value: v, label }))}
      notFoundContent={found.isFetching ? "正在查找…" : "没有找到稿件"}
      style={{ width: "100%" }}
    />
  );
}
