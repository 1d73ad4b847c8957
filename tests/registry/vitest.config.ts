import { hlmVitestConfig } from '../../vitest.shared.js';

export default hlmVitestConfig('@hlm/registry-test');
