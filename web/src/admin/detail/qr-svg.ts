import qrcode from 'qrcode-generator';

const SVG = 'http://www.w3.org/2000/svg';
/** The quiet zone the QR standard asks for around the code, in modules. */
const MARGIN = 4;

/**
 * A QR code as an inline SVG built with DOM calls (no markup strings, so the console's CSP and
 * its text-only rule hold). One path of dark modules on a white square: it stays sharp at any
 * size, prints crisply and is a few kilobytes as a file. Level M survives a crease or a smudge
 * on a printed card while keeping a guest URL to a small code.
 */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const size = count + MARGIN * 2;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('xmlns', SVG);
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('data-modules', String(count));
  const title = document.createElementNS(SVG, 'title');
  title.textContent = label;
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', qrPath(qr, count));
  modules.setAttribute('fill', '#000');
  svg.append(title, background, modules);
  return svg;
}

/** Each dark module as a 1×1 square, offset by the quiet zone. */
export function qrPath(qr: { isDark(row: number, col: number): boolean }, count: number): string {
  const parts: string[] = [];
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) parts.push(`M${col + MARGIN} ${row + MARGIN}h1v1h-1z`);
    }
  }
  return parts.join('');
}
