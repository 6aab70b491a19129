import { useState } from "react";
import { Alert, App, Form, Input, Modal, Select } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { applyIssues } from "../../lib/forms";
import { useUsers } from "../../lib/lookups";
import type { User } from "../../lib/types";

interface Values {
  userId: string;
  reason: string;
  documentRef: string;
}

/** Records a written password-reset request (书面申请) for a 监管员 to approve. */
export function ResetRequestModal({ user, onClose }: { user?: User; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const users = useUsers({}, !user);
  const m = useMutation({
    mutationFn: (v: Values) =>
      api.post("/api/password-resets", { userId: v.userId, reason: v.reason.trim(), documentRef: v.documentRef.trim() }),
    onSuccess: async () => {
      message.success("重置申请已登记，待监管员审批");
      await qc.invalidateQueries({ queryKey: ["password-resets"] });
      onClose();
    },
    onError: (e) => {
      const rest = applyIssues(form, e, ["userId", "reason", "documentRef"]);
      setError(rest.length ? rest.join("；") : errorMessage(e));
    },
  });
  return (
    <Modal
      open
      title="登记密码重置申请"
      okText="提交申请"
      okButtonProps={{ loading: m.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        title="密码重置须有本人所在单位出具的书面申请，经县政府办公室监管员审批后方可重置。"
        style={{ marginBottom: 16 }}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ userId: user?.id }}
        onFinish={(v) => {
          setError(null);
          m.mutate(v);
        }}
      >
        <Form.Item label="申请重置的账号" name="userId" rules={[{ required: true, message: "请选择账号" }]}>
          {user ? (
            <Select disabled options={[{ value: user.id, label: `${user.realName}（${user.username}，${user.unitName}）` }]} />
          ) : (
            <Select
              showSearch
              optionFilterProp="label"
              loading={users.isPending}
              placeholder="输入姓名或用户名查找"
              options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.realName}（${u.username}，${u.unitName}）` }))}
            />
          )}
        </Form.Item>
        <Form.Item label="书面申请文号" name="documentRef" rules={[{ required: true, whitespace: true, message: "请填写书面申请的文号或登记编号" }]}>
          <Input maxLength={100} placeholder="如：示农业函〔2026〕12号" />
        </Form.Item>
        <Form.Item label="申请原因" name="reason" rules={[{ required: true, whitespace: true, message: "请填写申请原因" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：本人遗忘密码，账号已锁定" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
