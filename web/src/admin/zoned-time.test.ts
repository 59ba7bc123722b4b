import { describe, expect, it } from 'vitest';
import { parseWallTime, toInputs, zonedToInstant } from './zoned-time';


describe('a wall time in a time zone becomes an ISO 8601 instant with the right offset', () => {
  const at = (date: string, time: string, zone: string) => {
    const wall = parseWallTime(date, time);
    if (!wall) throw new Error('bad wall time');
    return zonedToInstant(wall, zone);
  };

  it.each([
    ['2027-07-04', '18:00', 'America/Los_Angeles', '2027-07-04T18:00:00-07:00'],
    ['2027-01-15', '09:30', 'America/Los_Angeles', '2027-01-15T09:30:00-08:00'],
    ['2027-07-04', '18:00', 'Europe/Madrid', '2027-07-04T18:00:00+02:00'],
    ['2027-12-31', '23:45', 'Asia/Kathmandu', '2027-12-31T23:45:00+05:45'],
    ['2027-03-01', '00:00', 'UTC', '2027-03-01T00:00:00+00:00'],
    ['2027-06-01', '12:00', 'Australia/Lord_Howe', '2027-06-01T12:00:00+10:30'],
  ])('%s %s in %s → %s', (date, time, zone, iso) => {
    const result = at(date, time, zone);
    expect(result.iso).toBe(iso);
    expect(result.adjusted).toBeUndefined();
    expect(new Date(result.epochMs).toISOString()).toBe(new Date(iso).toISOString());
  });

  it('on both sides of a DST change', () => {
    // 2027-03-14: US clocks jump from 02:00 PST to 03:00 PDT; 2027-11-07 they fall back.
    expect(at('2027-03-14', '01:59', 'America/New_York').iso).toBe('2027-03-14T01:59:00-05:00');
    expect(at('2027-03-14', '03:00', 'America/New_York').iso).toBe('2027-03-14T03:00:00-04:00');
    expect(at('2027-11-07', '00:30', 'America/New_York').iso).toBe('2027-11-07T00:30:00-04:00');
    expect(at('2027-11-07', '02:30', 'America/New_York').iso).toBe('2027-11-07T02:30:00-05:00');
  });

  it('moves a time skipped by spring-forward ahead by the jump, and takes the first of a repeated hour', () => {
    expect(at('2027-03-14', '02:30', 'America/New_York')).toMatchObject({ iso: '2027-03-14T03:30:00-04:00', adjusted: 'gap' });
    expect(at('2027-11-07', '01:30', 'America/New_York')).toMatchObject({ iso: '2027-11-07T01:30:00-04:00', adjusted: 'ambiguous' });
    // The UK jumps from 01:00 GMT to 02:00 BST.
    expect(at('2027-03-28', '01:30', 'Europe/London')).toMatchObject({ iso: '2027-03-28T02:30:00+01:00', adjusted: 'gap' });
    expect(at('2027-03-28', '02:30', 'Europe/London')).toEqual(expect.objectContaining({ iso: '2027-03-28T02:30:00+01:00' }));
  });

  it('reads the inputs back in the zone, and refuses impossible dates', () => {
    expect(toInputs(Date.parse('2027-07-05T01:00:00Z'), 'America/Los_Angeles')).toEqual({ date: '2027-07-04', time: '18:00' });
    expect(parseWallTime('2027-02-30', '10:00')).toBeUndefined();
    expect(parseWallTime('2027-02-28', '24:00')).toBeUndefined();
    expect(parseWallTime('', '10:00')).toBeUndefined();
  });
});

