import { describe, expect, it } from 'vitest';
import { expectNoMoneyOrGuestContact, FINANCE, GUEST } from './money-scan';

describe('expectNoMoneyOrGuestContact', () => {
  it('catches the figures and contacts however they are set in text, JSON or markup', () => {
    for (const leak of [
      `Fee: ${FINANCE.platformFee}`,
      `{"captainFee":${FINANCE.captainFee}}`,
      '<td>$1,847.31</td>',
      'revenue 1847.31 USD',
      `mailto:${GUEST.email}`,
      `tel:${GUEST.phone}`,
      `call 6195550123 today`,
    ]) {
      expect(() => expectNoMoneyOrGuestContact('a page', leak), leak).toThrow();
    }
  });

  it('does not mistake a figure inside a longer token (a signature, an id) for a leak', () => {
    const presigned = `https://b.s3.amazonaws.com/k?X-Amz-Signature=9fa${FINANCE.platformFee}c0d1e&X-Amz-Date=20270704T180000Z&id=ph_${FINANCE.captainFee}x`;
    expect(() => expectNoMoneyOrGuestContact('a gallery', presigned)).not.toThrow();
  });
});
