// How every suite launches Debian's Chromium here: no browser is ever downloaded. The flags
// live in chromium-flags.mjs, shared with the browser benchmark (bench/browser/chromium.mjs).
import { chromiumArgs, chromiumExecutablePath } from './chromium-flags.mjs';

export const chromiumLaunchOptions = {
  executablePath: chromiumExecutablePath,
  args: [...chromiumArgs],
};
