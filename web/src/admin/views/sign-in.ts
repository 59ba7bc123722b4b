import { field, h, setError } from '../dom';
import { clientFor, storeKey } from '../session';
import { heading } from '../ui';

/**
 * Sign in with the service key. The key is checked with one harmless call (`GET /crew?limit=1`:
 * 401 means a wrong key) before it is kept in this tab's sessionStorage.
 */
export function signInView(main: HTMLElement, onSignedIn: (key: string) => void): void {
  const input = h('input', {
    id: 'service-key',
    type: 'password',
    name: 'service-key',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    required: true,
  });
  const keyField = field('Service key', input, { hint: 'The key printed by npm start (or kept in .local/service-key), or your production key.' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card narrow', novalidate: true, 'aria-labelledby': 'sign-in-title' }, keyField.wrapper, h('div', { class: 'actions' }, submit));
  const title = heading('Sign in');
  title.id = 'sign-in-title';
  main.append(title, h('p', { class: 'lead' }, 'The office console of ShipCaptainCrew: bookings, crew, and money.'), form);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const key = input.value.trim();
      if (!key) {
        setError(keyField.error, [input], 'Enter the service key.');
        input.focus();
        return;
      }
      submit.disabled = true;
      submit.textContent = 'Checking…';
      setError(keyField.error, [input], undefined);
      try {
        const res = await clientFor(key).crew.$get({ query: { limit: '1' } });
        if (res.status === 401) {
          setError(keyField.error, [input], 'That service key was not accepted. Check it and try again.');
          input.focus();
          input.select();
          return;
        }
        if (!res.ok) {
          setError(keyField.error, [input], `The API could not check the key (HTTP ${res.status}). Try again.`);
          return;
        }
        storeKey(key);
        onSignedIn(key);
      } catch {
        setError(keyField.error, [input], 'Could not reach the API. Check the connection and try again.');
      } finally {
        submit.disabled = false;
        submit.textContent = 'Sign in';
      }
    })();
  });
}
