import type request from 'supertest';

/** A supertest request whose body is collected as the exact bytes sent (PDFs, CSV, images). */
export const binary = (r: request.Test) =>
  r.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
