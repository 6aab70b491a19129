// 问卷题目编辑：single/multiple choice, text and rating questions; any question may be shown only
// when an earlier choice question is answered with one of the chosen options.
import { Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Space, type FormInstance } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { isChoice, type BuilderQuestion } from "./survey";

export { toSurveyQuestions, type BuilderQuestion } from "./survey";

const TYPES = [
  { value: "single", label: "单选" },
  { value: "multiple", label: "多选" },
  { value: "text", label: "填空" },
  { value: "rating", label: "评分" },
];

export function SurveyBuilder({ form }: { form: FormInstance }) {
  const questions = (Form.useWatch("questions", form) as BuilderQuestion[] | undefined) ?? [];
  return (
    <Form.List name="questions">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8} data-testid="survey-builder">
          {fields.map((f, i) => {
            const q = questions[i];
            const earlier = questions.slice(0, i).map((x, j) => ({ x, j })).filter(({ x }) => isChoice(x?.type));
            const dep = q?.showIfQuestion !== undefined && q?.showIfQuestion !== null ? questions[q.showIfQuestion] : undefined;
            return (
              <Card key={f.key} size="small" title={`第 ${i + 1} 题`} extra={fields.length > 1 ? <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除该题" /> : null}>
                <Flex gap={8} wrap>
                  <Form.Item name={[f.name, "type"]} label="题型" style={{ width: 110 }} rules={[{ required: true }]}>
                    <Select options={TYPES} />
                  </Form.Item>
                  <Form.Item name={[f.name, "title"]} label="题目" style={{ flex: 1, minWidth: 260 }} rules={[{ required: true, min: 2, message: "请填写题目" }]}>
                    <Input maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[f.name, "required"]} label="必答" valuePropName="checked">
                    <Checkbox />
                  </Form.Item>
                  {q?.type === "rating" ? (
                    <Form.Item name={[f.name, "max"]} label="满分" initialValue={5}>
                      <InputNumber min={2} max={10} />
                    </Form.Item>
                  ) : null}
                </Flex>
                {isChoice(q?.type) ? (
                  <Form.List name={[f.name, "options"]}>
                    {(opts, o) => (
                      <Flex vertical gap={4} style={{ marginBottom: 8 }}>
                        {opts.map((op, j) => (
                          <Space key={op.key}>
                            <Form.Item name={[op.name, "label"]} noStyle rules={[{ required: true, message: "请填写选项" }]}>
                              <Input placeholder={`选项 ${j + 1}`} style={{ width: 320 }} maxLength={200} />
                            </Form.Item>
                            {opts.length > 2 ? <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => o.remove(op.name)} aria-label="删除选项" /> : null}
                          </Space>
                        ))}
                        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => o.add({ label: "" })} style={{ width: 120 }}>
                          添加选项
                        </Button>
                      </Flex>
                    )}
                  </Form.List>
                ) : null}
                {earlier.length ? (
                  <Flex gap={8} wrap align="center">
                    <span>显示条件：</span>
                    <Form.Item name={[f.name, "showIfQuestion"]} noStyle>
                      <Select allowClear placeholder="始终显示" style={{ width: 220 }} options={earlier.map(({ x, j }) => ({ value: j, label: `第 ${j + 1} 题：${x?.title || "（未填写）"}` }))} />
                    </Form.Item>
                    {dep ? (
                      <Form.Item name={[f.name, "showIfOptions"]} noStyle>
                        <Select mode="multiple" placeholder="选择了以下任一选项时显示" style={{ minWidth: 240 }} options={(dep.options ?? []).map((o, k) => ({ value: k, label: o?.label || `选项 ${k + 1}` }))} />
                      </Form.Item>
                    ) : null}
                  </Flex>
                ) : null}
              </Card>
            );
          })}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: "single", title: "", required: false, options: [{ label: "" }, { label: "" }] })}>
            添加题目
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
