import { classifyInbound, normaliseReply, parseMenuReply, parseScore, STALL_MENU } from '../../domain/replies';

describe('classifyInbound', () => {
  it.each([
    'STOP',
    'stop',
    'Stop!',
    ' STOPALL ',
    'unsubscribe',
    'Cancel.',
    'END',
    'quit',
    'REVOKE',
    'optout',
    '退订',
    '【退订】',
    'TD',
    't',
    'ＳＴＯＰ',
    'ｓｔｏｐ。',
    '"stop"',
  ])('%j opts out', (body) => {
    expect(classifyInbound(body)).toBe('opt_out');
  });

  it.each(['HELP', 'help?', 'Info', 'ＨＥＬＰ'])('%j asks for help', (body) => {
    expect(classifyInbound(body)).toBe('help');
  });

  it.each(['START', 'start', 'Unstop!', 'ＳＴＡＲＴ'])('%j opts back in', (body) => {
    expect(classifyInbound(body)).toBe('opt_in');
  });

  it.each(['please stop texting me', 'stop it now', '1', '不要再发了', 'STOPP', 'T T', ''])(
    '%j is an ordinary reply (natural-language requests go to staff)',
    (body) => {
      expect(classifyInbound(body)).toBe('reply');
    },
  );
});

describe('parseMenuReply on the stall menu', () => {
  it.each([
    ['1', 'chase'],
    ['１', 'chase'],
    ['一', 'chase'],
    ['催', 'chase'],
    ['chase', 'chase'],
    ['2', 'reship_or_refund'],
    ['２', 'reship_or_refund'],
    ['二', 'reship_or_refund'],
    ['补发', 'reship_or_refund'],
    ['退款!', 'reship_or_refund'],
    ['Refund', 'reship_or_refund'],
    ['reship', 'reship_or_refund'],
    ['3', 'talk_to_person'],
    ['三', 'talk_to_person'],
    ['人工', 'talk_to_person'],
    ['agent', 'talk_to_person'],
    [' 3。', 'talk_to_person'],
  ])('%j → %s', (body, action) => {
    expect(parseMenuReply(body, STALL_MENU)?.action).toBe(action);
  });

  it.each(['4', '0', '12', 'where is my parcel?', '', '   ', 'yes'])('%j is not an option', (body) => {
    expect(parseMenuReply(body, STALL_MENU)).toBeUndefined();
  });
});

describe('parseScore', () => {
  it.each([
    ['1', 1],
    ['５', 5],
    ['四', 4],
    ['3分', 3],
    ['5 stars', 5],
    ['2!', 2],
  ])('%j → %d', (body, score) => {
    expect(parseScore(body)).toBe(score);
  });

  it.each(['0', '6', '10', 'good', '', '三四'])('%j is not a score', (body) => {
    expect(parseScore(body)).toBeUndefined();
  });
});

it('normalises width, case and surrounding punctuation only', () => {
  expect(normaliseReply('  ｓｔｏｐ！ ')).toBe('STOP');
  expect(normaliseReply('no, thanks')).toBe('NO, THANKS');
});
