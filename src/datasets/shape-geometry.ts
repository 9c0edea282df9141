/**
 * The target shapes, each as an exact inside test on the unit disc: a point (u, v) in the shape's own frame,
 * scaled so the shape fits inside the circle of radius 1, is either in or out. No anti-aliasing, so a
 * rasterised mask is exactly the set of painted pixels.
 */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross', 'star', 'ring'] as const;

export type ShapeClass = (typeof SHAPE_CLASSES)[number];

type InsideTest = (u: number, v: number) => boolean;
type Point = readonly [number, number];

/** Half the side of a square inscribed in the unit circle. */
const SQUARE_HALF_SIDE = Math.SQRT1_2;
/** Cross arms: half-width 0.3 and half-length 0.95 keep the arm corners (0.95, 0.3) inside the unit circle. */
const CROSS_HALF_WIDTH = 0.3;
const CROSS_HALF_LENGTH = 0.95;
/** Inner radius of the five-pointed star; 0.45 is fatter than a true pentagram (0.38) so small stars stay solid. */
const STAR_INNER_RADIUS = 0.45;
/** The ring's hole; 0.55 leaves a band wide enough to survive at the smallest sizes. */
const RING_INNER_RADIUS = 0.55;

/** Vertices on circles around the origin, the first pointing up (negative v, as image rows grow downwards). */
function radialPolygon(radii: readonly number[]): Point[] {
  return radii.map((radius, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / radii.length;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/** Even-odd crossing test; exact for any simple polygon, convex or not. */
function insidePolygon(polygon: readonly Point[]): InsideTest {
  return (u, v) => {
    let inside = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [ui, vi] = polygon[i];
      const [uj, vj] = polygon[j];
      if (vi > v !== vj > v && u < ((uj - ui) * (v - vi)) / (vj - vi) + ui) inside = !inside;
    }
    return inside;
  };
}

const TRIANGLE = radialPolygon([1, 1, 1]);
const STAR = radialPolygon(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 1 : STAR_INNER_RADIUS)));

const INSIDE_TESTS: Record<ShapeClass, InsideTest> = {
  circle: (u, v) => u * u + v * v <= 1,
  square: (u, v) => Math.abs(u) <= SQUARE_HALF_SIDE && Math.abs(v) <= SQUARE_HALF_SIDE,
  triangle: insidePolygon(TRIANGLE),
  cross: (u, v) => {
    const a = Math.abs(u);
    const b = Math.abs(v);
    return (a <= CROSS_HALF_WIDTH && b <= CROSS_HALF_LENGTH) || (b <= CROSS_HALF_WIDTH && a <= CROSS_HALF_LENGTH);
  },
  star: insidePolygon(STAR),
  ring: (u, v) => {
    const r2 = u * u + v * v;
    return r2 <= 1 && r2 >= RING_INNER_RADIUS * RING_INNER_RADIUS;
  },
};

/** The inside test of class `label` (an index into SHAPE_CLASSES). */
export function insideTest(label: number): InsideTest {
  return INSIDE_TESTS[SHAPE_CLASSES[label]];
}
