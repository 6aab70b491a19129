// The site a 政民互动 page works on: the sites whose operating centre the person belongs to (or
// every site for 监管员 / 值班员). Remembers nothing; the first site is chosen by default.
import { useEffect } from "react";
import { Select } from "antd";
import type { MetaSite } from "./api";

export function SitePicker({ sites, value, onChange, testId = "interaction-site" }: { sites: MetaSite[]; value?: string; onChange: (id: string) => void; testId?: string }) {
  useEffect(() => {
    if (!value && sites[0]) onChange(sites[0].id);
  }, [value, sites, onChange]);
  return (
    <Select
      style={{ width: 260 }}
      value={value}
      onChange={onChange}
      options={sites.map((s) => ({ value: s.id, label: s.name }))}
      placeholder="选择站点"
      data-testid={testId}
      aria-label="站点"
    />
  );
}
