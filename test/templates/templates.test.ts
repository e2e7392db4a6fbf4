import { checkTemplates } from '../../domain/templates/check';
import { email } from '../../domain/templates/email';
import { type Catalogs, renderMessage, renderStaffAlert, TemplateError } from '../../domain/templates/render';
import type { LocaleCatalog } from '../../domain/templates/types';
import { CATALOGS } from '../../templates';
import { zhCN } from '../../templates/zh-CN';

const fallback = ['zh-CN', 'en'];
const stallVars = {
  customerName: '王芳',
  shopName: '优品生活',
  orderId: 'o-1001',
  carrier: '顺丰',
  trackingNumber: 'SF1234567890',
  lastLocation: '杭州转运中心',
};

describe('the shipped templates', () => {
  it('pass the template check with the default budget of 2 segments', () => {
    const report = checkTemplates(CATALOGS, { segmentBudget: 2 });
    expect(report.problems).toEqual([]);
    // Every purpose in both locales was rendered and measured.
    expect(new Set(report.sms.map((r) => r.locale))).toEqual(new Set(['zh-CN', 'en']));
    expect(report.sms.filter((r) => r.locale === 'zh-CN' && r.variant === undefined)).toHaveLength(12);
  });
});

describe('the template check', () => {
  function withMessage(purpose: keyof LocaleCatalog['messages'], sms: string): Catalogs {
    const broken: LocaleCatalog = {
      ...zhCN,
      messages: { ...zhCN.messages, [purpose]: { ...zhCN.messages[purpose], sms } },
    };
    return { 'zh-CN': broken };
  }

  it('finds an unknown variable', () => {
    const report = checkTemplates(withMessage('ticket.ack', '【{{shopName}}】{{ticketNo}}'), { segmentBudget: 2 });
    expect(report.problems).toContainEqual({
      locale: 'zh-CN',
      purpose: 'ticket.ack',
      variant: undefined,
      message: 'unknown variable {{ticketNo}}',
    });
  });

  it('finds an SMS over the segment budget', () => {
    const report = checkTemplates(withMessage('ticket.ack', '【{{shopName}}】' + '很'.repeat(140)), {
      segmentBudget: 2,
    });
    expect(report.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/takes 3 segments .* budget is 2/),
    );
  });

  it('finds a stall prompt that offers no options', () => {
    const report = checkTemplates(withMessage('shipment.stalled', '【{{shopName}}】包裹没动了'), { segmentBudget: 2 });
    expect(report.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'the SMS offers no options ({{options}} is missing)',
        'the SMS does not list options 1, 2 and 3',
      ]),
    );
  });

  it('finds pressure wording', () => {
    const report = checkTemplates(withMessage('shipment.late', '【{{shopName}}】请立即回复{{options}}'), {
      segmentBudget: 2,
    });
    expect(report.problems.map((p) => p.message)).toContain('pressure wording: "立即"');
  });

  it('finds a missing locale copy and a missing variant', () => {
    const { lost: _lost, ...otherReasons } = zhCN.messages['shipment.exception'].variants ?? {};
    const broken: LocaleCatalog = {
      ...zhCN,
      messages: {
        ...zhCN.messages,
        'shipment.exception': { ...zhCN.messages['shipment.exception'], variants: otherReasons },
      },
    };
    const report = checkTemplates({ 'zh-CN': broken }, { segmentBudget: 2 });
    expect(report.problems).toContainEqual({
      locale: 'zh-CN',
      purpose: 'shipment.exception',
      variant: 'lost',
      message: 'required variant is missing',
    });
  });
});

describe('renderMessage', () => {
  it('renders the stall SMS with its three options', () => {
    const rendered = renderMessage(CATALOGS, fallback, {
      purpose: 'shipment.stalled',
      locale: 'zh-CN',
      variables: stallVars,
    });
    expect(rendered.locale).toBe('zh-CN');
    expect(rendered.sms).toBe(
      '【优品生活】王芳您好，抱歉让您久等了。订单o-1001（顺丰 SF1234567890）到达杭州转运中心后暂无新进展，我们正在跟进。' +
        '回复1 帮您催快递，2 补发或退款，3 转人工客服。',
    );
  });

  it('puts one signed link per option into email prompts', () => {
    const links = { 1: 'https://n.example/v1/reply/tok?choice=1', 2: 'https://n.example/v1/reply/tok?choice=2' };
    const rendered = renderMessage(CATALOGS, fallback, {
      purpose: 'shipment.stalled',
      locale: 'en',
      variables: { ...stallVars, customerName: 'Dana', shopName: 'Goodhome' },
      optionLinks: links,
    });
    expect(rendered.email.text).toContain('1  to have us chase the courier: https://n.example/v1/reply/tok?choice=1');
    expect(rendered.email.text).toContain('3  to talk to a person\n');
    expect(rendered.email.html).toContain('<li><a href="https://n.example/v1/reply/tok?choice=2">2 for a reship');
    expect(rendered.email.html).toContain('<li>3 to talk to a person</li>');
  });

  it('falls back from an unknown locale to zh-CN, and from a regional one to its language', () => {
    const request = { purpose: 'help.info' as const, variables: { shopName: 'S', supportContact: '400' } };
    expect(renderMessage(CATALOGS, fallback, { ...request, locale: 'fr' }).locale).toBe('zh-CN');
    expect(renderMessage(CATALOGS, fallback, { ...request, locale: 'en-US' }).locale).toBe('en');
    expect(renderMessage(CATALOGS, fallback, { ...request, locale: undefined }).locale).toBe('zh-CN');
    expect(renderMessage({ en: CATALOGS['en'] as LocaleCatalog }, fallback, { ...request, locale: 'fr' }).locale).toBe(
      'en',
    );
  });

  it('uses reason-specific wording, and the default wording for a reason without its own', () => {
    const lost = renderMessage(CATALOGS, fallback, {
      purpose: 'shipment.exception',
      locale: 'zh-CN',
      variant: 'lost',
      variables: stallVars,
    });
    expect(lost.sms).toContain('丢失');
    const other = renderMessage(CATALOGS, fallback, {
      purpose: 'shipment.exception',
      locale: 'zh-CN',
      variant: 'other',
      variables: stallVars,
    });
    expect(other.sms).toContain('遇到了异常');
  });

  it('escapes variables in HTML but not in SMS', () => {
    const rendered = renderMessage(CATALOGS, fallback, {
      purpose: 'ticket.ack',
      locale: 'en',
      variables: {
        customerName: 'Dana <b>',
        shopName: 'A&B',
        ticketId: 't-1',
        subject: '<script>alert(1)</script>',
        expectedResponse: '1 hour',
      },
    });
    expect(rendered.sms).toContain('<script>');
    expect(rendered.email.html).not.toContain('<script>');
    expect(rendered.email.html).toContain('&#60;script&#62;');
    expect(rendered.email.html).toContain('A&#38;B');
  });

  it('names the purpose, locale and variable when a variable is missing', () => {
    expect(() =>
      renderMessage(CATALOGS, fallback, { purpose: 'ticket.ack', locale: 'en', variables: { shopName: 'S' } }),
    ).toThrow(new TemplateError('missing_variable', 'ticket.ack (en): no value for {{customerName}}'));
  });

  it('renders staff alerts', () => {
    const alert = renderStaffAlert(CATALOGS['en'] as LocaleCatalog, 'sla.breach', {
      ticketId: 't-2001',
      subject: 'Fan',
      priority: 'normal',
      customerId: 'c-2001',
      deadline: '15:00',
    });
    expect(alert.subject).toBe('[SLA breach] Case t-2001 escalated');
  });
});

it('builds email text and HTML from the same paragraphs', () => {
  expect(email('S', ['Hi,', '{{options}}', 'a\nb'])).toEqual({
    subject: 'S',
    text: 'Hi,\n\n{{options}}\n\na\nb',
    html: '<p>Hi,</p>\n{{options}}\n<p>a<br>b</p>',
  });
});
