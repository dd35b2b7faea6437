import { Route, Routes } from 'react-router-dom';
import { PromotionsHome } from './PromotionsHome';
import { RequestPage } from './RequestPage';

/**
 * The promotions page: the views at `/promotions` (inbox, requests,
 * pipeline, rules, freezes; `/promotions/<view>`) and one request at
 * `/promotions/requests/:id`; each view frames itself with `PortalPage`.
 */
export const PromotionsPage = () => (
  <Routes>
    <Route path="/" element={<PromotionsHome />} />
    <Route path="/requests/:id" element={<RequestPage />} />
    <Route path="/:view" element={<PromotionsHome />} />
  </Routes>
);
