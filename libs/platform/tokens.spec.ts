import { ConfigError } from './config.js';
import { TokenRegistry, sha256Hex } from './tokens.js';

const parse = (entries: object[]) => TokenRegistry.parse(JSON.stringify(entries), 'tokens.json');

describe('the tokens file', () => {
  it('finds the principal of a token given in clear or as its hash', () => {
    const registry = parse([
      { token: 'recorder-token-0123456789', actor: 'li.ming', role: 'recorder', unitId: 'xiajin' },
      { tokenSha256: sha256Hex('admin-token-0123456789'), actor: 'admin.zhang', role: 'admin' },
    ]);
    expect(registry.authenticate('recorder-token-0123456789')).toMatchObject({ actor: 'li.ming', role: 'recorder', unitId: 'xiajin', accountId: null });
    expect(registry.authenticate('admin-token-0123456789')).toMatchObject({ actor: 'admin.zhang', unitId: null });
    expect(registry.authenticate('admin-token-012345678')).toBeNull();
    expect(registry.holdsClearTokens).toBe(true);
    expect(registry.actors()).toEqual(new Set(['li.ming', 'admin.zhang']));
  });

  it.each([
    ['a misspelt key', [{ token: 'recorder-token-0123456789', actor: 'x', role: 'recorder', unitID: 'qingyun' }], /unknown key "unitID"/],
    [
      'the same token twice',
      [
        { token: 'recorder-token-0123456789', actor: 'x', role: 'recorder' },
        { token: 'recorder-token-0123456789', actor: 'y', role: 'admin' },
      ],
      /entry 1: the same token as entry 0/,
    ],
    ['an array entry', [['token']], /entry 0: not an object/],
  ])('refuses %s', (_, entries, says) => {
    expect(() => parse(entries)).toThrow(ConfigError);
    expect(() => parse(entries)).toThrow(says);
  });

  it('holds no clear token when every entry is a hash', () => {
    expect(parse([{ tokenSha256: sha256Hex('admin-token-0123456789'), actor: 'a', role: 'admin' }]).holdsClearTokens).toBe(false);
  });
});
