import { Suspense, useState } from "react";
import type { RoleKey } from "@govsite/contracts";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { App, Avatar, Badge, Button, Dropdown, Flex, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from "antd";
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CheckSquareOutlined,
  EditOutlined,
  FileTextOutlined,
  NotificationOutlined,
  ShareAltOutlined,
  CalendarOutlined,
  ClusterOutlined,
  GlobalOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  MessageOutlined,
  LineChartOutlined,
  SafetyCertificateOutlined,
} from "@ant-design/icons";
import { AlertOutlined, BellOutlined, EyeOutlined, FileProtectOutlined, ScheduleOutlined, StopOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../lib/api";
import { clearSession, useCan, useMe, type Permission } from "../auth/session";
import { reviewLevelLabel } from "../lib/labels";
import { NotificationBell } from "./NotificationBell";
import { FullPageSpin } from "../components/FullPageSpin";
import { useInbox } from "../features/content/queries";

const { Sider, Header, Content } = Layout;

interface NavItem {
  path: string;
  label: string;
  icon: React.ReactNode;
  /** Shown when the person holds any of these; absent = everyone. */
  perms?: Permission[];
  /** Shown when the person holds any of these roles (content work is given per site by role). */
  roles?: RoleKey[];
  /** A menu section: the items inside it. */
  children?: NavItem[];
}

/** Roles that read documents; the server lists documents of their sites (or all, for 监管员). */
export const CONTENT_READERS: RoleKey[] = ["editor", "proofreader", "reviewer", "site_admin", "supervisor", "duty_officer"];

/** Roles that can belong to a site's operating centre (or supervise it): 政民互动 centre pages. */
export const INTERACTION_CENTRE: RoleKey[] = ["site_admin", "editor", "reviewer", "supervisor", "duty_officer"];

const NAV: NavItem[] = [
  { path: "/", label: "首页", icon: <HomeOutlined /> },
  {
    path: "group:content",
    label: "信息发布",
    icon: <NotificationOutlined />,
    roles: CONTENT_READERS,
    children: [
      { path: "/content", label: "稿件管理", icon: <FileTextOutlined />, roles: CONTENT_READERS },
      { path: "/content/new", label: "写稿", icon: <EditOutlined />, roles: ["editor"] },
      { path: "/reviews", label: "待办", icon: <CheckSquareOutlined />, roles: ["proofreader", "reviewer", "supervisor"] },
      { path: "/submissions", label: "报送采用", icon: <ShareAltOutlined />, roles: ["editor", "reviewer"] },
      { path: "/register", label: "信息发布登记", icon: <BookOutlined />, roles: CONTENT_READERS },
    ],
  },
  {
    path: "group:interaction",
    label: "政民互动",
    icon: <MessageOutlined />,
    roles: CONTENT_READERS,
    children: [
      { path: "/interaction/letters", label: "留言办理", icon: <MessageOutlined />, roles: CONTENT_READERS },
      { path: "/disclosure", label: "依申请公开", icon: <MessageOutlined />, roles: CONTENT_READERS },
      { path: "/disclosure/annual-table", label: "年报表三", icon: <MessageOutlined />, roles: CONTENT_READERS },
      { path: "/interaction/templates", label: "常用答复模板", icon: <MessageOutlined />, roles: CONTENT_READERS },
      { path: "/interaction/statistics", label: "办理统计", icon: <MessageOutlined />, roles: INTERACTION_CENTRE },
      { path: "/interaction/faq", label: "知识库", icon: <MessageOutlined />, roles: INTERACTION_CENTRE },
      { path: "/interaction/participation", label: "征集·调查·访谈", icon: <MessageOutlined />, roles: INTERACTION_CENTRE },
      { path: "/interaction/channels", label: "互动渠道", icon: <MessageOutlined />, roles: INTERACTION_CENTRE },
    ],
  },
  { path: "/tickets", label: "整改工单", icon: <SafetyCertificateOutlined />, roles: CONTENT_READERS },
  { path: "/units", label: "单位管理", icon: <ApartmentOutlined />, perms: ["unit.manage"] },
  { path: "/users", label: "用户与角色", icon: <TeamOutlined />, perms: ["user.read", "user.manage", "role.assign"] },
  {
    path: "/password-resets",
    label: "密码重置申请",
    icon: <KeyOutlined />,
    perms: ["password_reset.request", "password_reset.approve"],
  },
  { path: "/sites", label: "站点管理", icon: <GlobalOutlined />, perms: ["site.read", "site.manage"] },
  { path: "/themes", label: "主题与模板", icon: <GlobalOutlined />, perms: ["theme.manage"] },
  { path: "/statistics/visits", label: "访问统计", icon: <LineChartOutlined />, perms: ["site.read"] },
  {
    path: "/columns",
    label: "栏目管理",
    icon: <ClusterOutlined />,
    perms: ["column.manage", "column.request", "column.decide", "column.read"],
  },
  { path: "/calendar", label: "工作日历", icon: <CalendarOutlined />, perms: ["calendar.read", "calendar.manage"] },
  { path: "/profile", label: "规则配置", icon: <ProfileOutlined />, perms: ["profile.read"] },
  { path: "/audit", label: "审计日志", icon: <AuditOutlined />, perms: ["audit.read"] },
  {
    path: "group:duty",
    label: "值班读网",
    icon: <ScheduleOutlined />,
    perms: ["duty.patrol", "duty.manage"],
    children: [
      { path: "/duty/roster", label: "值班表", icon: <ScheduleOutlined />, perms: ["duty.patrol", "duty.manage"] },
      { path: "/duty/patrol", label: "读网巡查", icon: <EyeOutlined />, perms: ["duty.patrol", "duty.manage"] },
      { path: "/duty/incidents", label: "突发事件和舆情", icon: <AlertOutlined />, perms: ["duty.patrol", "duty.manage"] },
      { path: "/duty/plans", label: "应急预案和演练", icon: <FileProtectOutlined />, perms: ["duty.patrol", "duty.manage"] },
      { path: "/duty/counterfeit", label: "假冒网站", icon: <StopOutlined />, perms: ["duty.patrol", "duty.manage"] },
    ],
  },
  { path: "/account", label: "我的账号", icon: <SettingOutlined /> },
  { path: "/notifications", label: "消息中心", icon: <BellOutlined /> },
  { path: "/notifications/settings", label: "通知设置", icon: <SettingOutlined /> },
];

export function AppLayout() {
  const { data: me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);

  const heldRoles = new Set((me?.roles ?? []).map((r) => r.role));
  const reviews = useInbox((["proofreader", "reviewer", "supervisor"] as const).some((r) => heldRoles.has(r)));
  const pending = reviews.data?.length ?? 0;
  const visible = (n: NavItem) => (!n.perms || can(...n.perms)) && (!n.roles || n.roles.some((r) => heldRoles.has(r)));
  const toItem = (n: NavItem): NonNullable<MenuProps["items"]>[number] =>
    n.children
      ? { key: n.path, icon: n.icon, label: n.label, children: n.children.filter(visible).map(toItem) }
      : {
          key: n.path,
          icon: n.icon,
          label:
            n.path === "/reviews" && pending ? (
              <Flex justify="space-between" align="center">
                {n.label}
                <Badge count={pending} size="small" />
              </Flex>
            ) : (
              n.label
            ),
          "data-testid": `nav-${n.path === "/" ? "home" : n.path.slice(1).replace(/\//g, "-")}`,
        };
  const items: MenuProps["items"] = NAV.filter(visible).map(toItem);

  const flat = NAV.flatMap((n) => (n.children ? n.children : [n]));
  const selected = flat
    .map((n) => n.path)
    .filter((p) => (p === "/" ? location.pathname === "/" : location.pathname === p || location.pathname.startsWith(`${p}/`)))
    .slice(-1);

  const logout = async () => {
    try {
      await api.post("/api/auth/logout");
    } catch {
      // the session may already be gone; leave anyway
    }
    clearSession(qc);
    message.success("已安全退出");
    navigate("/login", { replace: true });
  };

  if (!me) return null;

  // One badge per role (and review level); the sites it covers are in the tooltip.
  const roleGroups = new Map<string, { text: string; scopes: string[] }>();
  for (const r of me.roles) {
    const k = `${r.role}:${r.level ?? ""}`;
    const g = roleGroups.get(k) ?? { text: `${r.roleName}${r.level ? `（${reviewLevelLabel(r.level)}）` : ""}`, scopes: [] };
    g.scopes.push(r.siteName ?? "全平台");
    roleGroups.set(k, g);
  }
  const roleTags = [...roleGroups.entries()].map(([k, g]) => (
    <Tooltip key={k} title={`适用范围：${g.scopes.join("、")}`}>
      <Tag color="red" variant="outlined" style={{ marginInlineEnd: 4 }}>
        {g.text}
      </Tag>
    </Tooltip>
  ));

  const userMenu: MenuProps["items"] = [
    { key: "account", icon: <UserOutlined />, label: "我的账号" },
    { type: "divider" },
    { key: "logout", icon: <LogoutOutlined />, label: "退出登录", danger: true },
  ];

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark">
        <div className="gs-logo" title="政府网站集约化平台">
          <span className="gs-logo-mark">政</span>
          {!collapsed && <span>网站集约化平台</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected}
          defaultOpenKeys={["group:content", "group:interaction"]}
          items={items}
          onClick={(e) => navigate(e.key)}
          aria-label="主菜单"
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: "0 20px",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            borderBottom: "1px solid #e5e7eb",
            height: 56,
            lineHeight: "56px",
          }}
        >
          <Typography.Text strong style={{ fontSize: 15 }}>
            管理后台
            {me.profile?.title ? (
              <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 12, fontSize: 13 }}>
                执行规则：{me.profile.title}
              </Typography.Text>
            ) : null}
          </Typography.Text>
          <Flex align="center" gap={16}>
            <div style={{ lineHeight: 1.4, maxWidth: 520, overflow: "hidden", whiteSpace: "nowrap" }}>{roleTags}</div>
            <NotificationBell />
            <Dropdown
              menu={{
                items: userMenu,
                onClick: (e) => (e.key === "logout" ? void logout() : navigate("/account")),
              }}
            >
              <Button type="text" style={{ height: 48 }} data-testid="user-menu">
                <Flex align="center" gap={8}>
                  <Avatar size="small" style={{ background: "#b8232f" }}>
                    {me.user.realName.slice(-2)}
                  </Avatar>
                  <span style={{ textAlign: "left", lineHeight: 1.3 }}>
                    <span style={{ display: "block" }} data-testid="current-user-name">
                      {me.user.realName}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {me.user.unitName}
                    </Typography.Text>
                  </span>
                </Flex>
              </Button>
            </Dropdown>
          </Flex>
        </Header>
        <Content style={{ padding: 20 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
