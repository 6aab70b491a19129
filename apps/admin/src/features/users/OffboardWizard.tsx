import { useMemo, useState } from "react";
import { Alert, App, Button, Checkbox, Descriptions, Form, Input, Modal, Result, Select, Steps, Typography } from "antd";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { api, errorMessage } from "../../lib/api";
import { useUsers } from "../../lib/lookups";
import type { User } from "../../lib/types";

const handedOverLabels: Record<string, string> = {
  columns: "负责栏目",
  roles: "角色授权",
  tasks: "待办任务",
  drafts: "未完成稿件",
  reviews: "待审稿件",
  deadlines: "办理时限事项",
};

function defaultCommitment(user: User): string {
  return (
    `本人${user.realName}（${user.unitName}${user.title ? user.title : ""}），因工作变动于${dayjs().format("YYYY年M月D日")}离开网站管理岗位，郑重承诺：\n` +
    "一、离岗后不以任何形式泄露在岗期间知悉的国家秘密、工作秘密和未公开的政务信息；\n" +
    "二、已交回本人使用的全部账号、密码及数字证书等介质，不再登录或使用网站管理系统；\n" +
    "三、已将本人负责的栏目、未完成稿件和待办事项交接给接替人员；\n" +
    "四、如有违反，愿承担相应责任。"
  );
}

interface Values {
  successorId: string;
  commitment: string;
  signed: boolean;
}

export function OffboardWizard({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useUsers({ status: "active" });
  const successorId = Form.useWatch("successorId", { form, preserve: true });

  const candidates = useMemo(
    () =>
      (users.data ?? [])
        .filter((u) => u.id !== user.id && u.status === "active")
        // Colleagues of the same unit first: they usually take over.
        .sort((a, b) => Number(b.unitId === user.unitId) - Number(a.unitId === user.unitId)),
    [users.data, user],
  );
  const successor = candidates.find((u) => u.id === successorId);

  const m = useMutation({
    mutationFn: (v: Values) =>
      api.post<{ handedOver: Record<string, unknown> }>(`/api/users/${user.id}/offboard`, {
        successorId: v.successorId,
        commitment: v.commitment.trim(),
      }),
    onSuccess: async (r) => {
      setResult(r?.handedOver ?? {});
      message.success("离岗交接已完成");
      await qc.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const next = async () => {
    const fields: (keyof Values)[][] = [["successorId"], ["commitment", "signed"]];
    try {
      await form.validateFields(fields[step] ?? []);
      setStep((s) => s + 1);
    } catch {
      // the form shows what is missing
    }
  };

  const footer = result
    ? [
        <Button key="ok" type="primary" onClick={onClose}>
          完成
        </Button>,
      ]
    : [
        step > 0 ? (
          <Button key="back" onClick={() => setStep((s) => s - 1)}>
            上一步
          </Button>
        ) : null,
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        step < 2 ? (
          <Button key="next" type="primary" onClick={() => void next()}>
            下一步
          </Button>
        ) : (
          <Button key="submit" type="primary" danger loading={m.isPending} onClick={() => form.submit()}>
            确认交接并停用账号
          </Button>
        ),
      ];

  return (
    <Modal open title={`离岗交接：${user.realName}`} width={720} onCancel={onClose} footer={footer} mask={{ closable: false }} destroyOnHidden>
      <Steps
        current={result ? 3 : step}
        size="small"
        style={{ margin: "8px 0 24px" }}
        items={[{ title: "选择接替人员" }, { title: "保密承诺" }, { title: "确认交接" }]}
      />
      {result ? (
        <Result
          status="success"
          title="离岗交接已完成，账号已停用"
          subTitle={`已移交给 ${successor?.realName ?? "接替人员"}`}
          extra={
            <Descriptions
              size="small"
              bordered
              column={2}
              items={Object.entries(result).map(([k, v]) => ({
                key: k,
                label: handedOverLabels[k] ?? k,
                children: typeof v === "number" ? `${v} 项` : String(v),
              }))}
            />
          }
        />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ commitment: defaultCommitment(user), signed: false }}
          onFinish={(v) => {
            setError(null);
            m.mutate({ ...form.getFieldsValue(true), ...v } as Values);
          }}
        >
          <div style={{ display: step === 0 ? "block" : "none" }}>
            <Typography.Paragraph type="secondary">
              {user.realName}负责的栏目、未完成的稿件和待办事项将全部移交给接替人员，请选择本单位在岗人员。
            </Typography.Paragraph>
            <Form.Item label="接替人员" name="successorId" rules={[{ required: true, message: "请选择接替人员" }]}>
              <Select
                showSearch
                loading={users.isPending}
                optionFilterProp="label"
                placeholder="输入姓名查找"
                options={candidates.map((u) => ({ value: u.id, label: `${u.realName}（${u.unitName}${u.title ? "，" + u.title : ""}）` }))}
              />
            </Form.Item>
          </div>
          <div style={{ display: step === 1 ? "block" : "none" }}>
            <Form.Item label="保密承诺书" name="commitment" rules={[{ required: true, whitespace: true, message: "请填写保密承诺内容" }]}>
              <Input.TextArea rows={8} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item
              name="signed"
              valuePropName="checked"
              rules={[{ validator: async (_, v: boolean) => { if (!v) throw new Error("请确认本人已签署保密承诺书"); } }]}
            >
              <Checkbox>本人已当面签署纸质保密承诺书，原件由单位存档</Checkbox>
            </Form.Item>
          </div>
          {step === 2 ? (
            <>
              <Alert
                type="warning"
                showIcon
                title="提交后立即生效，不能撤回"
                description="该账号将被停用并退出登录；其负责的栏目和待办事项移交给接替人员；如该人员掌握共用的服务器、域名或新媒体账号密码，请同步修改。"
                style={{ marginBottom: 16 }}
              />
              <Descriptions
                bordered
                size="small"
                column={1}
                items={[
                  { key: "who", label: "离岗人员", children: `${user.realName}（${user.username}，${user.unitName}）` },
                  { key: "to", label: "接替人员", children: successor ? `${successor.realName}（${successor.unitName}）` : "—" },
                  {
                    key: "roles",
                    label: "现有角色",
                    children: user.roles.length ? user.roles.map((r) => r.roleName).join("、") : "无",
                  },
                ]}
              />
              {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} /> : null}
            </>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}
