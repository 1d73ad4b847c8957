/**
 * @hlm/plots: figures for hlm fits with Observable Plot, rendered in Node through jsdom to standalone
 * SVG, rasterised to PNG with resvg, and gathered into self-contained HTML reports. Browsers get
 * `./browser.ts` (the `browser` export condition): the same without the PNG rasteriser.
 */
export * from './browser.js';
export { FONT_FAMILY, svgToPng, type PngOptions } from './png.js';
