import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_GZIP_RATIO, DEFAULT_MAX_UPLOAD_BYTES, uploadLimits } from '../upload-limits';

describe('uploadLimits', () => {
  it('defaults to 10 GiB and a gzip ratio of 200', () => {
    expect(uploadLimits({})).toEqual({ maxBytes: DEFAULT_MAX_UPLOAD_BYTES, maxGzipRatio: DEFAULT_MAX_GZIP_RATIO });
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(10 * 1024 ** 3);
  });

  it('reads sizes in bytes or with a binary suffix', () => {
    const size = (text: string) => uploadLimits({ GATEWAY_LENS_MAX_UPLOAD_BYTES: text }).maxBytes;
    expect(size('1000')).toBe(1000);
    expect(size('500M')).toBe(500 * 1024 ** 2);
    expect(size('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(size('20GiB')).toBe(20 * 1024 ** 3);
    expect(uploadLimits({ GATEWAY_LENS_MAX_GZIP_RATIO: '50' }).maxGzipRatio).toBe(50);
  });

  it('says which setting is wrong and what it takes', () => {
    expect(() => uploadLimits({ GATEWAY_LENS_MAX_UPLOAD_BYTES: 'lots' })).toThrow(/GATEWAY_LENS_MAX_UPLOAD_BYTES is "lots": give a size in bytes/);
    expect(() => uploadLimits({ GATEWAY_LENS_MAX_UPLOAD_BYTES: '0' })).toThrow(/GATEWAY_LENS_MAX_UPLOAD_BYTES/);
    expect(() => uploadLimits({ GATEWAY_LENS_MAX_GZIP_RATIO: '0.5' })).toThrow(/GATEWAY_LENS_MAX_GZIP_RATIO is "0.5"/);
  });
});
