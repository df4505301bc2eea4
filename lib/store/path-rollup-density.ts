import { byHostOrPath } from './rollups';
import type { PlannedSelection, Selection } from './selection';

/**
 * When an incident's rollups by host and path prefix are not worth reading. They pay when many requests share
 * a prefix (/checkout, /api/item); where the path's second segment is an id (/users/417/orders), nearly every
 * request has a row of its own and a selection by host or path reads as many rows as the raw tables, and more
 * slowly: on 10M requests with 100,000 ids there, by a path prefix the upstream table took 361 ms and the
 * diagnosis 517 ms through these rollups, against 96 and 116 ms for a deeper path, read from the raw rows.
 */
export interface DensePathRollups {
  /** Incidents with fewer requests always read the rollups: every plan answers them at once. */
  minRequests: number;
  /** Rollup rows per request above which the raw rows are read instead. */
  share: number;
}

export const DENSE_PATH_ROLLUPS: DensePathRollups = { minRequests: 100_000, share: 0.25 };

type Count = { rolled: number | bigint | null; requests: number | bigint | null };
type Read = (text: string, values: string[]) => Promise<Count[]>;

/**
 * Says, per incident, whether its selections by host or path read the raw rows (PlannedSelection.readPathsRaw). The
 * answer is kept until the incident's stored rows change (`forget`), which every ingest, removal and fusing of
 * causes does: two counts, one per table, each a scan of one column.
 */
export class PathRollupDensity {
  private readonly dense = new Map<string, boolean>();
  /** Bumped by forget(): a count begun before a change is not kept after it. */
  private generation = 0;

  constructor(
    private readonly read: Read,
    private readonly limits: DensePathRollups = DENSE_PATH_ROLLUPS,
  ) {}

  /** The selection as the store reads it: by host or path, from the raw rows when the incident's path rollups are dense. */
  async plan<S extends Selection>(sel: S): Promise<S & PlannedSelection> {
    if (!byHostOrPath(sel)) return sel;
    return (await this.isDense(sel.incidentId)) ? { ...sel, readPathsRaw: true } : sel;
  }

  forget(): void {
    this.generation++;
    this.dense.clear();
  }

  private async isDense(incidentId: string): Promise<boolean> {
    const known = this.dense.get(incidentId);
    if (known !== undefined) return known;
    const generation = this.generation;
    const [count] = await this.read(
      `WITH done AS (SELECT id FROM sources WHERE incident_id = $1 AND state = 'done')
       SELECT (SELECT count(*) FROM request_paths WHERE source_id IN (SELECT id FROM done)) AS rolled,
         (SELECT count(*) FROM requests WHERE source_id IN (SELECT id FROM done)) AS requests`,
      [incidentId],
    );
    const requests = Number(count?.requests ?? 0);
    const dense = requests >= this.limits.minRequests && Number(count?.rolled ?? 0) > requests * this.limits.share;
    if (generation === this.generation) this.dense.set(incidentId, dense);
    return dense;
  }
}
