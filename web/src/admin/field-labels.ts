/** The booking's fields as the office calls them, for the change preview and the history. */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  start: 'Start',
  end: 'End',
  timezone: 'Time zone',
  boat: 'Boat',
  meetingPoint: 'Meeting point',
  whatToBring: 'What to bring',
  guest: 'Guests',
  notes: 'Notes for the crew',
  crew: 'Crew',
  crewTasks: 'Crew checklist',
  finance: 'Money',
  status: 'Status',
  'finance.cancelled': 'Refund and fee',
  needsDetails: 'Details still needed',
};

/** What a crew member sees change, as their email names it ("time changed"). */
export const CREW_FIELD_LABELS: Record<string, string> = {
  title: 'title',
  time: 'time',
  boat: 'boat',
  meetingPoint: 'meeting point',
  guests: 'guests',
  notes: 'notes',
  tasks: 'checklist',
  role: 'their role',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** "time and meeting point", "time, boat and notes". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
