/** Tables of the visitor statistics (migration 023): totals only, nothing about a visitor. */
export interface StatsDaysTable {
  /** A day in Vietnam, YYYY-MM-DD. */
  day: string;
  visits: number;
}

export interface StatsArticleViewsTable {
  article_id: number;
  views: number;
}

/** One row per running instance: its visitors of the last minutes, summed by every instance. */
export interface StatsOnlineTable {
  instance: string;
  visitors: number;
  updated_at: string;
}

export interface StatsTables {
  stats_days: StatsDaysTable;
  stats_article_views: StatsArticleViewsTable;
  stats_online: StatsOnlineTable;
}
