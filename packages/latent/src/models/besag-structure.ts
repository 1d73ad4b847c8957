import { LatentError } from '../errors.js';
import { connectedComponents, type ConnectedComponents, type Graph } from '../graph.js';
import { constrainedGeneralisedInverseDiagonal, lowerFromTriplets } from '../linalg.js';
import { addEntry, lowerEntries, type LowerEntries } from '../pattern.js';
import { itemAt, outOfRange } from '@hlm/sparse';

/**
 * The structure matrix R = D − W of an intrinsic CAR (Besag) model on a graph, optionally scaled as R-INLA's
 * `scale.model = TRUE` does (Sørbye & Rue 2014, Spatial Statistics 8:39-51; R-INLA inla.c `inla_besag_scale`):
 * per connected component of size ≥ 2, R_c ← s_c R_c with s_c the geometric mean of the marginal variances of
 * the generalised inverse of R_c under Σ x = 0, so that the scaled model has geometric-mean variance 1/τ; an
 * isolated node becomes N(0, 1/τ) (R_ii = 1). Unscaled, an isolated node has R_ii = 0 (flat but for `diagonal`).
 */
export interface BesagStructure {
  readonly graph: Graph;
  readonly components: ConnectedComponents;
  /** Components of one node (cc.n1) and of two or more (cc.n2). */
  readonly singletons: number;
  readonly connected: number;
  readonly scaled: boolean;
  /** Per node: the component's factor s_c, −1 for an isolated node made N(0, 1/τ); null when unscaled. */
  readonly scale: Float64Array | null;
  /** Per node, the marginal variance of the scaled model's generalised inverse (geometric mean 1 per component); null when unscaled. */
  readonly variance: Float64Array | null;
  /** The lower triangle of R (scaled or not), diagonal included for every node. */
  readonly structure: LowerEntries;
}

/** Machine epsilon's square root: R-INLA's ε when it makes an intrinsic model proper to scale it. */
export const SQRT_DBL_EPSILON = Math.sqrt(Number.EPSILON);

export function besagStructure(graph: Graph, scaleModel: boolean, adjustForConComp: boolean, label: string, model: string): BesagStructure {
  const components = connectedComponents(graph);
  const sizes = components.members.map((m) => m.length);
  const singletons = sizes.filter((s) => s === 1).length;
  const connected = sizes.length - singletons;
  let scale: Float64Array | null = null;
  let variance: Float64Array | null = null;
  if (scaleModel) {
    const scales = new Float64Array(graph.n);
    const variances = new Float64Array(graph.n);
    scale = scales;
    variance = variances;
    // with adjust.for.con.comp = FALSE R-INLA scales all nodes with neighbours as one group
    const groups = adjustForConComp
      ? components.members.filter((m) => m.length >= 2)
      : [Int32Array.from({ length: graph.n }, (_, i) => i).filter((i) => itemAt(graph.neighbours, i).length > 0)];
    if (!adjustForConComp && connected > 1) {
      throw new LatentError(
        'invalid-option',
        `component '${label}': ${model} with scaleModel and adjustForConComp = false needs the nodes with neighbours to be connected; the graph has ${connected} components of two or more nodes`,
        { label, components: connected },
      );
    }
    for (const members of groups) {
      if (members.length === 0) continue;
      const v = componentVariances(graph, members);
      let logSum = 0;
      for (const x of v) logSum += Math.log(x);
      const s = Math.exp(logSum / v.length);
      members.forEach((node, k) => {
        scales[node] = s;
        variances[node] = (v[k] ?? outOfRange(v, k)) / s;
      });
    }
    for (let i = 0; i < graph.n; i++) {
      if (itemAt(graph.neighbours, i).length === 0) {
        scale[i] = -1;
        variance[i] = 1;
      }
    }
  }
  const structure = lowerEntries();
  for (let i = 0; i < graph.n; i++) {
    const nb = itemAt(graph.neighbours, i);
    const s = scale ? (scale[i] ?? outOfRange(scale, i)) : 1;
    addEntry(structure, i, i, s < 0 ? 1 : s * nb.length);
    for (const j of nb) if (j < i) addEntry(structure, i, j, -s);
  }
  return { graph, components, singletons, connected, scaled: scaleModel, scale, variance, structure };
}

/** Marginal variances of the generalised inverse of R restricted to `members` (a connected set), under Σ x = 0. */
function componentVariances(graph: Graph, members: Int32Array): Float64Array {
  const m = members.length;
  const local = new Map<number, number>();
  members.forEach((node, k) => local.set(node, k));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  members.forEach((node, k) => {
    let degree = 0;
    for (const j of itemAt(graph.neighbours, node)) {
      const l = local.get(j);
      if (l === undefined) continue;
      degree++;
      if (l < k) {
        rows.push(k);
        cols.push(l);
        values.push(-1);
      }
    }
    rows.push(k);
    cols.push(k);
    values.push(degree);
  });
  const ones = new Float64Array(m).fill(1);
  return constrainedGeneralisedInverseDiagonal(lowerFromTriplets(m, rows, cols, values), [0], [ones], [ones]);
}

/** R-INLA's sum-to-zero constraints for a besag field (adjust.for.con.comp): one per component of ≥ 2 nodes, or one over all nodes. */
export function besagConstraintRows(structure: BesagStructure, adjustForConComp: boolean, length: number, offset: number): Float64Array[] {
  const { graph, components } = structure;
  if (!adjustForConComp || components.count === 1) {
    const row = new Float64Array(length);
    row.fill(1, offset, offset + graph.n);
    return [row];
  }
  return components.members
    .filter((m) => m.length >= 2)
    .map((members) => {
      const row = new Float64Array(length);
      for (const node of members) row[offset + node] = 1;
      return row;
    });
}
