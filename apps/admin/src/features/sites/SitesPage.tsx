import { useState } from "react";
import { Alert, App, Button, Card, Col, Drawer, Form, Input, Row, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { api } from "../../lib/api";
import { clean, formError } from "../../lib/forms";
import { keys, unitTreeOptions, useSites, useUnits } from "../../lib/lookups";
import { siteKindLabels, siteStatusLabels } from "../../lib/labels";
import { fmtDateTime } from "../../lib/format";
import type { AdminFiling, ListResult, Site, SiteKind, SiteStatus } from "../../lib/types";
import { useCan } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";

export default function SitesPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "filings" ? "filings" : "sites";
  const [editing, setEditing] = useState<Site | "new" | null>(null);
  const manage = can("site.manage");

  return (
    <>
      <PageHeader
        title="站点管理"
        description="登记站群内门户网站、部门网站、子站和专题的主办单位、域名、网站标识码及备案信息。"
        extra={
          manage && tab === "sites" ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
              新增站点
            </Button>
          ) : null
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === "sites" ? {} : { tab: k }, { replace: true })}
          items={[
            { key: "sites", label: "站点列表", children: <SiteTable onEdit={setEditing} /> },
            { key: "filings", label: "管理员变更备案", children: <FilingsTable /> },
          ]}
        />
      </Card>
      {editing ? (
        <SiteDrawer
          site={editing === "new" ? undefined : editing}
          editable={manage || (editing !== "new" && can("site.update"))}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function SiteTable({ onEdit }: { onEdit: (s: Site) => void }) {
  const sites = useSites();
  const can = useCan();
  if (sites.isError) return <PageError error={sites.error} onRetry={() => void sites.refetch()} />;
  const byId = new Map((sites.data ?? []).map((s) => [s.id, s]));
  return (
    <Table<Site>
      rowKey="id"
      size="middle"
      loading={sites.isPending}
      dataSource={sites.data ?? []}
      scroll={{ x: 1100 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: "网站名称",
          dataIndex: "name",
          render: (v: string, s) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{v}</Typography.Text>
              {s.parentSiteId ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  隶属：{byId.get(s.parentSiteId)?.name ?? "—"}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
        { title: "类型", dataIndex: "kind", width: 100, render: (k: SiteKind) => siteKindLabels[k] ?? k },
        { title: "主办单位", dataIndex: "ownerUnitName", width: 180, ellipsis: true },
        { title: "承办单位", dataIndex: "operatorUnitName", width: 160, ellipsis: true },
        {
          title: "访问地址",
          key: "url",
          width: 240,
          render: (_: unknown, s) => (
            <Typography.Text copyable style={{ fontFamily: "monospace", fontSize: 12 }}>
              {`${s.domain}${s.pathPrefix && s.pathPrefix !== "/" ? s.pathPrefix : ""}`}
            </Typography.Text>
          ),
        },
        { title: "网站标识码", dataIndex: "siteIdCode", width: 120, render: (v: string) => <span style={{ fontFamily: "monospace" }}>{v}</span> },
        {
          title: "状态",
          dataIndex: "status",
          width: 90,
          render: (v: SiteStatus) => <Tag color={siteStatusLabels[v]?.color}>{siteStatusLabels[v]?.text ?? v}</Tag>,
        },
        {
          title: "操作",
          key: "op",
          width: 80,
          fixed: "right",
          render: (_: unknown, s) => (
            <Button type="link" size="small" onClick={() => onEdit(s)}>
              {can("site.manage", "site.update") ? "编辑" : "查看"}
            </Button>
          ),
        },
      ]}
    />
  );
}

function FilingsTable() {
  const list = useQuery({
    queryKey: ["admin-filings"],
    queryFn: () => api.get<ListResult<AdminFiling>>("/api/admin-filings").then((r) => r.items),
  });
  if (list.isError) return <PageError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        各单位站点管理员变更时由系统自动备案，记录原管理员、新管理员、变更原因和经办人。
      </Typography.Paragraph>
      <Table<AdminFiling>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: "暂无变更备案" }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: "备案时间", dataIndex: "createdAt", width: 150, render: fmtDateTime },
          { title: "网站", dataIndex: "siteName" },
          { title: "单位", dataIndex: "unitName" },
          { title: "原管理员", dataIndex: "previousUserName", width: 100, render: (v: string | null) => v ?? "—" },
          { title: "新管理员", dataIndex: "newUserName", width: 100, render: (v: string | null) => v ?? "—" },
          { title: "变更原因", dataIndex: "reason", ellipsis: true },
          { title: "经办人", dataIndex: "filedByName", width: 100, render: (v: string | null) => v ?? "—" },
        ]}
      />
    </>
  );
}

type SiteValues = Omit<Site, "id" | "ownerUnitName" | "operatorUnitName" | "settings"> & { monitorUrl: string };

const siteFields: (keyof SiteValues)[] = [
  "code",
  "name",
  "kind",
  "parentSiteId",
  "ownerUnitId",
  "operatorUnitId",
  "domain",
  "pathPrefix",
  "siteIdCode",
  "icp",
  "psb",
  "partyGovMark",
  "contactPhone",
  "contactEmail",
  "address",
  "status",
  "monitorUrl",
];

function SiteDrawer({ site, editable, onClose }: { site?: Site; editable: boolean; onClose: () => void }) {
  const [form] = Form.useForm<SiteValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const units = useUnits();
  const sites = useSites();
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch("kind", form);
  const can = useCan();
  // A unit's site administrator keeps its own contact details; identity fields are the platform's.
  const lock = !can("site.manage");

  const save = useMutation({
    mutationFn: (v: SiteValues) => {
      const body = clean(v as unknown as Record<string, unknown>, ["parentSiteId"]);
      if (body["kind"] === "portal") body["parentSiteId"] = null;
      return site ? api.patch(`/api/sites/${site.id}`, body) : api.post("/api/sites", body);
    },
    onSuccess: async () => {
      message.success(site ? "站点信息已保存" : "站点已新增");
      await qc.invalidateQueries({ queryKey: keys.sites });
      onClose();
    },
    onError: (e) => {
      setError(formError(form, e, siteFields as string[]));
    },
  });

  const unitTree = unitTreeOptions(units.data);
  const parentOptions = (sites.data ?? []).filter((s) => s.id !== site?.id).map((s) => ({ value: s.id, label: s.name }));

  return (
    <Drawer
      open
      size={720}
      title={site ? (editable ? `编辑站点：${site.name}` : site.name) : "新增站点"}
      onClose={onClose}
      destroyOnHidden
      footer={
        editable ? (
          <Space>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
              保存
            </Button>
            <Button onClick={onClose}>取消</Button>
          </Space>
        ) : null
      }
    >
      {editable && lock ? (
        <Alert
          type="info"
          showIcon
          title="站点代号、域名、网站标识码、主办和承办单位、运行状态须由系统管理员变更，您可修改备案号和联系方式。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        disabled={!editable}
        initialValues={
          site
            ? { ...site, monitorUrl: site.settings?.monitorUrl ?? "" }
            : { kind: "subsite", status: "planning", pathPrefix: "/", icp: "", psb: "", partyGovMark: "", contactPhone: "", contactEmail: "", address: "", monitorUrl: "" }
        }
        onFinish={(v) => {
          setError(null);
          save.mutate(v);
        }}
        scrollToFirstError
      >
        <Typography.Title level={5}>基本信息</Typography.Title>
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item label="网站名称" name="name" rules={[{ required: true, whitespace: true, message: "请填写网站名称" }]}>
              <Input maxLength={60} placeholder="如：示范县人民政府门户网站" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="站点代号"
              name="code"
              tooltip="系统内部使用的英文代号，用于目录和接口"
              rules={[
                { required: true, whitespace: true, message: "请填写站点代号" },
                { pattern: /^[a-z][a-z0-9-]{1,30}$/, message: "以小写字母开头，2–31 位小写字母、数字或连字符" },
              ]}
            >
              <Input maxLength={31} style={{ fontFamily: "monospace" }} disabled={lock} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="网站类型" name="kind" rules={[{ required: true, message: "请选择网站类型" }]}>
              <Select disabled={lock} options={Object.entries(siteKindLabels).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="运行状态" name="status" rules={[{ required: true, message: "请选择运行状态" }]}>
              <Select disabled={lock} options={Object.entries(siteStatusLabels).map(([value, l]) => ({ value, label: l.text }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            {kind !== "portal" ? (
              <Form.Item label="隶属网站" name="parentSiteId" tooltip="子站、专题所属的门户或部门网站">
                <Select allowClear disabled={lock} options={parentOptions} placeholder="请选择" />
              </Form.Item>
            ) : null}
          </Col>
          <Col span={12}>
            <Form.Item label="主办单位" name="ownerUnitId" rules={[{ required: true, message: "请选择主办单位" }]}>
              <TreeSelect disabled={lock} treeData={unitTree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder="请选择" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="承办单位" name="operatorUnitId" rules={[{ required: true, message: "请选择承办单位" }]}>
              <TreeSelect disabled={lock} treeData={unitTree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder="请选择" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>访问地址</Typography.Title>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              label="域名"
              name="domain"
              extra="政府网站须使用 .gov.cn 域名；子站可使用门户域名加路径"
              rules={[{ required: true, whitespace: true, message: "请填写域名" }]}
            >
              <Input disabled={lock} placeholder="www.example.gov.cn" style={{ fontFamily: "monospace" }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item label="路径前缀" name="pathPrefix" extra="独立域名填 /">
              <Input disabled={lock} placeholder="/xzf/" style={{ fontFamily: "monospace" }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>标识与备案</Typography.Title>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              label="网站标识码"
              name="siteIdCode"
              rules={[
                { required: true, whitespace: true, message: "请填写网站标识码" },
                { pattern: /^(\d{10}|bm\d{8})$/, message: "网站标识码为 10 位数字，或 bm 加 8 位数字" },
              ]}
            >
              <Input disabled={lock} maxLength={10} style={{ fontFamily: "monospace" }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="ICP备案号" name="icp">
              <Input placeholder="如：渝ICP备05003300号" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="公安机关备案号" name="psb">
              <Input placeholder="如：渝公网安备 50024202000123号" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="党政机关网站标识" name="partyGovMark" tooltip="“党政机关”标识的注册编号或证书地址">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>联系方式</Typography.Title>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label="联系电话" name="contactPhone">
              <Input placeholder="023-12345678" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="联系邮箱" name="contactEmail" rules={[{ type: "email", message: "邮箱格式不正确" }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label="通信地址" name="address">
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>监测</Typography.Title>
        <Form.Item
          label="监测访问地址"
          name="monitorUrl"
          extra="公众实际访问本站的网址，如 https://www.shifan.gov.cn/。填写后，定时监测还会检查指向其他网站的链接、通过网络核对页面是否被篡改、检测对搜索引擎的内容伪装；不填只核对发布目录中的文件。"
        >
          <Input placeholder="https://" data-testid="site-monitor-url" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

