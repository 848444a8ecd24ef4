import { describe, expect, it } from '@jest/globals';
import { routeReport } from './case-routing.js';

const heads = [{ id: 'h1', name: 'Helen Carter' }];
const chairs = [{ id: 'c1', name: 'Martin Hughes' }];

describe('routeReport', () => {
  it('sends an ordinary report to the headteacher', () => {
    expect(routeReport({ subjectUserId: null, subjectName: 'A parent' }, heads, chairs)).toEqual({
      ownerRole: 'headteacher',
      owners: heads,
      headIsSubject: false,
    });
  });

  it.each([
    ['a linked account holding the head role', { subjectUserId: 'h1', subjectName: null }],
    [
      "the head's name, however written",
      { subjectUserId: null, subjectName: '  mrs HELEN   carter ' },
    ],
    ['the role instead of a name', { subjectUserId: null, subjectName: 'the headteacher' }],
    ['"Head teacher" spelt apart', { subjectUserId: null, subjectName: 'Our Head Teacher' }],
  ])('sends it to the chair when the subject is the head: %s', (_, input) => {
    const decision = routeReport(input, heads, chairs);
    expect(decision).toMatchObject({
      ownerRole: 'chair_of_governors',
      owners: chairs,
      headIsSubject: true,
    });
  });

  it('does not mistake a similar word for the head', () => {
    expect(
      routeReport({ subjectUserId: null, subjectName: 'Headley Smith' }, heads, chairs).ownerRole,
    ).toBe('headteacher');
  });

  it('keeps the route even when nobody holds the owner role (the report is never lost)', () => {
    expect(routeReport({ subjectUserId: 'h1', subjectName: null }, heads, [])).toMatchObject({
      ownerRole: 'chair_of_governors',
      owners: [],
    });
    expect(routeReport({ subjectUserId: null, subjectName: null }, [], chairs)).toMatchObject({
      ownerRole: 'headteacher',
      owners: [],
    });
  });
});
