// The console's form dialog: validated, sent through onSubmit, the server's issues put on its
// fields (lib/forms), any other error shown above the form. Test hooks: `<testId>` on the form,
// `<testId>-confirm` on the OK button, `<testId>-error` on the error banner.
import type { ReactNode } from "react";
import { Alert, Form, Modal } from "antd";
import { useFormSubmit } from "../lib/forms";

/** A dialog with a form: validated, sent, the server's issues put on its fields. */
export function FormModal({
  open,
  title,
  okText = "确定",
  danger,
  onClose,
  onSubmit,
  children,
  fields,
  testId,
  initialValues,
  width,
}: {
  open: boolean;
  title: string;
  okText?: string;
  danger?: boolean;
  onClose: () => void;
  onSubmit: (values: Record<string, unknown>) => Promise<unknown>;
  children: ReactNode;
  fields: string[];
  testId: string;
  initialValues?: Record<string, unknown>;
  width?: number;
}) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const { error, busy, submit } = useFormSubmit(form, fields);
  const ok = async () => {
    if (!(await submit(onSubmit))) return;
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => void ok()}
      okText={okText}
      cancelText="取消"
      width={width}
      destroyOnHidden
      okButtonProps={{ danger, loading: busy, "data-testid": `${testId}-confirm` }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid={`${testId}-error`} /> : null}
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid={testId}>
        {children}
      </Form>
    </Modal>
  );
}
