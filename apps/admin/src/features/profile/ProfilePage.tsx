import { useMemo, useState } from "react";
import { Card, Descriptions, Empty, Flex, Input, Table, Tag, Typography } from "antd";
import { useProfile } from "../../lib/lookups";
import type { ProfileView } from "../../lib/types";
import { fmtValue } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";

type Row = ProfileView["rows"][number];

function renderValue(v: unknown) {
  if (typeof v === "boolean") return <Tag color={v ? "green" : "default"}>{v ? "启用" : "不启用"}</Tag>;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    return (
      <Descriptions
        size="small"
        column={1}
        items={Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ key: k, label: k, children: fmtValue(x) }))}
      />
    );
  }
  return fmtValue(v);
}

export default function ProfilePage() {
  const profile = useProfile();
  const [q, setQ] = useState("");

  const groups = useMemo(() => {
    const rows = profile.data?.rows ?? [];
    const t = q.trim();
    const hit = t ? rows.filter((r) => [r.label, r.source, r.note ?? "", fmtValue(r.value)].some((s) => s.includes(t))) : rows;
    const map = new Map<string, Row[]>();
    for (const r of hit) {
      const g = r.group ?? "其他";
      map.set(g, [...(map.get(g) ?? []), r]);
    }
    return [...map.entries()];
  }, [profile.data, q]);

  if (profile.isError) return <PageError error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;

  return (
    <>
      <PageHeader
        title="规则配置"
        description="本平台执行的各项管理规则取自所选规则配置，每一项注明所依据的制度条款。规则配置在部署时选定，如需调整请联系平台运维单位。"
      />
      <Card loading={profile.isPending}>
        {p ? (
          <>
            <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
              <Typography.Text>
                当前执行：<Typography.Text strong>{p.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  （配置代号 {p.name}，共 {p.rows.length} 项规则）
                </Typography.Text>
              </Typography.Text>
              <Input.Search allowClear placeholder="查找规则或条款" style={{ width: 280 }} onChange={(e) => setQ(e.target.value)} />
            </Flex>
            {groups.length === 0 ? <Empty description="没有符合条件的规则" /> : null}
            {groups.map(([group, rows]) => (
              <div key={group} style={{ marginBottom: 24 }}>
                <Typography.Title level={5} style={{ marginBottom: 8 }}>
                  {group}
                </Typography.Title>
                <Table<Row>
                  rowKey="key"
                  size="small"
                  bordered
                  dataSource={rows}
                  pagination={false}
                  columns={[
                    { title: "规则", dataIndex: "label", width: "30%" },
                    {
                      title: "取值",
                      dataIndex: "value",
                      width: "22%",
                      render: (v: unknown, r) => (
                        <>
                          {renderValue(v)}
                          {r.definedBy && r.definedBy !== "national" ? (
                            <Tag color="orange" style={{ marginLeft: 6 }}>
                              本地规定
                            </Tag>
                          ) : null}
                        </>
                      ),
                    },
                    {
                      title: "依据条款",
                      dataIndex: "source",
                      render: (v: string, r) => (
                        <>
                          {v || <Typography.Text type="secondary">国家规范</Typography.Text>}
                          {r.note ? (
                            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0 0" }}>
                              说明：{r.note}
                            </Typography.Paragraph>
                          ) : null}
                        </>
                      ),
                    },
                  ]}
                />
              </div>
            ))}
          </>
        ) : null}
      </Card>
    </>
  );
}
