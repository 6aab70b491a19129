import { useState } from "react";
import { Alert, App, Form, Input, Modal, TreeSelect } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { applyIssues, clean } from "../../lib/forms";
import { unitTreeOptions, useUnits } from "../../lib/lookups";
import type { User } from "../../lib/types";

interface Values {
  unitId: string;
  username: string;
  realName: string;
  title: string;
  mobile: string;
  email: string;
}

const fields = ["unitId", "username", "realName", "title", "mobile", "email"];

export function UserFormModal({
  user,
  defaultUnitId,
  onClose,
  onCreated,
}: {
  user?: User;
  defaultUnitId?: string;
  onClose: () => void;
  onCreated: (user: User, initialPassword: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);

  const m = useMutation({
    mutationFn: async (v: Values) => {
      const body = clean(v as unknown as Record<string, unknown>);
      if (user) {
        const { username: _ignored, ...rest } = body;
        await api.patch(`/api/users/${user.id}`, rest);
        return null;
      }
      return api.post<{ user: User; initialPassword: string }>("/api/users", body);
    },
    onSuccess: async (res) => {
      await qc.invalidateQueries({ queryKey: ["users"] });
      if (res) onCreated(res.user, res.initialPassword);
      else {
        message.success("用户信息已保存");
        onClose();
      }
    },
    onError: (e) => {
      const rest = applyIssues(form, e, fields);
      setError(rest.length ? rest.join("；") : errorMessage(e));
    },
  });

  return (
    <Modal
      open
      title={user ? `修改用户信息：${user.realName}` : "新增用户"}
      okText={user ? "保存" : "创建账号"}
      okButtonProps={{ loading: m.isPending, "data-testid": "user-form-submit" }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {!user ? (
        <Alert
          type="info"
          showIcon
          title="创建后系统生成一次性初始密码，本人首次登录时须修改。按规定须先录入岗前培训记录，账号方可启用。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={user ?? { unitId: defaultUnitId, title: "", email: "" }}
        onFinish={(v) => {
          setError(null);
          m.mutate(v);
        }}
      >
        <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: "请选择所属单位" }]}>
          <TreeSelect
            treeData={unitTreeOptions(units.data)}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder="请选择"
            loading={units.isPending}
          />
        </Form.Item>
        <Form.Item
          label="用户名"
          name="username"
          extra={user ? "用户名创建后不能修改" : "用于登录，建议使用姓名拼音，创建后不能修改"}
          rules={[
            { required: true, whitespace: true, message: "请填写用户名" },
            { pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, message: "用户名以字母开头，3 至 32 位字母、数字或 _ . -" },
          ]}
        >
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item label="真实姓名" name="realName" rules={[{ required: true, whitespace: true, message: "请填写真实姓名" }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label="职务" name="title">
          <Input maxLength={50} placeholder="如：办公室科员" />
        </Form.Item>
        <Form.Item
          label="手机号码"
          name="mobile"
          rules={[
            { required: true, message: "请填写手机号码" },
            { pattern: /^1\d{10}$/, message: "请填写 11 位手机号码" },
          ]}
        >
          <Input maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Form.Item label="电子邮箱" name="email" rules={[{ type: "email", message: "电子邮箱格式不正确" }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
