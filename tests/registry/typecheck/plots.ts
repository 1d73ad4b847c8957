// What a TypeScript user of @hlm/plots writes: summary rows in, SVG strings and PNG bytes out.
import { coefficientPlot, htmlReport, svgToPng, type SummaryRow } from '@hlm/plots';

const rows: SummaryRow[] = [
  { name: '(Intercept)', mean: 0.3, sd: 0.1, '0.025quant': 0.1, '0.5quant': 0.3, '0.975quant': 0.5, mode: 0.3 },
  { name: 'x', mean: -0.2, sd: 0.05, '0.025quant': -0.3, '0.5quant': -0.2, '0.975quant': -0.1, mode: -0.2 },
];
const svg: string = coefficientPlot(rows, { title: 'Effects' });
const png: Uint8Array = svgToPng(svg);
export const page: string = htmlReport({ title: 'Fit', sections: [{ heading: 'Effects', figure: { id: 'fx', svg, caption: `${png.length} bytes` } }] });
