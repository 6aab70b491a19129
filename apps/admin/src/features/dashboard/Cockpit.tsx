// The compliance cockpit: per site the six national single-veto items as traffic lights with the
// days until a violation, each clickable to the records behind its number; the sites at a glance,
// the units, overdue letters, open tickets and the 30-day trends.
import { useMemo, useState } from "react";
import { Badge, Card, Col, Descriptions, Drawer, Empty, List, Row, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { Link } from "react-router-dom";
import { fmtDate, fmtDateTime } from "../../lib/format";
import { TrendChart } from "./TrendChart";
import type { Cockpit, CockpitSite, CockpitUnit, ColumnRow, FreshLevel, LetterRow, Light, VetoItem } from "./types";

export const LIGHT_COLOR: Record<Light, string> = { green: "#52c41a", yellow: "#faad14", red: "#f5222d", grey: "#bfbfbf" };
export const LIGHT_TEXT: Record<Light, string> = { green: "正常", yellow: "预警", red: "已达否决线", grey: "暂无数据" };
const LEVEL_COLOR: Record<FreshLevel, string> = { ok: "green", due_soon: "gold", overdue: "red", blank: "volcano", unchecked: "default" };
const KIND_NAMES: Record<string, string> = { portal: "门户", department: "部门", subsite: "子站", topic: "专题" };

export function LightDot({ light, size = 12 }: { light: Light; size?: number }) {
  return <span aria-label={LIGHT_TEXT[light]} style={{ display: "inline-block", width: size, height: size, borderRadius: "50%", background: LIGHT_COLOR[light], verticalAlign: "middle" }} />;
}

function untilText(item: { light: Light; daysUntilViolation: number | null }): string {
  if (item.light === "grey") return "";
  if (item.daysUntilViolation === 0) return item.light === "red" ? "已触发单项否决" : "今日到期";
  if (item.daysUntilViolation === null) return "暂无否决风险";
  return `距否决 ${item.daysUntilViolation} 天`;
}

function daysLeftText(r: ColumnRow): string {
  if (r.level === "blank") return "从未发布";
  if (r.daysLeft === null) return "—";
  return r.daysLeft < 0 ? `超期 ${-r.daysLeft} 天` : `剩 ${r.daysLeft} 天`;
}

const columnCols: ColumnsType<ColumnRow> = [
  { title: "栏目", dataIndex: "path", render: (v: string) => <Typography.Text>{v}</Typography.Text> },
  { title: "类别", dataIndex: "categoryName", width: 150 },
  { title: "更新周期", dataIndex: "intervalDays", width: 90, render: (v: number | null) => (v === null ? "不考核" : `${v} 天`) },
  { title: "最近更新", dataIndex: "lastUpdateAt", width: 110, render: (v: string | null, r) => (v ? <Tooltip title={r.lastTitle}>{fmtDate(v)}</Tooltip> : "—") },
  { title: "状态", dataIndex: "level", width: 110, render: (v: FreshLevel, r) => <Tag color={LEVEL_COLOR[v]}>{r.levelName}</Tag> },
  { title: "剩余 / 超期", key: "left", width: 110, render: (_: unknown, r) => daysLeftText(r) },
  { title: "责任单位", dataIndex: "responsibleUnitName", width: 180 },
];

const letterCols: ColumnsType<LetterRow> = [
  { title: "编号", dataIndex: "caseNo", width: 150 },
  { title: "标题", dataIndex: "title" },
  { title: "渠道", dataIndex: "channel", width: 120 },
  { title: "收到", dataIndex: "receivedAt", width: 110, render: (v: string) => fmtDate(v) },
  { title: "已等待", dataIndex: "ageDays", width: 90, render: (v: number) => `${v} 天` },
  { title: "状态", dataIndex: "statusName", width: 90 },
  { title: "逾期环节", key: "od", width: 160, render: (_: unknown, r) => (r.overdueStage ? <Tag color="red">{`${r.overdueStage}（${fmtDateTime(r.dueAt)} 到期）`}</Tag> : "—") },
  { title: "承办单位", dataIndex: "units", width: 160, render: (v: string[]) => v.join("、") || "—" },
];

function VetoCard({ item, onOpen }: { item: VetoItem; onOpen: () => void }) {
  return (
    <Card hoverable size="small" onClick={onOpen} data-testid={`veto-${item.key}`} style={{ borderTop: `4px solid ${LIGHT_COLOR[item.light]}`, height: "100%" }}>
      <Space align="center" style={{ marginBottom: 4 }}>
        <LightDot light={item.light} size={14} />
        <Typography.Text strong>{item.name}</Typography.Text>
      </Space>
      <div style={{ fontSize: 18, fontWeight: 600, margin: "4px 0" }} data-testid={`veto-figure-${item.key}`}>
        {item.figure}
      </div>
      <Typography.Text type={item.light === "red" ? "danger" : item.light === "yellow" ? "warning" : "secondary"}>{untilText(item) || " "}</Typography.Text>
    </Card>
  );
}

function VetoDrawer({ site, item, onClose }: { site: CockpitSite | undefined; item: VetoItem | null; onClose: () => void }) {
  return (
    <Drawer open={!!item} onClose={onClose} size={980} title={item && site ? `${site.name} · ${item.name}` : ""} destroyOnHidden>
      {item ? (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="veto-drawer">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="状态">
              <Space>
                <LightDot light={item.light} />
                {LIGHT_TEXT[item.light]}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="当前数值">{item.figure}</Descriptions.Item>
            <Descriptions.Item label="距否决">{untilText(item) || "—"}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title="计算依据">
            {item.explanation.map((t, i) => (
              <Typography.Paragraph key={i} style={{ marginBottom: 4 }}>
                {t}
              </Typography.Paragraph>
            ))}
          </Card>
          {item.columns ? (
            <Card size="small" title={item.key === "homepage" ? "首页展示的栏目" : "涉及的栏目"}>
              <Table rowKey="columnId" size="small" columns={columnCols} dataSource={item.columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: "无" }} />
            </Card>
          ) : null}
          {item.nextColumns && item.nextColumns.length ? (
            <Card size="small" title="即将超期、需优先更新的栏目">
              <Table rowKey="columnId" size="small" columns={columnCols} dataSource={item.nextColumns} pagination={false} />
            </Card>
          ) : null}
          {item.letters ? (
            <Card size="small" title="未答复的咨询类留言">
              <Table rowKey="letterId" size="small" columns={letterCols} dataSource={item.letters} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: "无" }} />
            </Card>
          ) : null}
          {item.documents ? (
            <Card size="small" title="涉及的信息">
              <List
                size="small"
                dataSource={item.documents}
                locale={{ emptyText: "无" }}
                renderItem={(d) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      {d.documentId ? <Link to={`/content/${d.documentId}`}>{d.title || "（无标题）"}</Link> : <Typography.Text>{d.title}</Typography.Text>}
                      {d.url ? (
                        <Typography.Text type="secondary" copyable>
                          {d.url}
                        </Typography.Text>
                      ) : null}
                      <Typography.Text type="danger">{d.reason}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

function UnitDrawer({ unit, onClose }: { unit: CockpitUnit | null; onClose: () => void }) {
  const rows = unit ? [...unit.overdue, ...unit.blank, ...unit.dueSoon] : [];
  return (
    <Drawer open={!!unit} onClose={onClose} size={900} title={unit ? `${unit.name} · 栏目更新情况` : ""} destroyOnHidden>
      {unit ? (
        <Space orientation="vertical" style={{ width: "100%" }} data-testid="unit-drawer">
          <Typography.Text>
            负责栏目 {unit.columns} 个：超期未更新 {unit.overdue.length} 个，空白 {unit.blank.length} 个，即将到期 {unit.dueSoon.length} 个；逾期留言 {unit.overdueLetters} 件。
          </Typography.Text>
          <Table rowKey="columnId" size="small" columns={columnCols} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: "没有需要处理的栏目" }} />
        </Space>
      ) : null}
    </Drawer>
  );
}

export function CockpitView({ data, siteId, allSites, onSite }: { data: Cockpit; siteId: string | undefined; allSites: boolean; onSite: (id: string) => void }) {
  const [open, setOpen] = useState<VetoItem | null>(null);
  const [unit, setUnit] = useState<CockpitUnit | null>(null);
  const [level, setLevel] = useState<"attention" | "all">("attention");
  const site = data.sites.find((s) => s.siteId === siteId) ?? data.sites[0];
  const freshRows = useMemo(() => (site ? (level === "all" ? site.freshness : site.freshness.filter((r) => r.level === "overdue" || r.level === "blank" || r.level === "due_soon")) : []), [site, level]);

  const siteCols: ColumnsType<CockpitSite> = [
    {
      title: "站点",
      dataIndex: "name",
      render: (v: string, s) => (
        <Space>
          <LightDot light={s.light} />
          <a onClick={() => onSite(s.siteId)}>{v}</a>
          <Tag>{KIND_NAMES[s.kind] ?? s.kind}</Tag>
        </Space>
      ),
    },
    ...(["unavailable", "homepage", "columns", "blank", "interaction", "serious"] as const).map((k) => ({
      title: data.sites[0]?.items.find((i) => i.key === k)?.name ?? k,
      key: k,
      width: 110,
      render: (_: unknown, s: CockpitSite) => {
        const it = s.items.find((i) => i.key === k);
        return it ? (
          <Tooltip title={`${it.figure}${untilText(it) ? `，${untilText(it)}` : ""}`}>
            <LightDot light={it.light} />
          </Tooltip>
        ) : null;
      },
    })),
    { title: "最近否决风险", key: "days", width: 130, render: (_: unknown, s) => (s.light === "red" ? <Typography.Text type="danger">已触发</Typography.Text> : s.daysUntilViolation === null ? "—" : `${s.daysUntilViolation} 天后`) },
  ];

  const unitCols: ColumnsType<CockpitUnit> = [
    {
      title: "单位",
      dataIndex: "name",
      render: (v: string, u) => (
        <Space>
          <LightDot light={u.light} />
          <a onClick={() => setUnit(u)}>{v}</a>
        </Space>
      ),
    },
    { title: "负责栏目", dataIndex: "columns", width: 90 },
    { title: "超期未更新", key: "overdue", width: 100, render: (_: unknown, u) => <Typography.Text type={u.overdue.length ? "danger" : undefined}>{u.overdue.length}</Typography.Text> },
    { title: "空白栏目", key: "blank", width: 90, render: (_: unknown, u) => <Typography.Text type={u.blank.length ? "danger" : undefined}>{u.blank.length}</Typography.Text> },
    { title: "即将到期", key: "soon", width: 90, render: (_: unknown, u) => u.dueSoon.length },
    { title: "逾期留言", dataIndex: "overdueLetters", width: 90 },
    { title: "待整改工单", key: "tickets", width: 100, render: (_: unknown, u) => (u.tickets.overdue ? <Typography.Text type="danger">{`${u.tickets.open}（逾期 ${u.tickets.overdue}）`}</Typography.Text> : u.tickets.open) },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="cockpit">
      <Card
        title={
          <Space wrap>
            <span>合规驾驶舱 · 单项否决指标实时模拟</span>
            <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>
              依据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号），{fmtDateTime(data.generatedAt)} 计算
            </Typography.Text>
          </Space>
        }
        extra={
          data.sites.length > 1 ? (
            <Select
              data-testid="cockpit-site"
              style={{ minWidth: 260 }}
              value={site?.siteId}
              onChange={onSite}
              options={data.sites.map((s) => ({ value: s.siteId, label: s.name, title: s.name }))}
              showSearch={{ optionFilterProp: "label" }}
            />
          ) : null
        }
      >
        {site ? (
          <Row gutter={[12, 12]}>
            {site.items.map((it) => (
              <Col key={it.key} xs={12} md={8} xl={4}>
                <VetoCard item={it} onOpen={() => setOpen(it)} />
              </Col>
            ))}
          </Row>
        ) : (
          <Empty description="您的账号没有可查看的站点" />
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title="今日待办" size="small" style={{ height: "100%" }}>
            <List
              data-testid="todo-list"
              dataSource={data.todo}
              locale={{ emptyText: "今天没有待办事项" }}
              renderItem={(t) => (
                <List.Item extra={t.link ? <Link to={t.link}>去处理</Link> : null}>
                  <List.Item.Meta
                    title={
                      <Space>
                        <Badge count={t.count} color={t.urgent ? "#f5222d" : "#1677ff"} overflowCount={999} showZero />
                        <span>{t.title}</span>
                        {t.urgent ? <Tag color="red">紧急</Tag> : null}
                      </Space>
                    }
                    description={t.detail}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={`近 30 天趋势${data.sites.length > 1 ? `（${allSites || !site ? "全部站点" : site.name}）` : ""}`}
            size="small"
            extra={
              <Space size="large">
                <Statistic title="逾期留言" value={data.overdueLetters.length} styles={{ content: { fontSize: 18 } }} />
                <Statistic title="待整改工单" value={data.tickets.open} suffix={data.tickets.overdue ? `（逾期 ${data.tickets.overdue}）` : undefined} styles={{ content: { fontSize: 18 } }} />
                <Statistic title="待核验工单" value={data.tickets.answered} styles={{ content: { fontSize: 18 } }} />
              </Space>
            }
          >
            <TrendChart trends={data.trends} />
          </Card>
        </Col>
      </Row>

      {site ? (
        <Card
          size="small"
          title={`栏目更新情况：${site.name}（${site.columnCounts.total} 个栏目，超期 ${site.columnCounts.overdue}，空白 ${site.columnCounts.blank}，即将到期 ${site.columnCounts.dueSoon}）`}
          extra={
            <Segmented
              value={level}
              onChange={(v) => setLevel(v as "attention" | "all")}
              options={[
                { value: "attention", label: "需关注" },
                { value: "all", label: "全部栏目" },
              ]}
            />
          }
        >
          <Table rowKey="columnId" size="small" columns={columnCols} dataSource={freshRows} pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: "所有栏目均按周期更新" }} data-testid="freshness-table" />
        </Card>
      ) : null}

      {data.sites.length > 1 ? (
        <Card size="small" title="各站点">
          <Table rowKey="siteId" size="small" columns={siteCols} dataSource={data.sites} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
        </Card>
      ) : null}

      {data.units.length ? (
        <Card size="small" title="各单位">
          <Table rowKey="unitId" size="small" columns={unitCols} dataSource={data.units} pagination={{ pageSize: 10, hideOnSinglePage: true }} data-testid="unit-table" />
        </Card>
      ) : null}

      {data.overdueLetters.length ? (
        <Card size="small" title={`逾期未办结的留言（${data.overdueLetters.length} 件）`}>
          <Table rowKey="letterId" size="small" columns={letterCols} dataSource={data.overdueLetters} pagination={{ pageSize: 10, hideOnSinglePage: true }} />
        </Card>
      ) : null}

      <VetoDrawer site={site} item={open} onClose={() => setOpen(null)} />
      <UnitDrawer unit={unit} onClose={() => setUnit(null)} />
    </Space>
  );
}
