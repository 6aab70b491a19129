import { Card, Descriptions, Table, Tag, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
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
  const profile = useQuery({ queryKey: ["profile"], queryFn: () => api.get<ProfileView>("/api/profile") });
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
            <Descriptions
              size="small"
              column={2}
              style={{ marginBottom: 16 }}
              items={[
                { key: "title", label: "当前规则", children: <Typography.Text strong>{p.title}</Typography.Text> },
                { key: "name", label: "配置代号", children: <Typography.Text code>{p.name}</Typography.Text> },
              ]}
            />
            <Table<Row>
              rowKey="key"
              size="middle"
              bordered
              dataSource={p.rows}
              pagination={false}
              columns={[
                { title: "规则", dataIndex: "label", width: "34%" },
                { title: "取值", dataIndex: "value", width: "26%", render: renderValue },
                { title: "依据条款", dataIndex: "source", render: (v: string) => v || <Typography.Text type="secondary">国家规范</Typography.Text> },
              ]}
            />
          </>
        ) : null}
      </Card>
    </>
  );
}
