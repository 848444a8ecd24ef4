import type SharpModule from 'sharp';

let loading: Promise<typeof SharpModule> | undefined;

/**
 * sharp (libvips), loaded the first time an image is worked on rather than at start-up: it is
 * background work (renditions, image hashes), and its native library takes a fifth of a second
 * of a cold start that only needs to answer health checks.
 */
export function loadSharp(): Promise<typeof SharpModule> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // libvips would use every core for one image; renditions are background work on a machine
    // that also answers requests, so one thread each.
    sharp.concurrency(1);
    return sharp;
  });
  return loading;
}
