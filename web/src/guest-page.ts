import { api } from './api';
import { relativeTo } from './time';
import { UploadError, uploadFile } from './uploads';

/**
 * The guest page's live parts: the crew's checklist progress, the party's gallery, and
 * uploads (several files at once, a progress bar each, retry on failure) until the trip ends.
 * The page reads fine without this script; only uploading needs it. A cancelled trip's page
 * has no upload form, and this script never opens uploads for it, whatever the server says.
 */
const body = document.body;
const slug = body.dataset.slug ?? '';
const tripZone = body.dataset.timezone ?? '';
const cancelled = body.dataset.cancelled === 'true';
const checklist = document.getElementById('checklist');
const form = document.getElementById('upload-form');
const input = document.getElementById('files') as HTMLInputElement | null;
const list = document.getElementById('uploads');
const gallery = document.getElementById('gallery');
const windowNote = document.getElementById('upload-window');
const timeLeft = document.getElementById('upload-left');
// Kept to put back if the server reopens what this phone's clock closed too early.
const openNote = windowNote ? [...windowNote.childNodes] : [];
const tzNote = document.getElementById('tz-note');

/** The server's clock minus ours, so a phone with a wrong clock still closes on time. */
let clockSkewMs = 0;
let closesAt = Date.parse(body.dataset.end ?? '');
let open = !cancelled && Date.now() < closesAt;

function showTimeZoneNote(): void {
  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!tzNote || !tripZone || phoneZone === tripZone) return;
  tzNote.textContent = `Times are ${tripZone.replace(/_/g, ' ')} time; your phone is set to ${phoneZone.replace(/_/g, ' ')}.`;
}

async function refreshChecklist(): Promise<void> {
  if (!checklist) return;
  try {
    const res = await api.g[':slug'].checklist.$get({ param: { slug } });
    if (!res.ok) return;
    const { items } = await res.json();
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

function renderGallery(photos: { photoId: string; contentType: string; url: string }[]): void {
  if (!gallery) return;
  gallery.replaceChildren(
    ...photos.map((photo) => {
      if (photo.contentType.startsWith('video/')) {
        const video = document.createElement('video');
        video.src = photo.url;
        video.controls = true;
        video.preload = 'metadata';
        return video;
      }
      if (/^image\/(jpeg|png|webp|gif)$/.test(photo.contentType)) {
        const img = document.createElement('img');
        img.src = photo.url;
        img.alt = 'A photo from the trip';
        img.loading = 'lazy';
        return img;
      }
      // HEIC shows only on some phones: offer it as a file.
      const link = document.createElement('a');
      link.href = photo.url;
      link.className = 'file';
      link.textContent = 'Photo (HEIC)';
      return link;
    }),
  );
}

async function refreshGallery(): Promise<void> {
  try {
    const res = await api.g[':slug'].photos.$get({ param: { slug } });
    if (!res.ok) return;
    const result = await res.json();
    clockSkewMs = Date.parse(result.serverTime) - Date.now();
    closesAt = Date.parse(result.closesAt);
    setOpen(result.uploadsOpen);
    renderGallery(result.photos);
  } catch {
    // Keep what is shown.
  }
}

function setOpen(isOpen: boolean): void {
  open = isOpen && !cancelled;
  if (input) input.disabled = !open;
  updateWindowNote();
}

/** The page names the exact closing time; this adds how long that is from now, or says it passed. */
function updateWindowNote(): void {
  // The server's words for a cancelled trip stand; there is no window to count down.
  if (cancelled) return;
  const now = Date.now() + clockSkewMs;
  if (open && now >= closesAt) setOpen(false);
  if (open) {
    if (windowNote && timeLeft && !windowNote.contains(timeLeft)) windowNote.replaceChildren(...openNote);
    if (timeLeft) timeLeft.textContent = ` Uploads close ${relativeTo(closesAt, now)}.`;
  } else if (windowNote) {
    windowNote.textContent = 'The trip is over, so uploads are closed. Thank you for sharing!';
  }
}

function addUpload(file: File): void {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = file.name;
  const state = document.createElement('span');
  state.className = 'muted';
  const bar = document.createElement('progress');
  bar.max = file.size;
  bar.value = 0;
  bar.setAttribute('aria-label', `Upload of ${file.name}`);
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.textContent = 'Retry';
  retry.hidden = true;
  li.append(name, state, bar, retry);
  list?.append(li);

  const run = async () => {
    retry.hidden = true;
    state.textContent = 'Sending…';
    try {
      await uploadFile(slug, file, { progress: (sent) => (bar.value = sent) });
      bar.value = file.size;
      state.textContent = 'Shared ✓';
      void refreshGallery();
    } catch (error) {
      const retryable = !(error instanceof UploadError) || error.retryable;
      state.textContent = error instanceof Error ? error.message : 'Failed';
      retry.hidden = !retryable || !open;
    }
  };
  retry.addEventListener('click', () => void run());
  void run();
}

input?.addEventListener('change', () => {
  for (const file of input.files ?? []) addUpload(file);
  input.value = '';
});
form?.addEventListener('submit', (event) => event.preventDefault());

showTimeZoneNote();
setOpen(open);
void refreshChecklist();
void refreshGallery();
setInterval(updateWindowNote, 15_000);
setInterval(() => {
  if (document.visibilityState !== 'visible') return;
  void refreshChecklist();
  void refreshGallery();
}, 30_000);
