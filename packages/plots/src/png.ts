import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

/** The family every figure's text is rasterised in (also the fallback for `sans-serif` and `system-ui`). */
export const FONT_FAMILY = 'DejaVu Sans';

const require = createRequire(import.meta.url);

/** DejaVu Sans regular and bold, shipped by the `dejavu-fonts-ttf` npm package: no system fonts needed. */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Width of the PNG in pixels (default: twice the SVG's width, for sharp text). */
  width?: number;
  /** CSS colour behind the drawing (default: transparent, but every figure paints its own white background). */
  background?: string;
}

/**
 * Rasterises an SVG document to PNG bytes with resvg. Text is set in the bundled DejaVu Sans; system
 * fonts are never loaded, so the output is the same on every machine.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: FONT_FILES,
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: options.width === undefined ? { mode: 'zoom', value: 2 } : { mode: 'width', value: options.width },
    ...(options.background === undefined ? {} : { background: options.background }),
  });
  return new Uint8Array(resvg.render().asPng());
}
