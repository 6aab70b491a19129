// 访问统计: page views and unique visitors of the public sites by day, by site, by column and the
// most visited pages. Counted without cookies: a visitor is a hash salted anew every day, so the
// visitor figure of a period is the sum of each day's unique visitors.
import { useMemo, useState } from "react";
import { Card, Col, DatePicker, Empty, Row, Select, Statistic, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { bj } from "../../lib/format";
import { useSites } from "../../lib/lookups";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { EChart } from "../../components/EChart";

interface Figures {
  views: number;
  visitors: number;
}

interface VisitReport {
  from: string;
  to: string;
  site: string | null;
  totals: Figures;
  days: Array<Figures & { day: string }>;
  sites: Array<Figures & { code: string; name: string }>;
  columns: Array<Figures & { site: string; siteName: string; key: string; name: string }>;
  topPages: Array<Figures & { site: string; siteName: string; url: string; title: string }>;
}

const num = (v: number) => v.toLocaleString("zh-CN");

export default function VisitsPage() {
  const sites = useSites();
  const [site, setSite] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [bj().subtract(29, "day"), bj()]);
  const from = range[0].format("YYYY-MM-DD");
  const to = range[1].format("YYYY-MM-DD");
  const q = useQuery({
    queryKey: ["statistics", "visits", site ?? "", from, to],
    queryFn: () => api.get<VisitReport>("/api/statistics/visits", { from, to, ...(site ? { site } : {}) }),
  });
  const r = q.data;
  const trend = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { data: ["浏览量", "访客数"] },
      grid: { left: 56, right: 16, bottom: 32, top: 36 },
      xAxis: { type: "category", data: r?.days.map((d) => `${Number(d.day.slice(5, 7))}月${Number(d.day.slice(8, 10))}日`) ?? [] },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "浏览量", type: "bar", data: r?.days.map((d) => d.views) ?? [], itemStyle: { color: "#1677ff" } },
        { name: "访客数", type: "line", data: r?.days.map((d) => d.visitors) ?? [], itemStyle: { color: "#fa8c16" }, smooth: true },
      ],
    }),
    [r],
  );
  const showSite = !site && (r?.sites.length ?? 0) > 1;

  return (
    <>
      <PageHeader
        title="访问统计"
        description="公众网站各页面的浏览量和访客数。统计不使用 Cookie，不记录 IP 地址：访客按当日随机生成、次日即销毁的盐值哈希去重，搜索引擎和监测程序的访问不计入。一段时间的访客数为各日访客数之和。"
        extra={
          <>
            <Select
              allowClear
              placeholder="全部站点"
              style={{ minWidth: 220 }}
              value={site}
              onChange={(v) => setSite(v)}
              options={(sites.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
              data-testid="visits-site"
              aria-label="站点"
            />
            <DatePicker.RangePicker
              allowClear={false}
              value={range}
              disabledDate={(d) => d.isAfter(bj(), "day")}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              }}
              data-testid="visits-range"
            />
          </>
        }
      />
      {q.isError ? <PageError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {r ? (
        <>
          <Row gutter={[16, 16]} data-testid="visits-summary">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="浏览量" value={r.totals.views} formatter={(v) => num(Number(v))} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="访客数（按日去重）" value={r.totals.visitors} formatter={(v) => num(Number(v))} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="日均浏览量" value={Math.round(r.totals.views / Math.max(r.days.length, 1))} formatter={(v) => num(Number(v))} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="统计天数" value={r.days.length} suffix="天" />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="每日趋势" style={{ marginTop: 16 }}>
            {r.totals.views ? <EChart option={trend} height={300} testId="visits-trend" /> : <Empty description="这段时间还没有访问记录" />}
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            {showSite ? (
              <Col xs={24} xl={8}>
                <Card size="small" title="各站点">
                  <Table
                    size="small"
                    rowKey="code"
                    pagination={false}
                    dataSource={r.sites}
                    data-testid="visits-sites"
                    columns={[
                      { title: "站点", dataIndex: "name" },
                      { title: "浏览量", dataIndex: "views", align: "right", render: num },
                      { title: "访客数", dataIndex: "visitors", align: "right", render: num },
                    ]}
                  />
                </Card>
              </Col>
            ) : null}
            <Col xs={24} xl={showSite ? 16 : 24}>
              <Card size="small" title="栏目排行">
                <Table
                  size="small"
                  rowKey={(c) => `${c.site}/${c.key}`}
                  pagination={false}
                  dataSource={r.columns}
                  data-testid="visits-columns"
                  locale={{ emptyText: "暂无栏目访问记录" }}
                  columns={[
                    { title: "栏目", dataIndex: "name", render: (v: string, c) => (showSite ? `${c.siteName} · ${v}` : v) },
                    { title: "浏览量", dataIndex: "views", align: "right", render: num },
                    { title: "访客数", dataIndex: "visitors", align: "right", render: num },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="热门页面" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey={(p) => p.url}
              pagination={false}
              dataSource={r.topPages}
              data-testid="visits-pages"
              locale={{ emptyText: "暂无页面访问记录" }}
              columns={[
                { title: "序号", key: "i", width: 64, render: (_v, _p, i) => i + 1 },
                {
                  title: "页面",
                  dataIndex: "title",
                  render: (v: string, p) => (
                    <>
                      <Typography.Text>{v}</Typography.Text>
                      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                        {showSite ? `${p.siteName} · ` : ""}
                        {p.url}
                      </Typography.Text>
                    </>
                  ),
                },
                { title: "浏览量", dataIndex: "views", align: "right", render: num },
                { title: "访客数", dataIndex: "visitors", align: "right", render: num },
              ]}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
