import { describe, expect, it } from 'vitest';
import type { WindowHit } from '../../store/types';
import { hitsOf } from '../window-hits';

const hit = (window: number, kind: WindowHit['kind'], value: string, failed: number, rank: number, distinct: number): WindowHit =>
  ({ window, kind, value, failed, rank, distinct });

describe('the hosts and paths of each failing stretch', () => {
  it('are listed by their rank, whatever order the store returned them in', () => {
    const rows = [
      hit(1, 'path', '/b', 4, 2, 7),
      hit(0, 'host', 'shop.example', 9, 1, 1),
      hit(1, 'path', '/c', 4, 3, 7),
      hit(0, 'path', '/z', 2, 2, 2),
      hit(1, 'host', 'api.example', 12, 1, 1),
      hit(1, 'path', '/a', 5, 1, 7),
      hit(0, 'path', '/y', 7, 1, 2),
    ];
    const expected = new Map([
      [0, { hosts: { top: [{ value: 'shop.example', failed: 9 }], distinct: 1 }, paths: { top: [{ value: '/y', failed: 7 }, { value: '/z', failed: 2 }], distinct: 2 } }],
      [1, { hosts: { top: [{ value: 'api.example', failed: 12 }], distinct: 1 }, paths: { top: [{ value: '/a', failed: 5 }, { value: '/b', failed: 4 }, { value: '/c', failed: 4 }], distinct: 7 } }],
    ]);
    expect(hitsOf(rows)).toEqual(expected);
    expect(hitsOf([...rows].reverse())).toEqual(expected);
  });
});
