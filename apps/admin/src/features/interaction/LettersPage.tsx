// 留言办理: the letters the person may see — the operating centre's intake queue, the letters
// forwarded to the person's unit, or everything in scope — with the countdown of each open stage.
import { useState } from "react";
import { Link } from "react-router-dom";
import { Card, Empty, Flex, Input, Segmented, Select, Switch, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { useUnits } from "../../lib/lookups";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { ikeys, LETTER_STATUS_COLOR, useInteractionMeta, type Channel, type LetterRow } from "./api";
import { Countdowns } from "./countdown";

type Box = "all" | "intake" | "mine";

export default function LettersPage() {
  const meta = useInteractionMeta();
  const [box, setBox] = useState<Box>("all");
  const [status, setStatus] = useState<string[]>([]);
  const [kind, setKind] = useState<string | undefined>();
  const [siteId, setSiteId] = useState<string | undefined>();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [channelId, setChannelId] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const filters = { box, status: status.join(","), kind, siteId, unitId, channelId, overdue: overdue ? "true" : undefined, q: q.trim() || undefined, page, pageSize: 20 };
  const list = useQuery({
    queryKey: ikeys.letters(filters),
    queryFn: () => api.get<{ total: number; items: LetterRow[] }>("/api/interaction/letters", filters),
    refetchInterval: 60_000,
  });
  const hasIntake = (meta.data?.scope.intakeSiteIds.length ?? 0) > 0;
  // The centre and supervisors read every unit's inbox; a unit reads its own.
  const units = useUnits(hasIntake || !!meta.data?.scope.all);
  const letterStatus = meta.data?.letterStatus ?? {};
  const siteName = (id: string) => meta.data?.sites.find((s) => s.id === id)?.name;
  // Channels (县长信箱, 书记信箱 …) of the chosen site, or of the only site the person runs.
  const channelSite = siteId ?? (meta.data?.sites.length === 1 ? meta.data.sites[0]?.id : undefined);
  const channels = useQuery({
    queryKey: ikeys.channels(channelSite ?? ""),
    queryFn: () => api.get<{ items: Channel[] }>(`/api/sites/${channelSite}/interaction/channels`).then((r) => r.items),
    enabled: !!channelSite,
  });

  return (
    <>
      <PageHeader
        title="留言办理"
        description="运维中心受理、转办和公开留言；承办单位起草答复并经单位负责人审定。各环节按工作日计算期限，临近到期显示橙色，超期显示红色。"
      />
      <Card size="small">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<Box>
            data-testid="letters-box"
            value={box}
            onChange={(v) => {
              setBox(v);
              setPage(1);
            }}
            options={[
              { label: "全部留言", value: "all" },
              ...(hasIntake ? [{ label: "待受理（运维中心）", value: "intake" as Box }] : []),
              { label: "本单位待办", value: "mine" },
            ]}
          />
          <Select
            mode="multiple"
            allowClear
            placeholder="办理状态"
            style={{ minWidth: 180 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={Object.entries(letterStatus).map(([value, label]) => ({ value, label: label.replace(/（.*）/, "") }))}
            data-testid="letters-filter-status"
          />
          <Select
            allowClear
            placeholder="留言类型"
            style={{ width: 170 }}
            value={kind}
            onChange={(v) => {
              setKind(v);
              setPage(1);
            }}
            options={Object.entries(meta.data?.channelKinds ?? {})
              .filter(([k]) => ["mailbox", "consultation", "complaint", "suggestion", "error_report"].includes(k))
              .map(([value, label]) => ({ value, label }))}
            data-testid="letters-filter-kind"
          />
          {meta.data && meta.data.sites.length > 1 ? (
            <Select
              allowClear
              placeholder="站点"
              style={{ width: 220 }}
              value={siteId}
              onChange={(v) => {
                setSiteId(v);
                setChannelId(undefined);
                setPage(1);
              }}
              options={meta.data.sites.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="letters-filter-site"
            />
          ) : null}
          {channelSite ? (
            <Select
              allowClear
              placeholder="留言渠道"
              style={{ width: 170 }}
              value={channelId}
              onChange={(v) => {
                setChannelId(v);
                setPage(1);
              }}
              options={(channels.data ?? []).filter((c) => ["mailbox", "consultation", "complaint", "suggestion", "error_report"].includes(c.kind)).map((c) => ({ value: c.id, label: c.name }))}
              data-testid="letters-filter-channel"
            />
          ) : null}
          {hasIntake || meta.data?.scope.all ? (
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              placeholder="承办单位"
              style={{ width: 220 }}
              value={unitId}
              onChange={(v) => {
                setUnitId(v);
                setPage(1);
              }}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="letters-filter-unit"
            />
          ) : null}
          <Flex align="center" gap={6}>
            <Switch
              size="small"
              checked={overdue}
              onChange={(v) => {
                setOverdue(v);
                setPage(1);
              }}
              data-testid="letters-filter-overdue"
            />
            <span>只看超期</span>
          </Flex>
          <Input.Search
            allowClear
            placeholder="标题或受理编号"
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            data-testid="letters-search"
          />
        </Flex>
        {list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<LetterRow>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            data-testid="letters-list"
            rowClassName={(r) => (r.deadlines.some((d) => d.overdue) ? "gs-row-overdue" : "")}
            onRow={(r) => ({ "data-testid": "letter-row", "data-case-no": r.caseNo, "data-status": r.status }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 件` }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无留言" /> }}
            columns={[
              { title: "受理编号", dataIndex: "caseNo", width: 150, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              {
                title: "标题",
                dataIndex: "title",
                render: (t: string, r) => (
                  <Flex vertical gap={2}>
                    <Link to={`/interaction/letters/${r.id}`} data-testid="letter-open">
                      {t}
                    </Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.channel}
                      {siteName(r.siteId) ? ` · ${siteName(r.siteId)}` : ""} · 来信人 {r.writerName}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: "状态",
                dataIndex: "status",
                width: 110,
                render: (s: string, r) => <Tag color={LETTER_STATUS_COLOR[s]}>{r.statusName?.replace(/（.*）/, "") ?? s}</Tag>,
              },
              {
                title: "承办单位",
                dataIndex: "units",
                width: 200,
                render: (us: LetterRow["units"]) => (us.length ? us.map((u) => u.name).join("、") : <Typography.Text type="secondary">未转办</Typography.Text>),
              },
              { title: "收到时间", dataIndex: "receivedAt", width: 150, render: (v: string) => fmtDateTime(v) },
              { title: "办理期限", dataIndex: "deadlines", width: 230, render: (d: LetterRow["deadlines"], r) => <Countdowns items={d} empty={r.repliedAt ? `已于 ${fmtDateTime(r.repliedAt)} 答复` : "—"} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
