export { type RenderedEmail, renderCrewInvite } from './crew-invite-email';
export { renderCrewNotice } from './crew-notice-email';
export { formatDate, formatTimeRange, formatUntil, formatWhen, mapLink } from './format';
export { type GuestPageOptions, guestPageCsp, renderGuestPage } from './guest-page';
export { escapeHtml, html, SafeHtml } from './html';
export { PAGE_CSP, page, pageCsp } from './layout';
export { type CrewCalendarFeed, CREW_PAGE_CSP, renderCrewPage, renderLinkProblemPage } from './crew-page';
export { ADMIN_SHELL_CSP, renderAdminShell } from './admin-shell';
export { renderTripNotFound } from './trip-not-found';
