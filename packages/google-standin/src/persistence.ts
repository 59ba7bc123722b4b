import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoredEvent } from './state';

/** The events file cannot be read back: not JSON, or not the shape the stand-in writes. */
export class StandInEventsFileError extends Error {
  constructor(file: string, options?: { cause?: unknown }) {
    super(`The calendar stand-in cannot read its events file ${file}; delete it to start over`, options);
    this.name = 'StandInEventsFileError';
  }
}

type Calendars = Map<string, Map<string, StoredEvent>>;

/** The events kept in `file` by an earlier run, or none when there is no file yet. */
export function loadEvents(file: string): Calendars {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new StandInEventsFileError(file, { cause: error });
  }
  try {
    const saved = JSON.parse(text) as { calendars: Record<string, StoredEvent[]> };
    return new Map(
      Object.entries(saved.calendars).map(([id, events]) => [id, new Map(events.map((e) => [e.id, e]))]),
    );
  } catch (error) {
    throw new StandInEventsFileError(file, { cause: error });
  }
}

/**
 * Writes every event to `file`, whole, through a temporary file and a rename, so that a
 * crash mid-write leaves the previous copy. Synchronous: the events are few, and a write
 * that returned is on disk before the client hears that it succeeded.
 */
export function saveEvents(file: string, calendars: Calendars): void {
  const saved = {
    calendars: Object.fromEntries([...calendars].map(([id, events]) => [id, [...events.values()]])),
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(saved, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}
