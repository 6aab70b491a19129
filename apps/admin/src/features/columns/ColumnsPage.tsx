import { useEffect, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { Badge, Card, Empty, Flex, Select, Tabs, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { useSites } from "../../lib/lookups";
import { siteKindLabels } from "../../lib/labels";
import type { ColumnRequest, ListResult, SiteKind } from "../../lib/types";
import { useCan, useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ColumnTreePanel } from "./ColumnTreePanel";
import { ColumnListView } from "./ColumnListView";
import { ColumnRequestsView } from "./ColumnRequestsView";

interface SiteChoice {
  id: string;
  name: string;
  kind?: SiteKind;
}

const kindOrder: Record<string, number> = { portal: 0, department: 1, subsite: 2, topic: 3 };

export default function ColumnsPage() {
  const can = useCan();
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const sites = useSites();
  const showRequests = can("column.decide", "column.request");

  // People whose role is limited to some sites may not read the registry; their roles name the sites.
  const choices = useMemo<SiteChoice[]>(() => {
    if (sites.data) {
      return [...sites.data]
        .sort((a, b) => (kindOrder[a.kind] ?? 9) - (kindOrder[b.kind] ?? 9))
        .map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
    }
    const seen = new Map<string, SiteChoice>();
    for (const r of me?.roles ?? []) if (r.siteId && r.siteName) seen.set(r.siteId, { id: r.siteId, name: r.siteName });
    return [...seen.values()];
  }, [sites.data, me?.roles]);

  const siteId = params.get("site") ?? undefined;
  const tab = params.get("tab") ?? "tree";
  const site = choices.find((s) => s.id === siteId);

  useEffect(() => {
    const first = choices[0];
    if (!siteId && first) {
      const next = new URLSearchParams(params);
      next.set("site", first.id);
      setParams(next, { replace: true });
    }
  }, [siteId, choices, params, setParams]);

  const pending = useQuery({
    queryKey: ["column-requests", "pending"],
    queryFn: () => api.get<ListResult<ColumnRequest>>("/api/column-requests", { status: "pending" }).then((r) => r.items),
    enabled: showRequests,
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const sitePicker = (
    <Select
      style={{ width: 320 }}
      value={site ? siteId : undefined}
      onChange={(v: string) => set("site", v)}
      loading={sites.isPending}
      showSearch
      optionFilterProp="label"
      placeholder="请选择网站"
      aria-label="选择网站"
      data-testid="column-site-picker"
      options={choices.map((s) => ({
        value: s.id,
        label: s.name,
        title: s.kind ? siteKindLabels[s.kind] : undefined,
      }))}
    />
  );

  if (sites.isPending && !choices.length) return <Card loading />;
  if (!choices.length) {
    return sites.isError ? (
      <PageError error={sites.error} onRetry={() => void sites.refetch()} />
    ) : (
      <Card>
        <Empty description="暂无可管理的网站。请先在“站点管理”中登记网站，或联系系统管理员授予栏目管理权限。" />
      </Card>
    );
  }

  return (
    <>
      <PageHeader
        title="栏目管理"
        description="栏目须明确栏目类型、更新周期、责任单位和责任人；拖动栏目可调整顺序和层级。"
        extra={
          <Flex align="center" gap={8}>
            <Typography.Text type="secondary">网站：</Typography.Text>
            {sitePicker}
          </Flex>
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => set("tab", k)}
          destroyOnHidden
          items={[
            {
              key: "tree",
              label: "栏目结构",
              children: siteId && site ? <ColumnTreePanel siteId={siteId} siteName={site.name} /> : null,
            },
            {
              key: "list",
              label: "栏目设置管理清单",
              children: siteId && site ? <ColumnListView siteId={siteId} siteName={site.name} /> : null,
            },
            ...(showRequests
              ? [
                  {
                    key: "requests",
                    label: (
                      <Badge count={pending.data?.length ?? 0} size="small" offset={[8, -2]}>
                        栏目调整申请
                      </Badge>
                    ),
                    children: <ColumnRequestsView />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}
