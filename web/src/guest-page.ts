import { api } from './api';
import { relativeTo } from './time';
import { type QueuedUpload, UploadQueue } from './uploads';

/**
 * The guest page's live parts: the crew's checklist progress, the party's gallery (tap a photo
 * to see it full size and save it), and uploads: pick any number of files and they all go, a
 * few at a time, waiting out limits and dropped connections by themselves, with one overall
 * line ("41 of 80 shared") and a bar per file.
 *
 * The upload window comes from the gallery answer (`closesAt`, `uploadsOpen`, by the server's
 * clock), not from the page, which was rendered when the booking was: an operator's grace
 * changed since then still counts. After the close the page is a thank-you and the gallery
 * (moved up under it); once the trip is over, "getting ready" and "what to bring" go. A cancelled trip's page has no
 * upload control, and this script never opens uploads for it, whatever the server says.
 */
const body = document.body;
const slug = body.dataset.slug ?? '';
const tripZone = body.dataset.timezone ?? '';
const cancelled = body.dataset.cancelled === 'true';
const itemsShown = body.dataset.checklist !== 'progress';
const tripEnd = Date.parse(body.dataset.end ?? '');
const $ = (id: string) => document.getElementById(id);
const checklist = $('checklist');
const prepProgress = $('prep-progress');
const prepSection = $('prep-section');
const bringSection = $('bring-section');
const photosSection = $('photos-section');
const share = $('share');
const thanks = $('thanks');
const input = $('files') as HTMLInputElement | null;
const pick = document.querySelector<HTMLElement>('label.pick');
const list = $('uploads');
const overall = $('overall');
const gallery = $('gallery');
const galleryEmpty = $('gallery-empty');
const windowNote = $('upload-window');
const timeLeft = $('upload-left');
const closesAtText = document.querySelector<HTMLElement>('#upload-window strong');
const closedAtText = $('closed-at');
const tzNote = $('tz-note');
const viewer = $('viewer') as HTMLDialogElement | null;
const viewerBody = $('viewer-body');
const viewerSave = $('viewer-save') as HTMLAnchorElement | null;

/** The server's clock minus ours, so a phone with a wrong clock still closes on time. */
let clockSkewMs = 0;
const renderedCloses = Date.parse(body.dataset.closes ?? body.dataset.end ?? '');
let closesAt = renderedCloses;
let open = !cancelled && Date.now() < closesAt;
const serverNow = () => Date.now() + clockSkewMs;

/** Formatters in the trip's zone, made when first needed (each costs a little on a slow phone). */
const formats = new Map<string, Intl.DateTimeFormat>();
function format(ms: number, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let made = formats.get(key);
  if (!made) formats.set(key, (made = new Intl.DateTimeFormat('en-US', { timeZone: tripZone || undefined, ...options })));
  return made.format(ms);
}

/** "9:00 PM PDT, Saturday, July 4", as the page words it (pages/src/format.ts `formatUntil`). */
function until(ms: number): string {
  return `${format(ms, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })}, ${format(ms, { weekday: 'long', month: 'long', day: 'numeric' })}`;
}

function showTimeZoneNote(): void {
  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!tzNote || !tripZone || phoneZone === tripZone) return;
  tzNote.textContent = `Times are ${tripZone.replace(/_/g, ' ')} time; your phone is set to ${phoneZone.replace(/_/g, ' ')}.`;
}

function progressLine(items: readonly { done: boolean }[]): string {
  const done = items.filter((item) => item.done).length;
  return done === items.length
    ? `Your crew has the boat ready — ${done} of ${items.length} done`
    : `Your crew is getting the boat ready — ${done} of ${items.length} done`;
}

async function refreshChecklist(): Promise<void> {
  if (!prepProgress || (prepSection?.hidden ?? true)) return;
  try {
    const res = await api.g[':slug'].checklist.$get({ param: { slug } });
    if (!res.ok) return;
    const { items } = await res.json();
    if (items.length > 0) prepProgress.textContent = progressLine(items);
    if (!checklist || !itemsShown) return;
    checklist.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement('li');
        li.textContent = item.done ? `${item.label} ✓` : item.label;
        if (item.done) li.className = 'done';
        return li;
      }),
    );
  } catch {
    // A weak signal: keep the list as it is.
  }
}

interface Photo {
  photoId: string;
  contentType: string;
  url: string;
  uploadedAt: string;
}

/** Gallery entries by photo: kept across refreshes, so nothing already shown loads again. */
const shown = new Map<string, { element: HTMLElement; photo: Photo }>();

function openViewer(entry: { photo: Photo }, alt: string): void {
  if (!viewer || !viewerBody || !viewerSave || typeof viewer.showModal !== 'function') return;
  const img = document.createElement('img');
  img.src = entry.photo.url;
  img.alt = alt;
  viewerBody.replaceChildren(img);
  viewerSave.href = entry.photo.url;
  viewerSave.download = `${entry.photo.photoId}.${entry.photo.contentType.split('/')[1] ?? 'jpg'}`;
  viewer.showModal();
}

/** "Photo shared at 8:41 PM", or plainly a photo from the trip when the time is unknown. */
function describe(kind: 'Photo' | 'Video', photo: Photo): string {
  const at = Date.parse(photo.uploadedAt);
  return Number.isNaN(at) ? `${kind} from the trip` : `${kind} shared at ${format(at, { hour: 'numeric', minute: '2-digit' })}`;
}

function galleryEntry(photo: Photo): HTMLElement {
  if (photo.contentType.startsWith('video/')) {
    const video = document.createElement('video');
    video.src = photo.url;
    video.controls = true;
    video.preload = 'metadata';
    video.setAttribute('aria-label', describe('Video', photo));
    return video;
  }
  const link = document.createElement('a');
  link.href = photo.url;
  if (/^image\/(jpeg|png|webp|gif)$/.test(photo.contentType)) {
    const alt = describe('Photo', photo);
    const img = document.createElement('img');
    img.src = photo.url;
    img.alt = `${alt}; open full size`;
    img.loading = 'lazy';
    img.decoding = 'async';
    link.append(img);
    link.addEventListener('click', (event) => {
      const entry = shown.get(photo.photoId);
      if (!entry || !viewer || typeof viewer.showModal !== 'function') return;
      event.preventDefault();
      openViewer(entry, alt);
    });
  } else {
    // HEIC shows only on some phones: offer it as a file.
    link.className = 'file';
    link.download = `${photo.photoId}.heic`;
    link.textContent = 'Photo (HEIC), download';
  }
  return link;
}

/** Adds what is new, drops what is gone, keeps the rest, newest first. */
function renderGallery(photos: Photo[], complete: boolean): void {
  if (!gallery) return;
  const ids = new Set(photos.map((photo) => photo.photoId));
  if (complete) {
    for (const [id, entry] of shown) {
      if (!ids.has(id)) {
        entry.element.remove();
        shown.delete(id);
      }
    }
  }
  for (const photo of photos) {
    const entry = shown.get(photo.photoId);
    if (entry) {
      // A fresh URL for the full size view and the download; the thumbnail has loaded already.
      entry.photo = photo;
      if (entry.element instanceof HTMLAnchorElement) entry.element.href = photo.url;
      continue;
    }
    shown.set(photo.photoId, { element: galleryEntry(photo), photo });
  }
  const ordered = [...shown.values()].sort((a, b) => (b.photo.uploadedAt ?? '').localeCompare(a.photo.uploadedAt ?? ''));
  ordered.forEach((entry, i) => {
    if (gallery.children[i] !== entry.element) gallery.insertBefore(entry.element, gallery.children[i] ?? null);
  });
  if (galleryEmpty) galleryEmpty.hidden = shown.size > 0;
}

async function refreshGallery(): Promise<void> {
  try {
    const res = await api.g[':slug'].photos.$get({ param: { slug } });
    if (!res.ok) return;
    const result = await res.json();
    clockSkewMs = Date.parse(result.serverTime) - Date.now();
    closesAt = Date.parse(result.closesAt);
    setOpen(result.uploadsOpen);
    renderGallery(result.photos, true);
  } catch {
    // Keep what is shown.
  }
}

function setOpen(isOpen: boolean): void {
  open = isOpen && !cancelled;
  if (input) input.disabled = !open;
  updateWindow();
}

/**
 * Open: the exact closing time (from the server) and how long that is from now. Closed: the
 * thank-you and the gallery; the upload list stays only if this phone sent something; and
 * once the trip is over the "getting ready" list is gone.
 */
function updateWindow(): void {
  if (cancelled) return;
  const now = serverNow();
  if (open && now >= closesAt) {
    open = false;
    if (input) input.disabled = true;
  }
  // The page was rendered with the close it knew; the server's may differ (a grace changed since).
  if (closesAt !== renderedCloses) {
    const text = until(closesAt);
    if (closesAtText) closesAtText.textContent = text;
    if (closedAtText) closedAtText.textContent = text;
  }
  if (open) {
    if (timeLeft) timeLeft.textContent = ` Uploads close ${relativeTo(closesAt, now)}.`;
  }
  if (windowNote) windowNote.hidden = !open;
  if (pick) pick.hidden = !open;
  if (share) share.hidden = !open && (list?.children.length ?? 0) === 0;
  if (thanks) thanks.hidden = open;
  const over = now >= tripEnd;
  if (prepSection) prepSection.hidden = over;
  if (bringSection) bringSection.hidden = over;
  // Closed: the thank-you and the photos are the page, so the photos come right after it.
  if (!open && thanks && photosSection && thanks.nextElementSibling !== photosSection) thanks.after(photosSection);
}

/** One line for the whole selection, read out as it changes. */
function updateOverall(): void {
  if (!overall) return;
  const { shared, failed, total } = queue.counts;
  const line = total === 0 ? '' : `${shared} of ${total} shared${failed ? ` · ${failed} not sent` : ''}`;
  // Set only when it changes: a live region read out again for every progress event is noise.
  if (overall.textContent !== line) overall.textContent = line;
}

const rows = new Map<QueuedUpload, { state: HTMLElement; bar: HTMLProgressElement; retry: HTMLButtonElement }>();

const queue = new UploadQueue(slug, {
  added(item) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = item.file.name;
    const state = document.createElement('span');
    state.className = 'muted';
    state.textContent = item.message;
    const bar = document.createElement('progress');
    bar.max = item.file.size || 1;
    bar.value = 0;
    bar.setAttribute('aria-label', `Upload of ${item.file.name}`);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'Try again';
    retry.hidden = true;
    retry.addEventListener('click', () => queue.retry(item));
    li.append(name, state, bar, retry);
    if (list) {
      list.append(li);
      // A long list scrolls inside its box: reachable by keyboard once it has something in it.
      list.tabIndex = 0;
    }
    rows.set(item, { state, bar, retry });
    updateOverall();
  },
  changed(item) {
    const row = rows.get(item);
    if (!row) return;
    row.state.textContent = item.message;
    row.bar.value = item.sent;
    row.retry.hidden = !(item.state === 'failed' && item.retryable);
    updateOverall();
  },
  shared(_item, photo) {
    // The photo is in the gallery at once; the full list is read when the queue is done.
    renderGallery([photo], false);
  },
  drained() {
    void refreshGallery();
  },
  stillOpen: () => open && serverNow() < closesAt + 120_000,
});

input?.addEventListener('change', () => {
  queue.add([...(input.files ?? [])]);
  input.value = '';
});
$('viewer-close')?.addEventListener('click', () => viewer?.close());
viewer?.addEventListener('click', (event) => {
  // A tap on the dark backdrop closes it too.
  if (event.target === viewer) viewer.close();
});
viewer?.addEventListener('close', () => viewerBody?.replaceChildren());

showTimeZoneNote();
setOpen(open);
void refreshChecklist();
void refreshGallery();
setInterval(updateWindow, 15_000);
setInterval(() => {
  if (document.visibilityState !== 'visible') return;
  void refreshChecklist();
  void refreshGallery();
}, 30_000);
