import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr-svg';

describe('the guest QR code’s path', () => {
  it('draws one unit square per dark module, shifted by the four-module quiet zone', () => {
    const grid = [
      [true, false],
      [false, true],
    ];
    const path = qrPath({ isDark: (row, col) => grid[row]?.[col] ?? false }, 2);
    expect(path).toBe('M4 4h1v1h-1zM5 5h1v1h-1z');
  });

  it('covers exactly the dark modules of a real guest URL’s code', () => {
    const qr = qrcode(0, 'M');
    qr.addData('https://d123.cloudfront.net/g/sunset-sail-smith-party-b1ylhuffhmdndkkqt1', 'Byte');
    qr.make();
    const count = qr.getModuleCount();
    let dark = 0;
    for (let r = 0; r < count; r += 1) for (let c = 0; c < count; c += 1) if (qr.isDark(r, c)) dark += 1;

    const squares = qrPath(qr, count).match(/M(\d+) (\d+)/g) ?? [];

    expect(squares).toHaveLength(dark);
    expect(squares).toContain('M4 4');
    expect(squares).not.toContain(`M${count + 4} ${count + 4}`);
  });
});
