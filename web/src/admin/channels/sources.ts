/** The marketplaces a channel can come from; the value is the bookings' `source`. */
export const SOURCES: [value: string, label: string][] = [
  ['boatsetter', 'Boatsetter'],
  ['getmyboat', 'GetMyBoat'],
  ['viator', 'Viator'],
  ['airbnb', 'Airbnb'],
  ['direct', 'Direct (own website)'],
  ['other', 'Other'],
];

export function sourceLabel(source: string): string {
  return SOURCES.find(([value]) => value === source)?.[1] ?? source;
}
