import type { SidebarProvider } from '../home/sidebar.js';
import { statsFigures } from './stats.views.js';
import type { VisitorStats } from './visitor-stats.js';

export { VisitorStats } from './visitor-stats.js';
export { articleViews } from './stats.views.js';

/** The "Thống kê truy cập" block: the figures from memory, no query (the page may be rendered often). */
export function statsBlock(stats: VisitorStats): SidebarProvider {
  return async () => statsFigures(stats.snapshot());
}
