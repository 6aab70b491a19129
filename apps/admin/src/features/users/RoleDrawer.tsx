import { useMemo, useState } from "react";
import { Alert, App, Button, Card, Divider, Drawer, Empty, Form, Popconfirm, Select, Space, Tag, TreeSelect, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { applyIssues } from "../../lib/forms";
import { buildTree, useColumns, useRoles, useSites } from "../../lib/lookups";
import { reviewLevelLabel } from "../../lib/labels";
import type { RoleAssignment, User } from "../../lib/types";
import { useCan, useMe } from "../../auth/session";

const levelHints: Record<number, string> = { 1: "初审", 2: "科室负责人", 3: "分管或主要领导签发" };

interface Values {
  role: string;
  siteId?: string;
  columnIds?: string[];
  level?: number;
}

export function RoleDrawer({ user, open, onClose }: { user: User | undefined; open: boolean; onClose: () => void }) {
  const can = useCan();
  const assign = can("role.assign");
  return (
    <Drawer
      open={open && !!user}
      onClose={onClose}
      size={620}
      title={user ? `角色授权：${user.realName}（${user.unitName}）` : "角色授权"}
      destroyOnHidden
    >
      {user ? (
        <Space orientation="vertical" size="large" style={{ width: "100%" }}>
          <Alert
            type="info"
            showIcon
            title="最小授权"
            description="系统管理员不得编辑或审核内容，安全审计员只能查阅审计日志；只能授予本人持有且在本人管理范围内的权限。"
          />
          <CurrentRoles user={user} canRevoke={assign} />
          {assign ? <GrantForm user={user} /> : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

function CurrentRoles({ user, canRevoke }: { user: User; canRevoke: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: string) => api.del(`/api/role-assignments/${id}`),
    onSuccess: async () => {
      message.success("已撤销该角色");
      await qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card size="small" title="现有角色">
      {user.roles.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未授予任何角色" />
      ) : (
        <Space orientation="vertical" style={{ width: "100%" }}>
          {user.roles.map((r) => (
            <RoleLine key={r.id} role={r}>
              {canRevoke ? (
                <Popconfirm
                  title={`撤销“${r.roleName}”角色？`}
                  okText="撤销"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke.mutateAsync(r.id)}
                >
                  <Button size="small" danger type="link">
                    撤销
                  </Button>
                </Popconfirm>
              ) : null}
            </RoleLine>
          ))}
        </Space>
      )}
    </Card>
  );
}

function RoleLine({ role, children }: { role: RoleAssignment; children?: React.ReactNode }) {
  return (
    <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", borderBottom: "1px dashed #eee", paddingBottom: 6 }}>
      <span>
        <Tag color="blue">
          {role.roleName}
          {role.level ? `·${reviewLevelLabel(role.level)}` : ""}
        </Tag>
        <Typography.Text type="secondary">
          {role.siteName ? `站点：${role.siteName}` : "全平台"}
          {role.columnIds?.length ? `，限 ${role.columnIds.length} 个栏目` : role.siteName ? "，全部栏目" : ""}
        </Typography.Text>
      </span>
      {children}
    </div>
  );
}

function GrantForm({ user }: { user: User }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roles = useRoles();
  const sites = useSites();
  const [error, setError] = useState<string | null>(null);
  const roleKey = Form.useWatch("role", form);
  const siteId = Form.useWatch("siteId", form);
  const def = roles.data?.find((r) => r.key === roleKey);
  const columns = useColumns(def?.scope === "site" ? siteId : undefined);
  const { data: me } = useMe();

  // Offer only what this person may grant: the roles their own roles assign, on their own sites.
  const { roleOptions, siteOptions } = useMemo(() => {
    const all = roles.data ?? [];
    const mine = new Set((me?.roles ?? []).map((r) => r.role));
    const granting = all.filter((r) => mine.has(r.key) && r.assigns);
    const assignable = granting.length ? new Set(granting.flatMap((r) => r.assigns ?? [])) : null;
    const platformGranter = (me?.roles ?? []).some((r) => !r.siteId && granting.some((g) => g.key === r.role && (g.assigns?.length ?? 0) > 0));
    const mySites = new Set((me?.roles ?? []).filter((r) => r.siteId && granting.some((g) => g.key === r.role)).map((r) => r.siteId));
    return {
      roleOptions: all.filter((r) => !assignable || assignable.has(r.key)),
      siteOptions: (sites.data ?? []).filter((s) => platformGranter || !assignable || mySites.has(s.id)),
    };
  }, [roles.data, sites.data, me?.roles]);

  const columnTree = useMemo(
    () => buildTree((columns.data ?? []).filter((c) => !c.archived), (c) => ({ title: c.name })),
    [columns.data],
  );

  const grant = useMutation({
    mutationFn: (v: Values) =>
      api.post("/api/role-assignments", {
        userId: user.id,
        role: v.role,
        ...(def?.levels?.length ? { level: v.level } : {}),
        ...(def?.scope === "site" ? { siteId: v.siteId, columnIds: v.columnIds?.length ? v.columnIds : null } : {}),
      }),
    onSuccess: async () => {
      message.success("角色已授予");
      form.resetFields();
      setError(null);
      await qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e) => {
      const rest = applyIssues(form, e, ["role", "siteId", "columnIds", "level"]);
      setError(rest.length ? rest.join("；") : errorMessage(e));
    },
  });

  return (
    <Card size="small" title="授予新角色">
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => grant.mutate(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if ("role" in changed) form.setFieldsValue({ siteId: undefined, columnIds: undefined, level: undefined });
          if ("siteId" in changed) form.setFieldsValue({ columnIds: undefined });
          if (error) setError(null);
        }}
      >
        <Form.Item label="角色" name="role" rules={[{ required: true, message: "请选择角色" }]}>
          <Select
            loading={roles.isPending}
            placeholder="请选择"
            options={roleOptions.map((r) => ({ value: r.key, label: r.name }))}
            optionRender={(o) => {
              const r = roles.data?.find((x) => x.key === o.value);
              return (
                <div>
                  <div>{r?.name}</div>
                  {r?.description ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "normal" }}>
                      {r.description}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            }}
          />
        </Form.Item>
        {def ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            适用范围：{def.scope === "platform" ? "全平台" : "指定站点，可进一步限定栏目"}
          </Typography.Paragraph>
        ) : null}
        {def?.scope === "site" ? (
          <>
            <Form.Item label="站点" name="siteId" rules={[{ required: true, message: "请选择站点" }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={sites.isPending}
                placeholder="请选择站点"
                options={siteOptions.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
            <Form.Item label="栏目范围" name="columnIds" extra="不选则适用于该站点的全部栏目">
              <TreeSelect
                treeData={columnTree}
                treeCheckable
                showCheckedStrategy={TreeSelect.SHOW_PARENT}
                disabled={!siteId}
                loading={columns.isFetching}
                placeholder={siteId ? "全部栏目" : "请先选择站点"}
                treeDefaultExpandAll
                showSearch
                treeNodeFilterProp="title"
                maxTagCount={6}
              />
            </Form.Item>
          </>
        ) : null}
        {def?.levels?.length ? (
          <Form.Item label="审核级别" name="level" rules={[{ required: true, message: "请选择审核级别" }]}>
            <Select options={def.levels.map((l) => ({ value: l, label: `${reviewLevelLabel(l) || `${l}级`}${levelHints[l] ? `（${levelHints[l]}）` : ""}` }))} placeholder="请选择" />
          </Form.Item>
        ) : null}
        <Divider style={{ margin: "8px 0 16px" }} />
        <Button type="primary" htmlType="submit" loading={grant.isPending}>
          授予
        </Button>
      </Form>
    </Card>
  );
}
