import { randomBytes } from 'node:crypto';
import { notFound } from '../errors';
import type { SerialConnection } from './duckdb-connection';
import { deleteSourceRows } from './duckdb-writer';
import type { LineArchive } from './line-archive';
import * as sql from './sql';
import { INCIDENT_STATUSES, type Incident, type IncidentListItem, type IncidentStatus, type Store } from './types';

type IncidentMethods = Pick<Store, 'createIncident' | 'getIncident' | 'updateIncident' | 'deleteIncident' | 'redaction' | 'listIncidents'>;

/** The incidents themselves on DuckDB: made, read, changed, listed with their figures, deleted with all they hold. */
export function duckDbIncidents(db: SerialConnection, archive: LineArchive, run: <T>(q: sql.Query) => Promise<T[]>): IncidentMethods {
  const getIncident = async (id: string): Promise<Incident | null> => {
    const [row] = await db.all<IncidentRow>('SELECT id, title, created_at, status, notes FROM incidents WHERE id = $1', [id]);
    return row ? incidentOf(row) : null;
  };

  return {
    getIncident: ({ id }) => getIncident(id),

    async createIncident({ title }) {
      // The id is the capability in a shared link: 128 random bits, URL-safe.
      const incident: Incident = { id: randomBytes(16).toString('base64url'), title, createdAt: Date.now(), status: 'investigating', notes: '' };
      await db.all('INSERT INTO incidents (id, title, created_at, status, notes) VALUES ($1, $2, $3, $4, $5)', [
        incident.id, incident.title, incident.createdAt, incident.status, incident.notes,
      ]);
      return incident;
    },

    async updateIncident({ id, title, status, notes }) {
      const incident = await getIncident(id);
      if (!incident) throw notFound(`incident ${id}`);
      const next = { ...incident, title: title ?? incident.title, status: status ?? incident.status, notes: notes ?? incident.notes };
      await db.all('UPDATE incidents SET title = $2, status = $3, notes = $4 WHERE id = $1', [id, next.title, next.status, next.notes]);
      return next;
    },

    async deleteIncident({ id }) {
      if (!(await getIncident(id))) throw notFound(`incident ${id}`);
      const sources = await db.all<{ id: number }>('SELECT id FROM sources WHERE incident_id = $1', [id]);
      for (const source of sources) await deleteSourceRows(db, archive, source.id, 'incident deleted');
      await db.all('DELETE FROM sources WHERE incident_id = $1', [id]);
      await db.all('DELETE FROM annotations WHERE incident_id = $1', [id]);
      await db.all('DELETE FROM wizard_notes WHERE incident_id = $1', [id]);
      await db.all('DELETE FROM probe_results WHERE incident_id = $1', [id]);
      await db.all('DELETE FROM incident_redaction WHERE incident_id = $1', [id]);
      await db.all('DELETE FROM incidents WHERE id = $1', [id]);
    },

    async redaction({ incidentId, add }) {
      // One statement, so two uploads redacting at once agree on the key and keep both their redactions.
      const added = [...new Set(add)].sort().join(',');
      const [row] = await db.all<{ redaction_key: string; redactions: string }>(
        `INSERT INTO incident_redaction VALUES ($1, $2, $3)
         ON CONFLICT (incident_id) DO UPDATE SET redactions = array_to_string(list_sort(list_distinct(
           list_filter(string_split(incident_redaction.redactions || ',' || excluded.redactions, ','), x -> x <> ''))), ',')
         RETURNING redaction_key, redactions`,
        [incidentId, randomBytes(32).toString('base64url'), added],
      );
      return { key: row!.redaction_key, kinds: row!.redactions.split(',').filter(Boolean) };
    },

    async listIncidents() {
      const rows = await run<IncidentRow & {
        requests: number; count502: number; from: number | null; to: number | null; worst_server: string | null; worst_pool: string | null;
      }>(sql.incidentList());
      return rows.map((r): IncidentListItem => ({
        ...incidentOf(r), requests: r.requests, count502: r.count502, from: r.from, to: r.to, worstServer: r.worst_server, worstPool: r.worst_pool,
      }));
    },
  };
}

interface IncidentRow {
  id: string;
  title: string;
  created_at: number;
  status: string | null;
  notes: string | null;
}

const incidentOf = (r: IncidentRow): Incident => ({
  id: r.id, title: r.title, createdAt: r.created_at,
  status: (INCIDENT_STATUSES as readonly string[]).includes(r.status ?? '') ? (r.status as IncidentStatus) : 'investigating',
  notes: r.notes ?? '',
});
