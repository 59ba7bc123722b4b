import type { CrewInviteView } from '@scc/core';
import { renderCrewNotice } from './crew-notice-email';
import type { RenderedEmail } from './email-layout';

export type { RenderedEmail } from './email-layout';

/** The first email a crew member gets about a trip: the `invite` kind of the crew notice. */
export function renderCrewInvite(view: CrewInviteView): RenderedEmail {
  return renderCrewNotice({ ...view, kind: 'invite', notes: '', tasks: [], changed: [] });
}
