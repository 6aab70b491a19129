import { lazy, Suspense, useEffect, type ReactNode } from "react";
import type { RoleKey } from "@govsite/contracts";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { setUnauthenticatedHandler } from "./lib/api";
import { clearSession, useCan, useMe, type Permission } from "./auth/session";
import { NoPermission, PageError } from "./components/PageError";
import { AppLayout, CONTENT_READERS, INTERACTION_CENTRE } from "./layout/AppLayout";
import { FullPageSpin } from "./components/FullPageSpin";

const LoginPage = lazy(() => import("./features/login/LoginPage"));
const DashboardPage = lazy(() => import("./features/dashboard/DashboardPage"));
const UnitsPage = lazy(() => import("./features/units/UnitsPage"));
const UsersPage = lazy(() => import("./features/users/UsersPage"));
const PasswordResetsPage = lazy(() => import("./features/password-resets/PasswordResetsPage"));
const SitesPage = lazy(() => import("./features/sites/SitesPage"));
const ThemesPage = lazy(() => import("./features/themes/ThemesPage"));
const ColumnsPage = lazy(() => import("./features/columns/ColumnsPage"));
const CalendarPage = lazy(() => import("./features/calendar/CalendarPage"));
const ProfilePage = lazy(() => import("./features/profile/ProfilePage"));
const AuditPage = lazy(() => import("./features/audit/AuditPage"));
const AccountPage = lazy(() => import("./features/account/AccountPage"));
const NotFoundPage = lazy(() => import("./features/NotFoundPage"));
const DocumentsPage = lazy(() => import("./features/content/DocumentsPage"));
const EditorPage = lazy(() => import("./features/content/EditorPage"));
const DocumentPage = lazy(() => import("./features/content/DocumentPage"));
const InboxPage = lazy(() => import("./features/content/InboxPage"));
const SubmissionsPage = lazy(() => import("./features/content/SubmissionsPage"));
const RegisterPage = lazy(() => import("./features/content/RegisterPage"));
const LettersPage = lazy(() => import("./features/interaction/LettersPage"));
const TicketsPage = lazy(() => import("./features/tickets/TicketsPage"));
const TicketPage = lazy(() => import("./features/tickets/TicketPage"));
const LetterPage = lazy(() => import("./features/interaction/LetterPage"));
const TemplatesPage = lazy(() => import("./features/interaction/TemplatesPage"));
const StatisticsPage = lazy(() => import("./features/interaction/StatisticsPage"));
const FaqPage = lazy(() => import("./features/interaction/FaqPage"));
const ParticipationPage = lazy(() => import("./features/interaction/ParticipationPage"));
const ChannelsPage = lazy(() => import("./features/interaction/ChannelsPage"));
const ApplicationsPage = lazy(() => import("./features/disclosure/ApplicationsPage"));
const ApplicationPage = lazy(() => import("./features/disclosure/ApplicationPage"));
const AnnualTablePage = lazy(() => import("./features/disclosure/AnnualTablePage"));
const VisitsPage = lazy(() => import("./features/statistics/VisitsPage"));
const NotificationCenterPage = lazy(() => import("./features/notifications/NotificationCenterPage"));
const NotificationSettingsPage = lazy(() => import("./features/notifications/NotificationSettingsPage"));
const DutyRosterPage = lazy(() => import("./features/duty/RosterPage"));
const DutyPatrolPage = lazy(() => import("./features/duty/PatrolPage"));
const DutyIncidentsPage = lazy(() => import("./features/duty/IncidentsPage"));
const DutyPlansPage = lazy(() => import("./features/duty/PlansPage"));
const DutyCounterfeitPage = lazy(() => import("./features/duty/CounterfeitPage"));

/** When the server says the session is gone, drop local state and go to the login page. */
function SessionWatcher() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    setUnauthenticatedHandler((code) => {
      if (location.pathname === "/login") return;
      const next = encodeURIComponent(location.pathname + location.search);
      if (code === "STAGE_REQUIRED") {
        // Still signed in, but a step (password change, second factor) is owed: resume it.
        void qc.invalidateQueries({ queryKey: ["me"] });
        navigate(`/login?next=${next}`, { replace: true });
        return;
      }
      clearSession(qc);
      navigate(`/login?next=${next}&expired=1`, { replace: true });
    });
  }, [qc, navigate, location]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <div style={{ padding: 48 }}>
        <PageError error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data || me.data.stage !== "full") {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** A page the person's roles do not open says so, instead of asking the server and failing. */
function Guard({ perms, page }: { perms: Permission[]; page: ReactNode }) {
  const can = useCan();
  return can(...perms) ? <>{page}</> : <NoPermission />;
}

/** Content work is given per site by role, not by a platform permission. */
function RoleGuard({ roles, page }: { roles: RoleKey[]; page: ReactNode }) {
  const { data: me } = useMe();
  return me?.roles.some((r) => roles.includes(r.role)) ? <>{page}</> : <NoPermission />;
}

export function AppRoutes() {
  return (
    <>
      <SessionWatcher />
      <Suspense fallback={<FullPageSpin />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<DashboardPage />} />
            <Route path="units" element={<Guard perms={["unit.manage"]} page={<UnitsPage />} />} />
            <Route path="users" element={<Guard perms={["user.read", "user.manage", "role.assign"]} page={<UsersPage />} />} />
            <Route
              path="password-resets"
              element={<Guard perms={["password_reset.request", "password_reset.approve"]} page={<PasswordResetsPage />} />}
            />
            <Route path="sites" element={<Guard perms={["site.read", "site.manage"]} page={<SitesPage />} />} />
            <Route path="themes" element={<Guard perms={["theme.manage"]} page={<ThemesPage />} />} />
            <Route path="statistics/visits" element={<Guard perms={["site.read"]} page={<VisitsPage />} />} />
            <Route
              path="columns"
              element={<Guard perms={["column.read", "column.manage", "column.request", "column.decide"]} page={<ColumnsPage />} />}
            />
            <Route path="calendar" element={<Guard perms={["calendar.read", "calendar.manage"]} page={<CalendarPage />} />} />
            <Route path="profile" element={<Guard perms={["profile.read"]} page={<ProfilePage />} />} />
            <Route path="audit" element={<Guard perms={["audit.read"]} page={<AuditPage />} />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="notifications" element={<NotificationCenterPage />} />
            <Route path="notifications/settings" element={<NotificationSettingsPage />} />
            <Route path="duty/roster" element={<Guard perms={["duty.patrol", "duty.manage"]} page={<DutyRosterPage />} />} />
            <Route path="duty/patrol" element={<Guard perms={["duty.patrol", "duty.manage"]} page={<DutyPatrolPage />} />} />
            <Route path="duty/incidents/:id?" element={<Guard perms={["duty.patrol", "duty.manage"]} page={<DutyIncidentsPage />} />} />
            <Route path="duty/plans/:id?" element={<Guard perms={["duty.patrol", "duty.manage"]} page={<DutyPlansPage />} />} />
            <Route path="duty/counterfeit/:id?" element={<Guard perms={["duty.patrol", "duty.manage"]} page={<DutyCounterfeitPage />} />} />
            <Route path="content" element={<RoleGuard roles={CONTENT_READERS} page={<DocumentsPage />} />} />
            <Route path="content/new" element={<RoleGuard roles={["editor"]} page={<EditorPage />} />} />
            <Route path="content/:id" element={<RoleGuard roles={CONTENT_READERS} page={<DocumentPage />} />} />
            <Route path="content/:id/edit" element={<RoleGuard roles={["editor"]} page={<EditorPage />} />} />
            <Route path="reviews" element={<RoleGuard roles={["proofreader", "reviewer", "supervisor"]} page={<InboxPage />} />} />
            <Route path="submissions" element={<RoleGuard roles={["editor", "reviewer"]} page={<SubmissionsPage />} />} />
            <Route path="register" element={<RoleGuard roles={CONTENT_READERS} page={<RegisterPage />} />} />
            <Route path="interaction/letters" element={<RoleGuard roles={CONTENT_READERS} page={<LettersPage />} />} />
            <Route path="tickets" element={<RoleGuard roles={CONTENT_READERS} page={<TicketsPage />} />} />
            <Route path="tickets/:id" element={<RoleGuard roles={CONTENT_READERS} page={<TicketPage />} />} />
            <Route path="interaction/letters/:id" element={<RoleGuard roles={CONTENT_READERS} page={<LetterPage />} />} />
            <Route path="interaction/templates" element={<RoleGuard roles={CONTENT_READERS} page={<TemplatesPage />} />} />
            <Route path="interaction/statistics" element={<RoleGuard roles={INTERACTION_CENTRE} page={<StatisticsPage />} />} />
            <Route path="interaction/faq" element={<RoleGuard roles={INTERACTION_CENTRE} page={<FaqPage />} />} />
            <Route path="interaction/participation" element={<RoleGuard roles={INTERACTION_CENTRE} page={<ParticipationPage />} />} />
            <Route path="interaction/channels" element={<RoleGuard roles={INTERACTION_CENTRE} page={<ChannelsPage />} />} />
            <Route path="disclosure" element={<RoleGuard roles={CONTENT_READERS} page={<ApplicationsPage />} />} />
            <Route path="disclosure/annual-table" element={<RoleGuard roles={CONTENT_READERS} page={<AnnualTablePage />} />} />
            <Route path="disclosure/:id" element={<RoleGuard roles={CONTENT_READERS} page={<ApplicationPage />} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </>
  );
}
