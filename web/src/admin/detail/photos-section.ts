import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api-client';
import { button, fill, h } from '../dom';
import { ApiError, data, messageOf } from '../session';
import { type Ctx, section, statusLine } from '../ui';

type Album = InferResponseType<ApiClient['bookings'][':bookingId']['photos']['$get'], 200>;
type AlbumPhoto = Album['photos'][number];
type ZipLink = InferResponseType<ApiClient['bookings'][':bookingId']['photos']['download']['$post'], 200>;

/** Enough to see the day at a glance; the rest on request, so a big album does not load at once. */
const FIRST = 24;

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * The guests' photos and videos of this booking, as thumbnails (pre-signed links that expire
 * after a quarter of an hour; reopening the booking signs new ones), and "Download all": the
 * API packs them into one zip in storage and answers a short-lived link, which the browser
 * then downloads like any file.
 */
export function photosSection(ctx: Ctx, bookingId: string): HTMLElement {
  const status = statusLine('Loading the photos…');
  status.id = 'photos-status';
  const grid = h('ul', { class: 'photo-grid', id: 'photo-grid', 'aria-label': 'Guests’ photos and videos' });
  const more = h('div');
  const downloadStatus = statusLine();
  downloadStatus.id = 'download-status';
  const downloads = h('div', { class: 'actions' });
  const element = section('Photos', status, downloads, downloadStatus, grid, more);

  const show = (photos: AlbumPhoto[], upTo: number) => {
    fill(grid, ...photos.slice(0, upTo).map(tile));
    fill(more);
    if (photos.length > upTo) {
      more.append(button(`Show all ${photos.length}`, () => show(photos, photos.length), { class: 'secondary small', id: 'show-all-photos' }));
    }
  };

  /** One button for the album, or one per zip when it is too big for one (500 MB each). */
  const offerDownloads = (parts: number) => {
    fill(
      downloads,
      ...Array.from({ length: parts }, (_, i) => {
        const label = parts === 1 ? 'Download all (zip)' : `Download part ${i + 1} of ${parts} (zip)`;
        const go: HTMLButtonElement = button(label, () => void startDownload(go, i + 1), { class: 'secondary', ...(parts === 1 ? { id: 'download-all' } : {}) });
        return go;
      }),
    );
    if (parts > 1) downloads.append(h('p', { class: 'hint block' }, 'A big album comes as several zips of up to 500 MB, each ready in seconds.'));
  };

  async function startDownload(trigger: HTMLButtonElement, part: number): Promise<void> {
    trigger.disabled = true;
    downloadStatus.textContent = 'Packing the photos into a zip…';
    try {
      // A 409 (empty album) is thrown by `data` as an ApiError; a success is the link.
      const zip = (await data(ctx.api.bookings[':bookingId'].photos.download.$post({ param: { bookingId }, query: { part: String(part) } }))) as ZipLink;
      if (ctx.signal.aborted) return;
      fill(
        downloadStatus,
        `Downloading ${zip.filename} (${zip.count} ${zip.count === 1 ? 'file' : 'files'}, ${formatBytes(zip.size)}). If it does not start, `,
        h('a', { href: zip.url, id: 'zip-link', download: zip.filename }, 'download it here'),
        ' (the link works for 5 minutes).',
      );
      // The link answers with "attachment": the browser saves the file and stays on this page.
      window.location.assign(zip.url);
    } catch (error) {
      if (ctx.signal.aborted) return;
      downloadStatus.textContent =
        error instanceof ApiError && error.code === 'album_empty' ? 'There are no photos to download yet.' : `Could not make the zip: ${messageOf(error)}`;
    } finally {
      trigger.disabled = false;
    }
  }

  void (async () => {
    try {
      const album = await data(ctx.api.bookings[':bookingId'].photos.$get({ param: { bookingId } }));
      if (ctx.signal.aborted) return;
      if (album.count === 0) {
        status.textContent = 'No photos yet. Guests share them from their page, during the trip and after it.';
        return;
      }
      status.textContent = `${album.count} ${album.count === 1 ? 'photo or video' : 'photos and videos'}, ${formatBytes(album.totalBytes)}.`;
      offerDownloads(album.parts);
      show(album.photos, FIRST);
    } catch (error) {
      if (ctx.signal.aborted) return;
      status.textContent = error instanceof ApiError && error.status === 404 ? 'No photos: the booking is not found.' : `Could not load the photos: ${messageOf(error)}`;
    }
  })();

  return element;
}

function tile(photo: AlbumPhoto): HTMLLIElement {
  const when = new Date(photo.uploadedAt).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const name = `${photo.filename}, shared ${when}`;
  const video = photo.contentType.startsWith('video/');
  return h(
    'li',
    { class: 'photo-tile', 'data-photo-id': photo.photoId },
    h(
      'a',
      { href: photo.url, target: '_blank', rel: 'noreferrer', title: name },
      video
        ? h('span', { class: 'video-tile', role: 'img', 'aria-label': `Video: ${name}` }, '▶', h('span', { class: 'video-name' }, photo.filename))
        : h('img', { src: photo.url, alt: `Photo: ${name}`, loading: 'lazy', decoding: 'async', width: '160', height: '160' }),
    ),
  );
}
