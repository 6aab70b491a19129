import { useState } from "react";
import { App, Button, Card, Dropdown, Flex, Input, Modal, Form, Select, Space, Table, Tag, Tooltip, TreeSelect, Typography } from "antd";
import type { TableColumnsType } from "antd";
import { DownOutlined, LockOutlined, PlusOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { unitTreeOptions, useUnits, useUsers } from "../../lib/lookups";
import { reviewLevelLabel, userStatusLabels } from "../../lib/labels";
import { fmtDateTime } from "../../lib/format";
import type { User, UserStatus } from "../../lib/types";
import { useCan, useMe } from "../../auth/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { UserFormModal } from "./UserFormModal";
import { RoleDrawer } from "./RoleDrawer";
import { TrainingModal } from "./TrainingModal";
import { OffboardWizard } from "./OffboardWizard";
import { ResetRequestModal } from "../password-resets/ResetRequestModal";

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; user: User }
  | { kind: "roles"; userId: string }
  | { kind: "training"; user: User }
  | { kind: "disable"; user: User }
  | { kind: "offboard"; user: User }
  | { kind: "reset"; user: User }
  | null;

export default function UsersPage() {
  const can = useCan();
  const { data: me } = useMe();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<UserStatus | undefined>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [secret, setSecret] = useState<{ subject: string; password: string } | null>(null);

  const units = useUnits(can("unit.manage", "user.read", "user.manage"));
  const users = useUsers({ unitId, q: q || undefined, status });
  const manage = can("user.manage");

  const refresh = () => qc.invalidateQueries({ queryKey: ["users"] });

  const simple = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown; done: string }) => api.post(path, body),
    onSuccess: async (_r, v) => {
      message.success(v.done);
      await refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const columns: TableColumnsType<User> = [
    {
      title: "姓名",
      dataIndex: "realName",
      width: 110,
      render: (v: string, u) => (
        <Space size={4}>
          <Typography.Text strong>{v}</Typography.Text>
          {u.totpEnabled ? (
            <Tooltip title="已启用双因素认证">
              <SafetyCertificateOutlined style={{ color: "#16a34a" }} />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: "用户名", dataIndex: "username", width: 160, render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{v}</span> },
    { title: "单位", dataIndex: "unitName", width: 180, ellipsis: true },
    { title: "职务", dataIndex: "title", width: 120, ellipsis: true },
    { title: "手机号码", dataIndex: "mobile", width: 120 },
    {
      title: "角色",
      key: "roles",
      render: (_: unknown, u) => {
        if (!u.roles.length) return <Typography.Text type="secondary">未授权</Typography.Text>;
        // One tag per role and level; the sites it covers are in the tooltip.
        const groups = new Map<string, { label: string; scopes: string[] }>();
        for (const r of u.roles) {
          const k = `${r.role}:${r.level ?? ""}`;
          const g = groups.get(k) ?? { label: `${r.roleName}${r.level ? `·${reviewLevelLabel(r.level)}` : ""}`, scopes: [] };
          g.scopes.push(r.siteName ? `${r.siteName}${r.columnIds?.length ? `（限 ${r.columnIds.length} 个栏目）` : ""}` : "全平台");
          groups.set(k, g);
        }
        return (
          <Flex wrap gap={4}>
            {[...groups.entries()].map(([k, g]) => (
              <Tooltip key={k} title={g.scopes.join("；")}>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {g.label}
                  {g.scopes.length > 1 ? ` ×${g.scopes.length}` : ""}
                </Tag>
              </Tooltip>
            ))}
          </Flex>
        );
      },
    },
    {
      title: "状态",
      key: "status",
      width: 130,
      render: (_: unknown, u) => (
        <Space size={2} wrap>
          <Tag color={userStatusLabels[u.status]?.color}>{userStatusLabels[u.status]?.text ?? u.status}</Tag>
          {u.locked ? (
            <Tag color="red" icon={<LockOutlined />}>
              已锁定
            </Tag>
          ) : null}
        </Space>
      ),
    },
    { title: "最近登录", dataIndex: "lastLoginAt", width: 150, render: (v: string | null) => fmtDateTime(v) },
    {
      title: "操作",
      key: "actions",
      width: 170,
      fixed: "right",
      render: (_: unknown, u) => {
        const self = u.id === me?.user.id;
        const more = [
          manage && { key: "edit", label: "修改信息" },
          manage && { key: "training", label: "培训记录" },
          manage && u.locked && { key: "unlock", label: "解除锁定" },
          can("password_reset.request") && u.status !== "disabled" && { key: "reset", label: "申请重置密码" },
          manage && u.status !== "disabled" && !self && { key: "disable", label: "停用账号", danger: true },
          manage && u.status === "disabled" && { key: "enable", label: "启用账号" },
          manage && u.status !== "disabled" && !self && { key: "offboard", label: "离岗交接", danger: true },
        ].filter((x): x is { key: string; label: string; danger?: boolean } => !!x);
        return (
          <Space size={4}>
            <Button size="small" type="link" onClick={() => setDialog({ kind: "roles", userId: u.id })}>
              {can("role.assign") ? "角色授权" : "查看角色"}
            </Button>
            {more.length ? (
              <Dropdown
                menu={{
                  items: more,
                  onClick: ({ key }) => {
                    if (key === "edit") setDialog({ kind: "edit", user: u });
                    else if (key === "training") setDialog({ kind: "training", user: u });
                    else if (key === "disable") setDialog({ kind: "disable", user: u });
                    else if (key === "offboard") setDialog({ kind: "offboard", user: u });
                    else if (key === "reset") setDialog({ kind: "reset", user: u });
                    else if (key === "unlock")
                      simple.mutate({ path: `/api/users/${u.id}/unlock`, done: `已解除 ${u.realName} 的账号锁定` });
                    else if (key === "enable")
                      modal.confirm({
                        title: `确定重新启用 ${u.realName} 的账号吗？`,
                        content: "启用后该账号可使用原有角色登录系统。",
                        okText: "启用",
                        onOk: () => simple.mutateAsync({ path: `/api/users/${u.id}/enable`, done: "账号已启用" }),
                      });
                  },
                }}
              >
                <Button size="small" type="link">
                  更多 <DownOutlined />
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    },
  ];

  const roleUser = dialog?.kind === "roles" ? users.data?.find((u) => u.id === dialog.userId) : undefined;

  return (
    <>
      <PageHeader
        title="用户与角色"
        description="账号实行实名制，一人一号，不得共用。新账号须录入岗前培训记录后方可启用。"
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: "create" })} data-testid="user-create">
              新增用户
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <TreeSelect
            style={{ width: 260 }}
            treeData={unitTreeOptions(units.data)}
            placeholder="全部单位"
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            value={unitId}
            onChange={(v: string | undefined) => setUnitId(v)}
            aria-label="按单位筛选"
          />
          <Select
            style={{ width: 140 }}
            placeholder="全部状态"
            allowClear
            value={status}
            onChange={(v: UserStatus | undefined) => setStatus(v)}
            options={Object.entries(userStatusLabels).map(([value, l]) => ({ value, label: l.text }))}
            aria-label="按状态筛选"
          />
          <Input.Search
            style={{ width: 260 }}
            placeholder="姓名、用户名或手机号码"
            allowClear
            onSearch={(v) => setQ(v.trim())}
            aria-label="搜索用户"
          />
        </Flex>
        {users.isError ? (
          <PageError error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table<User>
            rowKey="id"
            size="middle"
            loading={users.isPending}
            columns={columns}
            dataSource={users.data ?? []}
            scroll={{ x: 1350 }}
            pagination={{ pageSize: 20, showSizeChanger: true, showTotal: (t) => `共 ${t} 个账号` }}
          />
        )}
      </Card>

      {dialog?.kind === "create" || dialog?.kind === "edit" ? (
        <UserFormModal
          user={dialog.kind === "edit" ? dialog.user : undefined}
          defaultUnitId={unitId}
          onClose={() => setDialog(null)}
          onCreated={(u, initialPassword) => {
            setDialog(null);
            setSecret({ subject: `${u.realName}（用户名：${u.username}）`, password: initialPassword });
          }}
        />
      ) : null}
      <RoleDrawer user={roleUser} open={dialog?.kind === "roles"} onClose={() => setDialog(null)} />
      {dialog?.kind === "training" ? <TrainingModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "disable" ? <DisableModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "offboard" ? <OffboardWizard user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "reset" ? <ResetRequestModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
      <OneTimeSecret
        open={!!secret}
        title="账号已创建"
        subject={secret?.subject ?? ""}
        label="初始密码"
        secret={secret?.password ?? ""}
        onClose={() => setSecret(null)}
      />
    </>
  );
}

function DisableModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: (reason: string) => api.post(`/api/users/${user.id}/disable`, { reason }),
    onSuccess: async () => {
      message.success(`已停用 ${user.realName} 的账号`);
      await qc.invalidateQueries({ queryKey: ["users"] });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`停用账号：${user.realName}`}
      okText="停用"
      okButtonProps={{ danger: true, loading: m.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        停用后该账号立即退出登录且不能再登录，角色授权保留。人员调离或退休请使用“离岗交接”，以便移交其负责的栏目和待办事项。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v.reason.trim())}>
        <Form.Item label="停用原因" name="reason" rules={[{ required: true, whitespace: true, message: "请填写停用原因" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：借调外单位工作期间暂停使用" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
