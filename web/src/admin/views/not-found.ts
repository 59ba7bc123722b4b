import { h } from '../dom';
import { heading, type View } from '../ui';

export const notFoundView: View = (main) => {
  main.append(heading('Page not found'), h('p', {}, 'There is no such page in the console. ', h('a', { href: '/admin' }, 'Go to the bookings.')));
};
