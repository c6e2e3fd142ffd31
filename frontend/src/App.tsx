import { lazy, Suspense } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from './api/problem';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth, RequireCapability } from './auth/RequireAuth';
import { AppShell } from './shell/AppShell';
import { NotFoundState, PageLoader, ToastProvider } from './ui';

// Every page is its own chunk: the first load carries only the shell, the router and the API client.
const LoginPage = lazy(() => import('./auth/LoginPage'));
const RegisterPage = lazy(() => import('./auth/RegisterPage'));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage'));
const CampaignsPage = lazy(() => import('./campaigns/CampaignsPage'));
const NewCampaignPage = lazy(() => import('./campaigns/NewCampaignPage'));
const CampaignDetailPage = lazy(() => import('./campaigns/CampaignDetailPage'));
const CalendarPage = lazy(() => import('./campaigns/CalendarPage'));
const ApprovalsPage = lazy(() => import('./approvals/ApprovalsPage'));
const TemplatesPage = lazy(() => import('./templates/TemplatesPage'));
const TemplateEditorPage = lazy(() => import('./templates/TemplateEditorPage'));
const BrandsPage = lazy(() => import('./brands/BrandsPage'));
const BrandDetailPage = lazy(() => import('./brands/BrandDetailPage'));
const LocationsPage = lazy(() => import('./locations/LocationsPage'));
const LocationDetailPage = lazy(() => import('./locations/LocationDetailPage'));
const ImportPage = lazy(() => import('./imports/ImportPage'));
const UsersPage = lazy(() => import('./users/UsersPage'));
const ProfilePage = lazy(() => import('./profile/ProfilePage'));
const PublicStorePage = lazy(() => import('./public/PublicStorePage'));
const RolloutsPage = lazy(() => import('./rollouts/RolloutsPage'));
const RolloutPage = lazy(() => import('./rollouts/RolloutPage'));

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // 4xx answers are final (404 = not visible to this user); only retry network/5xx failures.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<PageLoader />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="/register"
        element={
          <Suspense fallback={<PageLoader />}>
            <RegisterPage />
          </Suspense>
        }
      />
      <Route
        path="/s/:brandSlug/:storeNumber"
        element={
          <Suspense fallback={<PageLoader />}>
            <PublicStorePage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="campaigns" element={<CampaignsPage />} />
        <Route
          path="campaigns/new"
          element={
            <RequireCapability capability="campaigns.create">
              <NewCampaignPage />
            </RequireCapability>
          }
        />
        <Route path="campaigns/:campaignId" element={<CampaignDetailPage />} />
        <Route path="calendar" element={<CalendarPage />} />
        <Route path="rollouts" element={<RolloutsPage />} />
        <Route path="rollouts/:rolloutId" element={<RolloutPage />} />
        <Route
          path="approvals"
          element={
            <RequireCapability capability="approvals.view">
              <ApprovalsPage />
            </RequireCapability>
          }
        />
        <Route path="templates" element={<TemplatesPage />} />
        <Route
          path="templates/new"
          element={
            <RequireCapability capability="templates.manage">
              <TemplateEditorPage />
            </RequireCapability>
          }
        />
        <Route path="templates/:templateId" element={<TemplateEditorPage />} />
        <Route path="brands" element={<BrandsPage />} />
        <Route path="brands/:brandId/*" element={<BrandDetailPage />} />
        <Route path="brands/:brandId/locations/:locationId" element={<LocationDetailPage />} />
        <Route
          path="brands/:brandId/import"
          element={
            <RequireCapability capability="locations.manage">
              <ImportPage />
            </RequireCapability>
          }
        />
        <Route path="locations" element={<LocationsPage />} />
        <Route
          path="users"
          element={
            <RequireCapability capability="users.manage">
              <UsersPage />
            </RequireCapability>
          }
        />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundState />} />
      </Route>
    </Routes>
  );
}

export default function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </ToastProvider>
    </QueryClientProvider>
  );
}
