import { api } from './api';

/** The guest page's live parts: the crew's checklist progress, refreshed while it is open. */
const REFRESH_MS = 30_000;
const slug = document.body.dataset.slug ?? '';
const list = document.getElementById('checklist');

async function refresh(): Promise<void> {
  if (!list) return;
  try {
    const res = await api.g[':slug'].checklist.$get({ param: { slug } });
    if (!res.ok) return;
    const { items } = await res.json();
    const rows = items.map((item) => {
      const li = document.createElement('li');
      li.textContent = item.done ? `${item.label} ✓` : item.label;
      if (item.done) li.className = 'done';
      return li;
    });
    list.replaceChildren(...rows);
  } catch {
    // A weak signal: keep the list as it is.
  }
}

void refresh();
setInterval(() => {
  if (document.visibilityState === 'visible') void refresh();
}, REFRESH_MS);
