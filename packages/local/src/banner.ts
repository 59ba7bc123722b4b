import { isAbsolute, relative } from 'node:path';
import type { LocalStack } from './stack';

/** What `npm start` prints: where everything is, and a first request to paste. */
export function banner(stack: LocalStack, cwd = process.cwd()): string {
  const show = (path: string) => {
    const near = relative(cwd, path);
    return near.startsWith('..') || isAbsolute(near) ? path : near || '.';
  };
  const keyNote = {
    environment: 'from SERVICE_KEY',
    generated: `new; kept in ${show(stack.serviceKeyFile)}`,
    'data folder': `from ${show(stack.serviceKeyFile)}`,
  }[stack.serviceKeySource];
  const body = JSON.stringify({
    name: 'Ana Lopez',
    email: 'ana@example.com',
    phone: '+16195550101',
  });
  return [
    '',
    'ShipCaptainCrew is running locally.',
    '',
    `  Admin console  ${stack.apiUrl}/admin  (sign in with the service key below)`,
    `  API            ${stack.apiUrl}`,
    `  Email outbox   ${stack.outboxUrl}`,
    `  Calendar       ${calendarLine(stack)}`,
    `  Service key    ${stack.serviceKey}  (${keyNote})`,
    `  Data           ${show(stack.dataDir)}  (DynamoDB, S3, email outbox, calendar stand-in and the keys; kept across restarts)`,
    '',
    'Add a crew member:',
    `  curl -s ${stack.apiUrl}/crew -H 'X-Service-Key: ${stack.serviceKey}' -H 'Content-Type: application/json' -d '${body}'`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function calendarLine(stack: LocalStack): string {
  switch (stack.calendar) {
    case 'google':
      return 'Google Calendar';
    case 'local stand-in':
      return `local stand-in (not Google) — events at ${stack.calendarUrl}`;
    case 'off':
      return 'off (LOCAL_CALENDAR=off; set GOOGLE_SERVICE_ACCOUNT_FILE and GOOGLE_CALENDAR_ID for Google); the step is skipped';
  }
}
