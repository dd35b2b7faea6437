import { KnexStore } from '@controlplane/backend-common';

/** The database server's size and connections, where they can be read. */
export interface DatabaseStats {
  client: 'pg' | 'sqlite';
  /** Connections open on the server (PostgreSQL only). */
  connectionsUsed?: number;
  /** The server's max_connections (PostgreSQL only). */
  connectionsMax?: number;
  /** Bytes of every database on the server (PostgreSQL), or of this file. */
  sizeBytes: number;
}

/** Reads what the database server says about itself: three small queries. */
export class DatabaseStatsStore extends KnexStore {
  async stats(): Promise<DatabaseStats> {
    if (this.isPostgres) {
      const [used, max, size] = await Promise.all([
        this.db.raw('SELECT count(*) AS n FROM pg_stat_activity'),
        this.db.raw(
          "SELECT setting AS n FROM pg_settings WHERE name = 'max_connections'",
        ),
        this.db.raw(
          'SELECT sum(pg_database_size(datname)) AS n FROM pg_database',
        ),
      ]);
      return {
        client: 'pg',
        connectionsUsed: Number(used.rows[0].n),
        connectionsMax: Number(max.rows[0].n),
        sizeBytes: Number(size.rows[0].n),
      };
    }
    const [[pages], [pageSize]] = await Promise.all([
      this.db.raw('PRAGMA page_count'),
      this.db.raw('PRAGMA page_size'),
    ]);
    return {
      client: 'sqlite',
      sizeBytes: Number(pages.page_count) * Number(pageSize.page_size),
    };
  }
}
