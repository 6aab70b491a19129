// 写稿 / 编辑: every field of a revision, grouped as the 信息员 thinks of them, the body editor with
// live checks, saving (each save is a new version) and 送审.
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from "antd";
import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, errorMessage } from "../../lib/api";
import { useMe } from "../../auth/session";
import { fmtDateTime } from "../../lib/format";
import { PageHeader } from "../../components/PageHeader";
import { PageError } from "../../components/PageError";
import { RichTextEditor } from "./editor/RichTextEditor";
import { AttachmentsField, ImagesField } from "./MediaFields";
import { ColumnPicker, DocumentPicker, UnitPicker } from "./pickers";
import { SubmitDialog } from "./SubmitDialog";
import { applyFieldIssues, defaultsFor, toFields, toForm, type FormValues } from "./form";
import { contentKeys, useContentMeta, useContentRoles, useDocument } from "./queries";
import { documentKindLabels, stateColors } from "./labels";
import type { DocumentDetail, Finding, Revision } from "./types";

export default function EditorPage() {
  const { id } = useParams<{ id: string }>();
  const meta = useContentMeta();
  const doc = useDocument(id);
  if (meta.isError) return <PageError error={meta.error} onRetry={() => void meta.refetch()} />;
  if (doc.isError) return <PageError error={doc.error} onRetry={() => void doc.refetch()} />;
  if (!meta.data || (id && !doc.data)) return <Card loading />;
  return <EditorForm key={id ?? "new"} detail={doc.data ?? null} />;
}

function EditorForm({ detail }: { detail: DocumentDetail | null }) {
  const { data: meta } = useContentMeta();
  const { data: me } = useMe();
  const roles = useContentRoles();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const current: Revision | null = detail ? (detail.draft ?? detail.live) : null;
  const [baseRevisionId, setBaseRevisionId] = useState<string | null>(current?.id ?? null);
  const [documentId, setDocumentId] = useState<string | null>(detail?.document.id ?? null);
  const [dirty, setDirty] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [savedAt, setSavedAt] = useState<{ number: number; at: string } | null>(null);

  const siteId = Form.useWatch("siteId", form) ?? detail?.document.siteId;
  const typeKey = Form.useWatch("type", form) ?? detail?.document.type;
  const type = meta?.types.find((t) => t.key === typeKey);
  const documentKind = Form.useWatch(["flags", "documentKind"], form) ?? "ordinary";
  const opinionRisk = Form.useWatch(["flags", "opinionRisk"], form);
  const homepage = Form.useWatch(["flags", "homepage"], form);
  const validity = Form.useWatch(["disclosure", "validity"], form);

  const editorSite = roles.editorSites.find((s) => s.siteId === siteId);
  const inReview = detail?.review?.status === "in_progress";
  const isLive = !!detail?.document.liveRevisionId;
  const readOnly = inReview || detail?.document.state === "removed";

  const initial = useMemo<FormValues>(() => {
    if (current) return { ...toForm(current.fields), siteId: detail!.document.siteId, type: detail!.document.type };
    const sites = roles.editorSites;
    return {
      ...(defaultsFor(undefined, { unitName: me?.user.unitName ?? "", realName: me?.user.realName ?? "" }) as FormValues),
      siteId: sites.length === 1 ? sites[0]!.siteId : undefined,
      type: "news",
    };
    // The form's initial values are taken once; later changes come from the person typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const showError = (e: unknown) => {
    const rest = applyFieldIssues(form, e);
    if (rest.length) setBanner(rest.join("；"));
    else if (e instanceof ApiError && e.issues.length) setBanner(e.message || "请按标红处的提示修改。");
    else setBanner(errorMessage(e));
  };

  // `stay`: the 送审 dialog opens on this page right after the first save, so the page must not be
  // replaced by the document's own edit route (which would load it afresh).
  const save = useMutation({
    mutationFn: async (_opts?: { stay?: boolean }): Promise<{ documentId: string; revision: Revision }> => {
      const v = form.getFieldsValue(true) as FormValues;
      if (!v.title?.trim()) {
        form.setFields([{ name: "title", errors: ["请填写标题"] }]);
        throw new Error("请填写标题后再保存。");
      }
      if (!v.primaryColumnId) {
        form.setFields([{ name: "primaryColumnId", errors: ["请选择主栏目"] }]);
        throw new Error("请选择发布栏目后再保存。");
      }
      const fields = toFields(v, type);
      if (!documentId) {
        const r = await api.post<{ document: { id: string }; revision: Revision }>("/api/documents", { siteId: v.siteId, type: v.type, fields });
        return { documentId: r.document.id, revision: r.revision };
      }
      const r = await api.put<{ document: { id: string }; revision: Revision }>(`/api/documents/${documentId}/draft`, { baseRevisionId, fields });
      return { documentId: r.document.id, revision: r.revision };
    },
    onSuccess: (r, opts) => {
      setBanner(null);
      setDirty(false);
      setBaseRevisionId(r.revision.id);
      setSavedAt({ number: r.revision.number, at: r.revision.createdAt });
      void qc.invalidateQueries({ queryKey: contentKeys.documents });
      if (!documentId) {
        setDocumentId(r.documentId);
        if (opts?.stay) window.history.replaceState(window.history.state, "", `/content/${r.documentId}/edit`);
        else navigate(`/content/${r.documentId}/edit`, { replace: true });
      }
      message.success(`已保存为第 ${r.revision.number} 版`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        modal.warning({ title: "不能保存", content: e.message, okText: "知道了" });
        return;
      }
      showError(e);
    },
  });

  const startSubmit = async () => {
    setBanner(null);
    if (dirty || !documentId) {
      try {
        await save.mutateAsync({ stay: true });
      } catch {
        return; // the error is on the form already
      }
    }
    setSubmitOpen(true);
  };

  if (!meta) return null;
  if (!detail && roles.editorSites.length === 0) {
    return <Alert type="info" showIcon title="您没有撰写稿件的权限" description="撰写稿件需要站点的“信息员”角色，请联系本单位站点管理员授权。" />;
  }

  const title = detail ? `编辑稿件` : "写稿";
  const d = detail?.document;
  const siteName = d ? (roles.editorSites.find((s) => s.siteId === d.siteId)?.siteName ?? d.siteName ?? "") : "";

  return (
    <>
      <PageHeader
        title={title}
        description={
          d ? (
            <Space size={8} wrap>
              <span>{siteName}</span>
              <Tag color={stateColors[d.state]}>{d.stateName}</Tag>
              <span>{d.typeName}</span>
              {current ? <span>当前第 {savedAt?.number ?? current.number} 版</span> : null}
              {savedAt ? <span>· {fmtDateTime(savedAt.at)} 已保存</span> : null}
            </Space>
          ) : (
            "保存后生成第 1 版草稿；每次保存都形成新的版本，所有版本均可查阅和比较。"
          )
        }
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(documentId ? `/content/${documentId}` : "/content")}>
              返回
            </Button>
            <Button icon={<SaveOutlined />} onClick={() => save.mutate({})} loading={save.isPending} disabled={readOnly} data-testid="editor-save">
              保存
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void startSubmit()} disabled={readOnly || save.isPending} data-testid="editor-submit">
              送审
            </Button>
          </>
        }
      />
      {inReview ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="稿件正在审核中，不能修改"
          description="如需修改，请在稿件页面撤回送审后再编辑。"
          action={<Button onClick={() => navigate(`/content/${d!.id}`)}>查看稿件</Button>}
        />
      ) : isLive ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="正在修改已发布的信息"
          description="保存后形成新的草稿版本，须重新送审；审核通过前，网站上继续显示当前在线版本。"
        />
      ) : null}
      {banner ? <Alert type="error" showIcon closable={{ onClose: () => setBanner(null) }} title={banner} style={{ marginBottom: 16 }} data-testid="editor-error" /> : null}

      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={readOnly}
        onValuesChange={() => setDirty(true)}
        scrollToFirstError
      >
        <Flex vertical gap={16}>
          <Card title="基本信息" size="small">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label="网站" name="siteId" rules={[{ required: true, message: "请选择网站" }]}>
                  <Select
                    disabled={!!detail}
                    placeholder="请选择网站"
                    data-testid="editor-site"
                    options={(detail ? [{ siteId: d!.siteId, siteName }] : roles.editorSites).map((s) => ({ value: s.siteId, label: s.siteName }))}
                    onChange={() => form.setFieldsValue({ primaryColumnId: undefined, otherColumnIds: [] })}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="信息类型" name="type" rules={[{ required: true, message: "请选择信息类型" }]} extra={detail ? "信息类型在新建时确定。" : undefined}>
                  <Select
                    disabled={!!detail}
                    data-testid="editor-type"
                    options={meta.types.map((t) => ({ value: t.key, label: t.name }))}
                    onChange={(k: string) => {
                      const t = meta.types.find((x) => x.key === k);
                      if (t?.genre) form.setFieldValue(["disclosure", "genre"], t.genre);
                    }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="信息类别" name={["flags", "documentKind"]} extra="惩戒公示和法定强制披露可依法公开必要的个人信息，检查时按提示处理。">
                  <Select options={Object.entries(documentKindLabels).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: "请填写标题" }]}>
              <Input maxLength={200} showCount data-testid="editor-title" />
            </Form.Item>
            <Form.Item label="副标题" name="subtitle">
              <Input maxLength={200} />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="主栏目" name="primaryColumnId" rules={[{ required: true, message: "请选择主栏目" }]} extra={editorSite?.columnIds?.length ? "只能选择您负责的栏目。" : undefined}>
                  <ColumnPicker siteId={siteId} allowed={editorSite?.columnIds ?? null} testId="editor-column" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="同步栏目" name="otherColumnIds" extra="同一稿件在其他栏目同步显示，不重复发布。">
                  <ColumnPicker siteId={siteId} allowed={null} multiple placeholder="可选" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item label="来源" name="source" rules={[{ required: true, whitespace: true, message: "请填写信息来源" }]} extra="发布单位或转载来源。">
                  <Input maxLength={100} data-testid="editor-source" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="作者" name="author">
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="责任编辑" name="editor">
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label="定时发布" name="publishAt" extra="不填则签发后立即发布（北京时间）。">
                  <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} placeholder="签发后立即发布" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="关键词" name="keywords" extra="输入后按回车，最多 10 个。">
                  <Select mode="tags" tokenSeparators={[",", "，", "、", " "]} maxCount={10} open={false} suffixIcon={null} placeholder="如：营商环境" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="摘要" name="summary">
                  <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 1, maxRows: 4 }} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title="正文" size="small" extra={<Typography.Text type="secondary">停止输入片刻后自动检查错敏信息，问题处以颜色标出</Typography.Text>}>
            <Form.Item name="bodyHtml" style={{ marginBottom: 0 }}>
              <RichTextEditor documentKind={documentKind} editable={!readOnly} onFindings={setFindings} />
            </Form.Item>
          </Card>

          <Card title="附件与图片" size="small">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              附件
            </Typography.Title>
            <Form.Item name="attachments" style={{ marginBottom: 16 }}>
              <AttachmentsField />
            </Form.Item>
            <Typography.Title level={5}>组图</Typography.Title>
            <Form.Item name="images" style={{ marginBottom: 0 }}>
              <ImagesField />
            </Form.Item>
          </Card>

          {type?.disclosure ? (
            <Card title="公开属性" size="small" extra={<Typography.Text type="secondary">索引号在发布时按规则自动生成，发布后不可更改</Typography.Text>}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item label="索引号">
                    <Input value={d?.indexNo ?? "发布时自动生成"} disabled />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="发布机构" name={["disclosure", "publisher"]} rules={[{ required: true, whitespace: true, message: "请填写发布机构" }]}>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="成文日期" name={["disclosure", "writtenDate"]} rules={[{ required: true, message: "请填写成文日期" }]} extra="主动公开信息应自成文之日起 20 个工作日内发布。">
                    <DatePicker style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="文号" name={["disclosure", "docNumber"]}>
                    <Input maxLength={60} placeholder="如：示府办发〔2025〕12号" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="主题分类" name={["disclosure", "topic"]}>
                    <Select allowClear showSearch options={meta.topics.map((t) => ({ value: t, label: t }))} placeholder="请选择" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="体裁" name={["disclosure", "genre"]}>
                    <Input maxLength={30} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label="有效性" name={["disclosure", "validity"]}>
                    <Select options={meta.validity.map((v) => ({ value: v, label: v }))} />
                  </Form.Item>
                </Col>
                {validity && validity !== "有效" ? (
                  <Col xs={24} md={8}>
                    <Form.Item label={`${validity}日期`} name={["disclosure", "validityDate"]} rules={[{ required: true, message: `请填写${validity}日期` }]}>
                      <DatePicker style={{ width: "100%" }} />
                    </Form.Item>
                  </Col>
                ) : null}
                {validity === "已修改" || validity === "废止" ? (
                  <Col xs={24} md={8}>
                    <Form.Item
                      label={validity === "已修改" ? "修改后的文件" : "替代文件（如有）"}
                      name={["disclosure", "replacedBy"]}
                      rules={validity === "已修改" ? [{ required: true, message: "请关联修改后的文件" }] : []}
                    >
                      <DocumentPicker siteId={siteId} exclude={documentId ?? undefined} />
                    </Form.Item>
                  </Col>
                ) : null}
              </Row>
            </Card>
          ) : null}

          {type?.policy || type?.interpretation ? (
            <Card title={type.policy ? "政策解读" : "所解读的政策文件"} size="small">
              <Row gutter={16}>
                {type.policy ? (
                  <Col xs={24} md={8}>
                    <Form.Item label="重要政策文件" name="importantPolicy" valuePropName="checked" extra="重要政策文件须与解读同步发布、相互关联。">
                      <Switch checkedChildren="是" unCheckedChildren="否" />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col xs={24} md={16}>
                  <Form.Item label={type.policy ? "关联的政策解读" : "关联的政策文件"} name="partnerIds">
                    <DocumentPicker siteId={siteId} multiple exclude={documentId ?? undefined} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ) : null}

          {type?.reprint ? (
            <Card title="转载信息" size="small" extra={<Typography.Text type="secondary">默认只转载权威来源；其他来源须增加审批环节</Typography.Text>}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item label="来源网站" name={["reprint", "sourceSite"]} rules={[{ required: true, whitespace: true, message: "请填写来源网站" }]}>
                    <Input maxLength={100} placeholder="如：中国政府网" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={10}>
                  <Form.Item
                    label="原文链接"
                    name={["reprint", "originalUrl"]}
                    rules={[
                      { required: true, message: "请填写原文链接" },
                      { pattern: /^https?:\/\/\S+$/i, message: "请填写 http:// 或 https:// 开头的网址" },
                    ]}
                  >
                    <Input maxLength={500} placeholder="https://" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item label="转载时间" name={["reprint", "reprintedAt"]} rules={[{ required: true, message: "请填写转载时间" }]}>
                    <DatePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ) : null}

          <Card title="审核标记" size="small" extra={<Typography.Text type="secondary">勾选后系统自动增加相应审批环节</Typography.Text>}>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="可能引发舆情风险" name={["flags", "opinionRisk"]} valuePropName="checked" extra="须经主要负责人审签，并附舆情应对预案。">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
                {opinionRisk ? (
                  <Form.Item label="舆情应对预案" name={["flags", "responsePlan"]} rules={[{ required: true, whitespace: true, message: "请填写舆情应对预案" }]}>
                    <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} showCount placeholder="可能的关注点、回应口径、责任人和联系方式" />
                  </Form.Item>
                ) : null}
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="保密存疑" name={["flags", "secrecyUncertain"]} valuePropName="checked" extra="不能确定是否涉密的，送保密审查。">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="申请首页发布" name={["flags", "homepage"]} valuePropName="checked" extra="在门户网站首页显示须提交信息发布申请。">
                  <Switch checkedChildren="是" unCheckedChildren="否" />
                </Form.Item>
                {homepage ? (
                  <Form.Item label="申请理由" name={["flags", "homepageReason"]} rules={[{ required: true, whitespace: true, message: "请填写申请理由" }]}>
                    <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
                  </Form.Item>
                ) : null}
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="会签单位" name={["flags", "coIssuingUnitIds"]} extra="联合发文须经每个会签单位负责人同意。">
                  <UnitPicker />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        </Flex>
      </Form>

      {documentId && baseRevisionId ? (
        <SubmitDialog
          open={submitOpen}
          documentId={documentId}
          revisionId={baseRevisionId}
          meta={meta}
          findings={findings}
          onClose={() => setSubmitOpen(false)}
          onSubmitted={() => {
            setSubmitOpen(false);
            navigate(`/content/${documentId}`);
          }}
          onIssues={(e) => showError(e)}
        />
      ) : null}
    </>
  );
}
