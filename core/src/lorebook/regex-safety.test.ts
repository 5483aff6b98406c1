import { describe, expect, it } from 'vitest';
import { isNativeSafe } from './regex-safety';

describe('isNativeSafe', () => {
  it.each(['dragon', 'dra+gon', 'colou?r', '\\bking\\b', '(?:red|blue) dragon', 'a{2,5}b+', '[a-z+*]+x', 'foo\\+bar+', 'x{3}y*'])('lets %s run natively', (p) => {
    expect(isNativeSafe(p)).toBe(true);
  });

  it.each(['(a+)+$', '(a|a)*b', '(x|y){2,}', 'a*a*b', '.*foo.*', '(a)\\1', '(?=a)b', '(?<!a)b', 'a{1,100}b{1,100}', '(?:ab)+'])('sends %s to RE2', (p) => {
    expect(isNativeSafe(p)).toBe(false);
  });
});
