// The body editor (TipTap) with its toolbar, image upload that insists on alternative text, and the
// live check: shortly after the author stops typing, the HTML goes to POST /api/checks and the
// findings are highlighted in the text and listed beside it.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import Image from "@tiptap/extension-image";
import TextAlign from "@tiptap/extension-text-align";
import { TableKit } from "@tiptap/extension-table";
import { NodeSelection } from "@tiptap/pm/state";
import { Alert, App, Button, Col, Divider, Dropdown, Form, Input, Modal, Row, Tooltip, Upload } from "antd";
import {
  AlignCenterOutlined,
  AlignLeftOutlined,
  AlignRightOutlined,
  BoldOutlined,
  ClearOutlined,
  DeleteColumnOutlined,
  DeleteRowOutlined,
  DisconnectOutlined,
  InboxOutlined,
  InsertRowBelowOutlined,
  InsertRowRightOutlined,
  ItalicOutlined,
  LineOutlined,
  LinkOutlined,
  OrderedListOutlined,
  PictureOutlined,
  RedoOutlined,
  StrikethroughOutlined,
  TableOutlined,
  UnderlineOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { api, errorMessage, uploadFile } from "../../../lib/api";
import type { DocumentKind, Finding, Media } from "../types";
import { FindingHighlights, placeFindings, showHighlights, type Highlight } from "./highlights";
import { FindingsPanel } from "./FindingsPanel";

/** Images in the document that have no alternative text, as local "must fix" findings. */
function imagesWithoutAlt(editor: Editor): { pos: number; src: string }[] {
  const out: { pos: number; src: string }[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === "image" && !String(node.attrs["alt"] ?? "").trim()) out.push({ pos, src: String(node.attrs["src"] ?? "") });
  });
  return out;
}

export interface RichTextEditorProps {
  value?: string;
  onChange?: (html: string) => void;
  documentKind?: DocumentKind;
  editable?: boolean;
  /** Told of every new set of findings (for the submit dialog, for instance). */
  onFindings?: (findings: Finding[]) => void;
  /** Height of the writing area. */
  minHeight?: number;
  id?: string;
  /** The final signer has confirmed the blocking findings in writing. */
  overridden?: boolean;
}

const CHECK_DELAY_MS = 800;

export function RichTextEditor({ value, onChange, documentKind = "ordinary", editable = true, onFindings, minHeight = 420, id, overridden }: RichTextEditorProps) {
  const { message } = App.useApp();
  const lastEmitted = useRef<string | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [highlights, setHighlights] = useState<Highlight[]>([]);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [missingAlt, setMissingAlt] = useState<{ pos: number; src: string }[]>([]);
  const [imageOpen, setImageOpen] = useState(false);
  const [linkOpen, setLinkOpen] = useState(false);
  const [altEdit, setAltEdit] = useState<{ pos: number; alt: string } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const onFindingsRef = useRef(onFindings);
  onFindingsRef.current = onFindings;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const kindRef = useRef(documentKind);
  kindRef.current = documentKind;

  const editor = useEditor({
    editable,
    content: value ?? "",
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        link: { openOnClick: false, autolink: true, defaultProtocol: "https", protocols: ["http", "https", "mailto", "tel"] },
      }),
      Image.configure({ inline: false, allowBase64: false }),
      TextAlign.configure({ types: ["paragraph"], alignments: ["left", "center", "right", "justify"] }),
      TableKit.configure({ table: { resizable: false } }),
      FindingHighlights,
    ],
    editorProps: {
      attributes: {
        class: "gs-editor-content",
        "aria-label": "正文",
        ...(id ? { id } : {}),
        "data-testid": "editor-body",
      },
    },
    onUpdate: ({ editor: ed }) => {
      const html = ed.isEmpty ? "" : ed.getHTML();
      lastEmitted.current = html;
      onChangeRef.current?.(html);
      setMissingAlt(imagesWithoutAlt(ed));
      scheduleCheck(ed);
    },
  });

  const runCheck = useCallback(async (ed: Editor) => {
    if (ed.isDestroyed) return;
    inflight.current?.abort();
    const ctrl = new AbortController();
    inflight.current = ctrl;
    const doc = ed.state.doc;
    const html = ed.getHTML();
    setChecking(true);
    try {
      const res = await api.post<{ findings: Finding[] }>("/api/checks", { html, documentKind: kindRef.current });
      if (ctrl.signal.aborted || ed.isDestroyed) return;
      // Typed on meanwhile: the next check (already scheduled) will place its own findings.
      if (!ed.state.doc.eq(doc)) return;
      const placed = placeFindings(doc, html, res.findings);
      setFindings(res.findings);
      setHighlights(placed);
      setCheckError(null);
      showHighlights(ed, placed);
      onFindingsRef.current?.(res.findings);
    } catch (e) {
      if (!ctrl.signal.aborted) setCheckError(errorMessage(e));
    } finally {
      if (inflight.current === ctrl) setChecking(false);
    }
  }, []);

  const scheduleCheck = useCallback(
    (ed: Editor) => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void runCheck(ed), CHECK_DELAY_MS);
    },
    [runCheck],
  );

  // A value set from outside (the loaded document, a reset) replaces the content.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const v = value ?? "";
    if (v === lastEmitted.current) return;
    const current = editor.isEmpty ? "" : editor.getHTML();
    if (v !== current) editor.commands.setContent(v, { emitUpdate: false });
    lastEmitted.current = v;
    setMissingAlt(imagesWithoutAlt(editor));
    scheduleCheck(editor);
  }, [editor, value, scheduleCheck]);

  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);

  // The document kind changes what the law allows (personal data in punishment notices).
  useEffect(() => {
    if (editor) scheduleCheck(editor);
  }, [documentKind, editor, scheduleCheck]);

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  const focusFinding = (index: number) => {
    if (!editor) return;
    const h = highlights.find((x) => x.index === index);
    if (!h) {
      message.info("该问题出现在标题、摘要或附件中，不在正文里。");
      return;
    }
    editor.chain().focus().setTextSelection({ from: h.from, to: h.to }).run();
    const el = editor.view.dom.querySelector(`[data-finding="${index}"]`);
    if (el instanceof HTMLElement) {
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      el.classList.add("gs-finding-pulse");
      window.setTimeout(() => el.classList.remove("gs-finding-pulse"), 1600);
    }
  };

  const focusImage = (pos: number) => {
    if (!editor) return;
    editor.chain().focus().setNodeSelection(pos).scrollIntoView().run();
    const img = editor.state.doc.nodeAt(pos);
    if (editable && img) setAltEdit({ pos, alt: String(img.attrs["alt"] ?? "") });
  };

  return (
    <Row gutter={16} wrap={false} className="gs-editor-row">
      <Col flex="auto" style={{ minWidth: 0 }}>
        <div className={`gs-editor${editable ? "" : " gs-editor-readonly"}`} style={{ ["--gs-editor-min" as string]: `${minHeight}px` }}>
          {editable && editor ? (
            <Toolbar
              editor={editor}
              onImage={() => setImageOpen(true)}
              onLink={() => setLinkOpen(true)}
              onAlt={(pos, alt) => setAltEdit({ pos, alt })}
            />
          ) : null}
          <EditorContent editor={editor} />
        </div>
      </Col>
      <Col flex="320px" style={{ maxWidth: 320 }}>
        <FindingsPanel
          findings={findings}
          placed={new Set(highlights.map((h) => h.index))}
          checking={checking}
          error={checkError}
          missingAlt={missingAlt}
          onFocus={focusFinding}
          onFocusImage={focusImage}
          onRecheck={() => editor && void runCheck(editor)}
          overridden={overridden}
        />
      </Col>
      {editor ? (
        <>
          <ImageDialog
            open={imageOpen}
            onClose={() => setImageOpen(false)}
            onInsert={(src, alt, title) => {
              editor.chain().focus().setImage({ src, alt, title: title || undefined }).run();
              setImageOpen(false);
            }}
          />
          <LinkDialog open={linkOpen} editor={editor} onClose={() => setLinkOpen(false)} />
          <Modal
            title="图片替代文字"
            open={!!altEdit}
            okText="确定"
            cancelText="取消"
            destroyOnHidden
            onCancel={() => setAltEdit(null)}
            okButtonProps={{ disabled: !altEdit?.alt.trim() }}
            onOk={() => {
              if (!altEdit) return;
              const node = editor.state.doc.nodeAt(altEdit.pos);
              if (node?.type.name === "image") {
                editor.view.dispatch(editor.state.tr.setNodeMarkup(altEdit.pos, undefined, { ...node.attrs, alt: altEdit.alt.trim() }));
              }
              setAltEdit(null);
            }}
          >
            <Form layout="vertical">
              <Form.Item label="替代文字" required extra="用一句话说明图片内容，供视障读者的读屏软件朗读。">
                <Input
                  value={altEdit?.alt ?? ""}
                  onChange={(e) => setAltEdit((a) => (a ? { ...a, alt: e.target.value } : a))}
                  maxLength={200}
                  data-testid="image-alt-edit"
                />
              </Form.Item>
            </Form>
          </Modal>
        </>
      ) : null}
    </Row>
  );
}

function Toolbar({ editor, onImage, onLink, onAlt }: { editor: Editor; onImage: () => void; onLink: () => void; onAlt: (pos: number, alt: string) => void }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      underline: e.isActive("underline"),
      strike: e.isActive("strike"),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      h4: e.isActive("heading", { level: 4 }),
      bullet: e.isActive("bulletList"),
      ordered: e.isActive("orderedList"),
      quote: e.isActive("blockquote"),
      left: e.isActive({ textAlign: "left" }),
      center: e.isActive({ textAlign: "center" }),
      right: e.isActive({ textAlign: "right" }),
      link: e.isActive("link"),
      table: e.isActive("table"),
      image: e.state.selection instanceof NodeSelection && e.state.selection.node.type.name === "image",
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const btn = (title: string, icon: React.ReactNode, onClick: () => void, active = false, disabled = false) => (
    <Tooltip title={title} mouseEnterDelay={0.4}>
      <Button
        type={active ? "primary" : "text"}
        ghost={active}
        size="small"
        icon={icon}
        aria-label={title}
        aria-pressed={active}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  );
  const c = () => editor.chain().focus();
  const heading = s.h2 ? "标题二" : s.h3 ? "标题三" : s.h4 ? "标题四" : "正文";
  return (
    <div className="gs-editor-toolbar" role="toolbar" aria-label="正文格式" data-testid="editor-toolbar">
      {btn("撤销", <UndoOutlined />, () => c().undo().run(), false, !s.canUndo)}
      {btn("重做", <RedoOutlined />, () => c().redo().run(), false, !s.canRedo)}
      <Divider orientation="vertical" />
      <Dropdown
        trigger={["click"]}
        menu={{
          selectedKeys: [heading],
          items: [
            { key: "正文", label: "正文" },
            { key: "标题二", label: <span style={{ fontSize: 18, fontWeight: 600 }}>标题二</span> },
            { key: "标题三", label: <span style={{ fontSize: 16, fontWeight: 600 }}>标题三</span> },
            { key: "标题四", label: <span style={{ fontWeight: 600 }}>标题四</span> },
          ],
          onClick: ({ key }) => {
            if (key === "正文") c().setParagraph().run();
            else c().setHeading({ level: key === "标题二" ? 2 : key === "标题三" ? 3 : 4 }).run();
          },
        }}
      >
        <Button size="small" type="text" style={{ width: 72 }} onMouseDown={(e) => e.preventDefault()}>
          {heading} ▾
        </Button>
      </Dropdown>
      <Divider orientation="vertical" />
      {btn("加粗", <BoldOutlined />, () => c().toggleBold().run(), s.bold)}
      {btn("倾斜", <ItalicOutlined />, () => c().toggleItalic().run(), s.italic)}
      {btn("下划线", <UnderlineOutlined />, () => c().toggleUnderline().run(), s.underline)}
      {btn("删除线", <StrikethroughOutlined />, () => c().toggleStrike().run(), s.strike)}
      {btn("清除格式", <ClearOutlined />, () => c().unsetAllMarks().clearNodes().run())}
      <Divider orientation="vertical" />
      {btn("左对齐", <AlignLeftOutlined />, () => c().setTextAlign("left").run(), s.left)}
      {btn("居中", <AlignCenterOutlined />, () => c().setTextAlign("center").run(), s.center)}
      {btn("右对齐", <AlignRightOutlined />, () => c().setTextAlign("right").run(), s.right)}
      <Divider orientation="vertical" />
      {btn("项目符号列表", <UnorderedListOutlined />, () => c().toggleBulletList().run(), s.bullet)}
      {btn("编号列表", <OrderedListOutlined />, () => c().toggleOrderedList().run(), s.ordered)}
      {btn("引用", <span style={{ fontWeight: 700 }}>“</span>, () => c().toggleBlockquote().run(), s.quote)}
      {btn("分隔线", <LineOutlined />, () => c().setHorizontalRule().run())}
      <Divider orientation="vertical" />
      {btn("插入链接", <LinkOutlined />, onLink, s.link)}
      {s.link ? btn("取消链接", <DisconnectOutlined />, () => c().extendMarkRange("link").unsetLink().run()) : null}
      {btn("插入图片", <PictureOutlined />, onImage)}
      {s.image ? (
        <Button
          size="small"
          type="link"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const sel = editor.state.selection as NodeSelection;
            onAlt(sel.from, String(sel.node.attrs["alt"] ?? ""));
          }}
        >
          替代文字
        </Button>
      ) : null}
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [
            { key: "insert", label: "插入表格（3 行 3 列，含表头）", disabled: s.table },
            { type: "divider" },
            { key: "rowAfter", label: "在下方插入行", icon: <InsertRowBelowOutlined />, disabled: !s.table },
            { key: "colAfter", label: "在右侧插入列", icon: <InsertRowRightOutlined />, disabled: !s.table },
            { key: "delRow", label: "删除当前行", icon: <DeleteRowOutlined />, disabled: !s.table },
            { key: "delCol", label: "删除当前列", icon: <DeleteColumnOutlined />, disabled: !s.table },
            { key: "header", label: "切换首行表头", disabled: !s.table },
            { key: "delTable", label: "删除表格", danger: true, disabled: !s.table },
          ],
          onClick: ({ key }) => {
            const ch = c();
            if (key === "insert") ch.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run();
            if (key === "rowAfter") ch.addRowAfter().run();
            if (key === "colAfter") ch.addColumnAfter().run();
            if (key === "delRow") ch.deleteRow().run();
            if (key === "delCol") ch.deleteColumn().run();
            if (key === "header") ch.toggleHeaderRow().run();
            if (key === "delTable") ch.deleteTable().run();
          },
        }}
      >
        <Tooltip title="表格" mouseEnterDelay={0.4}>
          <Button size="small" type={s.table ? "primary" : "text"} ghost={s.table} icon={<TableOutlined />} aria-label="表格" onMouseDown={(e) => e.preventDefault()} />
        </Tooltip>
      </Dropdown>
    </div>
  );
}

function ImageDialog({ open, onClose, onInsert }: { open: boolean; onClose: () => void; onInsert: (src: string, alt: string, title: string) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ alt: string; title?: string }>();
  const [uploaded, setUploaded] = useState<Media | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setUploaded(null);
      setError(null);
    }
  }, [open, form]);

  return (
    <Modal
      title="插入图片"
      open={open}
      onCancel={onClose}
      okText="插入"
      cancelText="取消"
      okButtonProps={{ disabled: !uploaded, "data-testid": "image-insert" }}
      onOk={() =>
        void form
          .validateFields()
          .then((v) => {
            if (uploaded) onInsert(`/api/media/${uploaded.id}`, v.alt.trim(), v.title?.trim() ?? "");
          })
          .catch(() => undefined) // the form shows what is missing
      }
      destroyOnHidden
    >
      <Upload.Dragger
        accept=".jpg,.jpeg,.png,.gif"
        maxCount={1}
        showUploadList={false}
        disabled={uploading}
        customRequest={({ file }) => {
          setUploading(true);
          setError(null);
          uploadFile<{ media: Media }>("/api/media", file as File)
            .then((r) => {
              if (!["jpg", "png", "gif"].includes(r.media.ext)) {
                setError(`“${r.media.originalName}”不是图片（${r.media.kindName}），请作为附件上传。`);
                return;
              }
              setUploaded(r.media);
              message.success(`已上传：${r.media.originalName}`);
            })
            .catch((e: unknown) => setError(errorMessage(e)))
            .finally(() => setUploading(false));
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{uploading ? "正在上传并检查文件…" : uploaded ? `已上传：${uploaded.originalName}` : "点击或拖入图片（JPG、PNG、GIF）"}</p>
        <p className="ant-upload-hint">文件按实际内容识别类型并进行病毒扫描。</p>
      </Upload.Dragger>
      {uploaded ? <img src={`/api/media/${uploaded.id}`} alt="" style={{ maxWidth: "100%", maxHeight: 200, marginTop: 12, display: "block" }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item
          label="替代文字"
          name="alt"
          rules={[{ required: true, whitespace: true, message: "请填写替代文字：视障读者的读屏软件会朗读这段文字" }]}
          extra="用一句话说明图片内容，例如“县长在项目现场调研”。"
        >
          <Input maxLength={200} showCount data-testid="image-alt" />
        </Form.Item>
        <Form.Item label="图片说明（可选）" name="title">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LinkDialog({ open, editor, onClose }: { open: boolean; editor: Editor; onClose: () => void }) {
  const [form] = Form.useForm<{ href: string; blank: boolean }>();
  const initial = useMemo(() => (open ? String(editor.getAttributes("link")["href"] ?? "") : ""), [open, editor]);
  useEffect(() => {
    if (open) form.setFieldsValue({ href: initial || "https://" });
  }, [open, initial, form]);
  return (
    <Modal
      title="插入链接"
      open={open}
      onCancel={onClose}
      okText="确定"
      cancelText="取消"
      destroyOnHidden
      onOk={() =>
        void form
          .validateFields()
          .then((v) => {
            const href = v.href.trim();
            editor.chain().focus().extendMarkRange("link").setLink({ href, target: "_blank" }).run();
            onClose();
          })
          .catch(() => undefined)
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label="链接地址"
          name="href"
          rules={[
            { required: true, message: "请填写链接地址" },
            { pattern: /^(https?:\/\/\S+|mailto:\S+|tel:[\d-]+|\/\S*)$/i, message: "请填写以 http:// 或 https:// 开头的网址，或站内路径" },
          ]}
          extra="链接到非政府网站时，检查会提示核实；不允许 javascript: 链接。"
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
