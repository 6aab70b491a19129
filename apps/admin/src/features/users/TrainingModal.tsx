import { useState } from "react";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Table, Typography } from "antd";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { api, errorMessage } from "../../lib/api";
import { applyIssues } from "../../lib/forms";
import { fmtDate } from "../../lib/format";
import type { ListResult, TrainingRecord, User } from "../../lib/types";

interface Values {
  course: string;
  trainedOn: Dayjs;
  trainer: string;
}

export function TrainingModal({ user, onClose }: { user: User; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const key = ["training", user.id];
  const records = useQuery({
    queryKey: key,
    queryFn: async () => {
      const r = await api.get<ListResult<TrainingRecord> | TrainingRecord[]>(`/api/users/${user.id}/training`);
      return Array.isArray(r) ? r : r.items;
    },
  });
  const add = useMutation({
    mutationFn: (v: Values) =>
      api.post(`/api/users/${user.id}/training`, {
        course: v.course.trim(),
        trainedOn: v.trainedOn.format("YYYY-MM-DD"),
        trainer: v.trainer.trim(),
      }),
    onSuccess: async () => {
      message.success(user.status === "pending_training" ? "培训记录已登记，账号已启用" : "培训记录已登记");
      form.resetFields();
      await Promise.all([qc.invalidateQueries({ queryKey: key }), qc.invalidateQueries({ queryKey: ["users"] })]);
    },
    onError: (e) => {
      const rest = applyIssues(form, e, ["course", "trainedOn", "trainer"]);
      setError(rest.length ? rest.join("；") : errorMessage(e));
    },
  });

  return (
    <Modal open title={`岗前培训记录：${user.realName}`} footer={null} onCancel={onClose} width={680} destroyOnHidden>
      {user.status === "pending_training" ? (
        <Alert
          type="warning"
          showIcon
          title="该账号尚未启用"
          description="按照网站安全管理规定，工作人员须经岗前培训后方可上岗。登记培训记录后账号自动启用。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Table<TrainingRecord>
        rowKey="id"
        size="small"
        loading={records.isPending}
        dataSource={records.data ?? []}
        pagination={false}
        locale={{ emptyText: records.isError ? errorMessage(records.error) : "暂无培训记录" }}
        columns={[
          { title: "培训日期", dataIndex: "trainedOn", width: 110, render: (v: string) => fmtDate(v) },
          { title: "培训内容", dataIndex: "course" },
          { title: "授课人 / 组织单位", dataIndex: "trainer", width: 160 },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Typography.Title level={5}>登记培训</Typography.Title>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ course: "政府网站信息发布与网络安全保密岗前培训", trainedOn: dayjs() }}
        onFinish={(v) => {
          setError(null);
          add.mutate(v);
        }}
      >
        <Form.Item label="培训内容" name="course" rules={[{ required: true, whitespace: true, message: "请填写培训内容" }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="培训日期" name="trainedOn" rules={[{ required: true, message: "请选择培训日期" }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), "day")} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="授课人 / 组织单位" name="trainer" rules={[{ required: true, whitespace: true, message: "请填写授课人或组织单位" }]}>
          <Input maxLength={100} placeholder="如：县电子政务中心" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          登记
        </Button>
      </Form>
    </Modal>
  );
}
