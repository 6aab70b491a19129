import { useState } from "react";
import { Alert, Button, Form, Input, Typography } from "antd";
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../../lib/api";
import { applyIssues } from "../../lib/forms";
import type { LoginResult, PasswordPolicy } from "../../lib/types";

const classNames: Record<string, string> = {
  digits: "数字",
  digit: "数字",
  lower: "小写字母",
  lowercase: "小写字母",
  upper: "大写字母",
  uppercase: "大写字母",
  symbols: "特殊符号",
  symbol: "特殊符号",
};

function classCount(pw: string): number {
  return [/\d/, /[a-z]/, /[A-Z]/, /[^0-9a-zA-Z]/].filter((r) => r.test(pw)).length;
}

export function usePasswordPolicy() {
  return useQuery({
    queryKey: ["password-policy"],
    queryFn: () => api.get<PasswordPolicy>("/api/auth/password-policy"),
    staleTime: 10 * 60_000,
  });
}

export function PolicyText({ policy }: { policy: PasswordPolicy }) {
  const classes = Array.isArray(policy.requiredClasses)
    ? `须同时包含${policy.requiredClasses.map((c) => classNames[c] ?? c).join("、")}`
    : `须包含数字、小写字母、大写字母、特殊符号中的至少 ${policy.requiredClasses} 类`;
  // The server words the whole policy itself; the list is only a fallback.
  if (policy.text) return <Typography.Paragraph style={{ margin: 0 }}>{policy.text}</Typography.Paragraph>;
  return (
    <div>
      <ul style={{ margin: 0, paddingInlineStart: 20, color: "rgba(0,0,0,.65)", fontSize: 13 }}>
        <li>长度不少于 {policy.minLength} 位，{classes}；</li>
        {policy.historyCount > 0 ? <li>不得与最近 {policy.historyCount} 次使用过的密码相同；</li> : null}
        {policy.rotationDays > 0 ? <li>每 {policy.rotationDays} 天须更换一次。</li> : null}
      </ul>
    </div>
  );
}

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change of one's own password: the forced change at login and the one on 我的账号. */
export function PasswordChangeForm({
  onDone,
  submitText = "修改密码",
}: {
  onDone: (res: LoginResult) => void | Promise<void>;
  submitText?: string;
}) {
  const [form] = Form.useForm<Values>();
  const policy = usePasswordPolicy();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const res = await api.post<LoginResult>("/api/auth/password", {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      form.resetFields();
      await onDone(res);
    } catch (e) {
      const rest = applyIssues(form, e, ["currentPassword", "newPassword"]);
      setError(rest.length ? rest.join("；") : errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const p = policy.data;
  return (
    <Form form={form} layout="vertical" onFinish={submit} name="password-change" requiredMark={false}>
      {p ? (
        <Alert type="info" title="密码要求" description={<PolicyText policy={p} />} style={{ marginBottom: 16 }} />
      ) : policy.isError ? (
        <Alert type="warning" showIcon title="未能读取密码规则，提交后由系统检查。" style={{ marginBottom: 16 }} />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: "请输入当前密码" }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        rules={[
          { required: true, message: "请输入新密码" },
          {
            validator: async (_, value: string | undefined) => {
              if (!value || !p) return;
              if (value.length < p.minLength) throw new Error(`新密码不少于 ${p.minLength} 位`);
              const need = Array.isArray(p.requiredClasses) ? p.requiredClasses.length : p.requiredClasses;
              if (classCount(value) < need) throw new Error("新密码的字符种类不符合要求");
            },
          },
        ]}
        hasFeedback
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={["newPassword"]}
        hasFeedback
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue("newPassword")) throw new Error("两次输入的新密码不一致");
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {submitText}
      </Button>
    </Form>
  );
}
