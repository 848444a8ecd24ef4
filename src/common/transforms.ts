import { Transform } from 'class-transformer';

/** Multipart sends every value as text: "true"/"false" become booleans, anything else stays to fail validation. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/** A repeated field or a comma list, as a trimmed array without blanks. */
export const ToList = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null) return value;
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((v) => typeof v === 'string')) return value;
    return (items as string[])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  });

/** Like ToList but without splitting on commas (timestamps keep their own punctuation). */
export const ToArray = () =>
  Transform(({ value }: { value: unknown }) =>
    value === undefined || value === null || Array.isArray(value) ? value : [value],
  );
