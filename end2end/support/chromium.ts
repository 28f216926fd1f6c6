// How every suite launches Debian's Chromium here: no browser is ever downloaded.

// Flags this machine needs: no sandbox as root, no GPU, and no background traffic to hosts a
// closed network refuses.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
