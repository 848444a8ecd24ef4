import { locateChromium } from '../../src/platform/pdf/chromium-locator.js';

/** The Chromium the tests drive: where the app would find it (CHROMIUM_PATH, else Debian's or Ubuntu's package). */
export const CHROMIUM = locateChromium(process.env.CHROMIUM_PATH);
