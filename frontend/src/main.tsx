import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App, { createQueryClient } from './App';
import { api } from './api';
import { statsQuery } from './dashboard/api';
import './index.css';

const queryClient = createQueryClient();

// A returning user lands on the dashboard: fetch its code and its numbers while /auth/me is in flight,
// not one after the other.
if (api.tokens.get() && window.location.pathname === '/') {
  void import('./dashboard/DashboardPage');
  const brandId = new URLSearchParams(window.location.search).get('brandId') ?? undefined;
  void queryClient.prefetchQuery(statsQuery(brandId));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
