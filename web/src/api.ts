import { createApiClient } from './api-client';

/** Same-origin client for the public pages: the browser sends the crew cookie itself. */
export const api = createApiClient(window.location.origin);
