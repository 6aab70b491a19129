// 办理统计: letters received, completed, average working days and on-time share, per site and per
// answering unit, for a period (this year by default), with charts.
import { useMemo, useState } from "react";
import { Alert, Card, Col, DatePicker, Empty, Row, Statistic, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { bj } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, useInteractionMeta } from "./api";
import { SitePicker } from "./SitePicker";
import { EChart } from "../../components/EChart";

interface UnitStat {
  unitId: string;
  unit: string;
  received: number;
  completed: number;
  averageWorkdays: number | null;
  onTimeShare: number | null;
  overdueOpen: number;
}

interface Stats {
  period: { from: string; to: string };
  received: number;
  completed: number;
  rejected: number;
  published: number;
  averageWorkdays: number | null;
  onTimeShare: number | null;
  forwardOnTimeShare: number | null;
  satisfactionShare: number | null;
  units: UnitStat[];
  note: string;
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);

export default function StatisticsPage() {
  const meta = useInteractionMeta();
  const [siteId, setSiteId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [bj().startOf("year"), bj().endOf("year")]);
  const from = range[0].format("YYYY-MM-DD");
  const to = range[1].format("YYYY-MM-DD");
  const q = useQuery({
    queryKey: ikeys.stats(siteId ?? "", from, to),
    queryFn: () => api.get<Stats>(`/api/sites/${siteId}/interaction/statistics`, { from, to }),
    enabled: !!siteId,
  });
  const s = q.data;
  const volume = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { data: ["转办件数", "已答复"] },
      grid: { left: 48, right: 16, bottom: 64, top: 36 },
      xAxis: { type: "category", data: s?.units.map((u) => u.unit) ?? [], axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "转办件数", type: "bar", data: s?.units.map((u) => u.received) ?? [] },
        { name: "已答复", type: "bar", data: s?.units.map((u) => u.completed) ?? [] },
      ],
    }),
    [s],
  );
  const timeliness = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { data: ["按时率（%）", "平均办理工作日"] },
      grid: { left: 48, right: 48, bottom: 64, top: 36 },
      xAxis: { type: "category", data: s?.units.map((u) => u.unit) ?? [], axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [
        { type: "value", max: 100, name: "%" },
        { type: "value", name: "工作日", minInterval: 1 },
      ],
      series: [
        { name: "按时率（%）", type: "bar", data: s?.units.map((u) => u.onTimeShare) ?? [], itemStyle: { color: "#389e0d" } },
        { name: "平均办理工作日", type: "line", yAxisIndex: 1, data: s?.units.map((u) => u.averageWorkdays) ?? [] },
      ],
    }),
    [s],
  );

  return (
    <>
      <PageHeader
        title="办理统计"
        description="按站点和时段统计留言收到、办结、平均办理工作日和各承办单位按时率。统计以答复时记录的环节用时为准，事后修改工作日历不改变历史数据。"
        extra={
          <>
            <SitePicker sites={meta.data?.sites ?? []} value={siteId} onChange={setSiteId} />
            <DatePicker.RangePicker
              allowClear={false}
              value={range}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              }}
              data-testid="stats-range"
            />
          </>
        }
      />
      {meta.data && !meta.data.sites.length ? <Alert type="info" showIcon title="您不是任何站点运维中心的人员，没有可查看的留言统计。" /> : null}
      {q.isError ? <PageError error={q.error} onRetry={() => void q.refetch()} /> : null}
      {s ? (
        <>
          <Row gutter={[16, 16]} data-testid="stats-summary">
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="收到留言" value={s.received} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="已答复" value={s.completed} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="不予受理" value={s.rejected} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="已公开" value={s.published} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="平均办理工作日" value={s.averageWorkdays ?? "—"} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="答复按时率" value={pct(s.onTimeShare)} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="转办按时率" value={pct(s.forwardOnTimeShare)} /></Card></Col>
            <Col xs={12} md={6} xl={3}><Card size="small"><Statistic title="满意率" value={pct(s.satisfactionShare)} /></Card></Col>
          </Row>
          {s.units.length ? (
            <Row gutter={16} style={{ marginTop: 16 }}>
              <Col xs={24} xl={12}>
                <Card size="small" title="各单位办理量">
                  <EChart option={volume} testId="stats-chart-volume" />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title="各单位按时率与平均用时">
                  <EChart option={timeliness} testId="stats-chart-timeliness" />
                </Card>
              </Col>
            </Row>
          ) : null}
          <Card size="small" title="各承办单位" style={{ marginTop: 16 }}>
            <Table<UnitStat>
              rowKey="unitId"
              size="small"
              pagination={false}
              dataSource={s.units}
              data-testid="stats-units"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本时段没有转办的留言" /> }}
              columns={[
                { title: "单位", dataIndex: "unit" },
                { title: "转办件数", dataIndex: "received", width: 100 },
                { title: "已答复", dataIndex: "completed", width: 100 },
                { title: "平均办理工作日", dataIndex: "averageWorkdays", width: 140, render: (v: number | null) => v ?? "—" },
                { title: "按时率", dataIndex: "onTimeShare", width: 100, render: pct },
                { title: "超期未答复", dataIndex: "overdueOpen", width: 110, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              统计时段：{s.period.from} 至 {s.period.to}。{s.note}
            </Typography.Paragraph>
          </Card>
        </>
      ) : null}
    </>
  );
}
