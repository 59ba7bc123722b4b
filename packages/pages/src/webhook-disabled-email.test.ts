import { describe, expect, it } from 'vitest';
import { renderWebhookDisabled } from './webhook-disabled-email';

describe('the webhook-disabled email', () => {
  it('says which endpoint, why and where to enable it, with every string escaped', () => {
    const email = renderWebhookDisabled({
      url: 'https://hooks.example.com/<script>alert(1)</script>',
      reason: 'The endpoint answered 410 Gone',
      consoleUrl: 'https://scc.example/admin/webhooks#wh_1',
    });
    expect(email.subject).toBe('A webhook endpoint was disabled');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('href="https://scc.example/admin/webhooks#wh_1"');
    expect(email.text).toContain('The endpoint answered 410 Gone');
    expect(email.text).toContain('https://scc.example/admin/webhooks#wh_1');
  });
});
