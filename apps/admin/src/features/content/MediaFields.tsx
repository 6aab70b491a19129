// 附件与图片: the attachment list and the picture set (组图) of a document. Uploads go to
// POST /api/media, which identifies the type by content, scans for viruses and answers in Chinese.
import { useRef, useState } from "react";
import { Alert, App, Button, Empty, Flex, Input, Space, Table, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, PictureOutlined, UploadOutlined } from "@ant-design/icons";
import { errorMessage, uploadFile } from "../../lib/api";
import type { Media } from "./types";
import { fmtSize } from "./labels";

const ATTACHMENT_ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.wps,.ofd,.jpg,.jpeg,.png,.gif,.mp4,.zip";

export interface AttachmentValue {
  mediaId: string;
  name: string;
  size?: number;
  kindName?: string;
}

export function AttachmentsField({ value = [], onChange, disabled }: { value?: AttachmentValue[]; onChange?: (v: AttachmentValue[]) => void; disabled?: boolean }) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const [errors, setErrors] = useState<string[]>([]);
  // Upload callbacks outlive the render that started them; they read the newest list from here.
  const latest = useRef(value);
  latest.current = value;
  const set = (v: AttachmentValue[]) => onChange?.(v);

  return (
    <div data-testid="attachments">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Upload
          accept={ATTACHMENT_ACCEPT}
          multiple
          showUploadList={false}
          disabled={disabled}
          customRequest={({ file }) => {
            setUploading((n) => n + 1);
            uploadFile<{ media: Media }>("/api/media", file as File)
              .then(({ media }) => {
                // The latest list: several uploads may finish in any order.
                const next = [...latest.current, { mediaId: media.id, name: media.originalName.replace(/\.[^.]+$/, ""), size: media.size, kindName: media.kindName }];
                latest.current = next;
                onChange?.(next);
                message.success(`已上传：${media.originalName}${media.scan === "clean" ? "（病毒扫描通过）" : ""}`);
              })
              .catch((e: unknown) => setErrors((x) => [...x, `${(file as File).name}：${errorMessage(e)}`]))
              .finally(() => setUploading((n) => n - 1));
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading > 0} disabled={disabled} data-testid="attachment-upload">
            上传附件
          </Button>
        </Upload>
        <Typography.Text type="secondary">
          支持 PDF、Word、Excel、WPS、OFD、图片、MP4 视频和 ZIP 压缩包；按文件实际内容识别类型，并进行病毒扫描。
        </Typography.Text>
      </Flex>
      {errors.length ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setErrors([]) }}
          title="以下文件未能上传"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 8 }}
        />
      ) : null}
      {value.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" />
      ) : (
        <Table<AttachmentValue>
          size="small"
          rowKey={(r) => r.mediaId}
          pagination={false}
          dataSource={value}
          columns={[
            { title: "序号", width: 60, render: (_v, _r, i) => i + 1 },
            {
              title: "附件名称（网站上显示）",
              render: (_v, r, i) => (
                <Input
                  prefix={<PaperClipOutlined />}
                  value={r.name}
                  maxLength={200}
                  disabled={disabled}
                  aria-label={`附件 ${i + 1} 名称`}
                  onChange={(e) => set(value.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                />
              ),
            },
            { title: "类型", width: 120, render: (_v, r) => r.kindName ?? "—" },
            { title: "大小", width: 90, render: (_v, r) => (r.size ? fmtSize(r.size) : "—") },
            {
              title: "操作",
              width: 140,
              render: (_v, r, i) => (
                <Space size={4}>
                  <Typography.Link href={`/api/media/${r.mediaId}`} target="_blank">
                    下载
                  </Typography.Link>
                  <Button
                    type="link"
                    size="small"
                    danger
                    disabled={disabled}
                    icon={<DeleteOutlined />}
                    onClick={() => set(value.filter((_x, j) => j !== i))}
                  >
                    移除
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

export interface ImageValue {
  mediaId: string;
  alt: string;
  caption?: string;
  name?: string;
}

/** The picture set (组图) shown with 图片新闻; every picture needs alternative text. */
export function ImagesField({
  value = [],
  onChange,
  disabled,
  errors,
}: {
  value?: ImageValue[];
  onChange?: (v: ImageValue[]) => void;
  disabled?: boolean;
  /** Per-row server issues, e.g. from images.0.alt. */
  errors?: Record<number, string>;
}) {
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const latestImages = useRef(value);
  latestImages.current = value;
  return (
    <div data-testid="images">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Upload
          accept=".jpg,.jpeg,.png,.gif"
          multiple
          showUploadList={false}
          disabled={disabled}
          customRequest={({ file }) => {
            setUploading((n) => n + 1);
            uploadFile<{ media: Media }>("/api/media", file as File)
              .then(({ media }) => {
                if (!["jpg", "png", "gif"].includes(media.ext)) {
                  setError(`“${media.originalName}”不是图片（${media.kindName}），请作为附件上传。`);
                  return;
                }
                const next = [...latestImages.current, { mediaId: media.id, alt: "", caption: "", name: media.originalName }];
                latestImages.current = next;
                onChange?.(next);
              })
              .catch((e: unknown) => setError(`${(file as File).name}：${errorMessage(e)}`))
              .finally(() => setUploading((n) => n - 1));
          }}
        >
          <Button icon={<PictureOutlined />} loading={uploading > 0} disabled={disabled}>
            上传图片
          </Button>
        </Upload>
        <Typography.Text type="secondary">组图在正文下方按顺序显示。每张图片都须填写替代文字。</Typography.Text>
      </Flex>
      {error ? <Alert type="error" showIcon closable={{ onClose: () => setError(null) }} title={error} style={{ marginBottom: 8 }} /> : null}
      {value.length === 0 ? null : (
        <Flex vertical gap={8}>
          {value.map((img, i) => (
            <Flex key={img.mediaId + i} gap={12} align="flex-start" style={{ border: "1px solid #f0f0f0", borderRadius: 4, padding: 8 }}>
              <img src={`/api/media/${img.mediaId}`} alt={img.alt} style={{ width: 120, height: 80, objectFit: "cover", background: "#f5f5f5", flex: "none" }} />
              <Flex vertical gap={6} style={{ flex: 1 }}>
                <Input
                  value={img.alt}
                  status={!img.alt.trim() || errors?.[i] ? "error" : undefined}
                  placeholder="替代文字（必填）：说明图片内容，供视障读者使用"
                  aria-label={`图片 ${i + 1} 替代文字`}
                  maxLength={200}
                  disabled={disabled}
                  onChange={(e) => onChange?.(value.map((x, j) => (j === i ? { ...x, alt: e.target.value } : x)))}
                />
                {!img.alt.trim() || errors?.[i] ? (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {errors?.[i] ?? "请填写替代文字"}
                  </Typography.Text>
                ) : null}
                <Input
                  value={img.caption ?? ""}
                  placeholder="图片说明（可选）"
                  aria-label={`图片 ${i + 1} 说明`}
                  maxLength={200}
                  disabled={disabled}
                  onChange={(e) => onChange?.(value.map((x, j) => (j === i ? { ...x, caption: e.target.value } : x)))}
                />
              </Flex>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`移除图片 ${i + 1}`}
                disabled={disabled}
                onClick={() => onChange?.(value.filter((_x, j) => j !== i))}
              />
            </Flex>
          ))}
        </Flex>
      )}
    </div>
  );
}
