export { type RenderedEmail, renderCrewInvite } from './crew-invite-email';
export { formatDate, formatTimeRange, formatWhen, mapLink } from './format';
export { renderGuestPage } from './guest-page';
export { escapeHtml, html, SafeHtml } from './html';
export { PAGE_CSP, page } from './layout';
export { renderCrewPage, renderLinkProblemPage } from './crew-page';
