import { Route, Routes } from 'react-router-dom';
import { DashboardPage } from './DashboardPage';
import { ExecutiveMetricsPage } from './ExecutiveMetricsPage';
import { SystemMetricsPage } from './SystemMetricsPage';
import { TenantHealthPage } from './TenantHealthPage';

/**
 * The platform dashboard at `/platform`, the request metrics at
 * `/platform/system`, the executive metrics at `/platform/metrics` and one
 * tenant's health at `/platform/tenants/<tenant>`.
 */
export const PlatformHealthPage = () => (
  <Routes>
    <Route path="/" element={<DashboardPage />} />
    <Route path="/system" element={<SystemMetricsPage />} />
    <Route path="/metrics" element={<ExecutiveMetricsPage />} />
    <Route path="/tenants/:tenant" element={<TenantHealthPage />} />
  </Routes>
);
