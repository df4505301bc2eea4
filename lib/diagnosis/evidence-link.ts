import { FILTER_KEYS, type Selection } from '../store/selection';

/** A link into the incident view that opens a piece of evidence: `shows` is what it opens, in that order. */
export type EvidenceLink = (shows: Readonly<Record<string, string | number>>) => string;

/**
 * The evidence links of a diagnosed selection: what a link shows (the tab, the server, cause and range of a
 * finding) comes first, then the selection's other filters, so a finding of a diagnosis by an endpoint, a path
 * or a host opens on that endpoint's lines and chart, not on every line of the server.
 */
export function evidenceLinks(linkBase: string, sel: Selection): EvidenceLink {
  return (shows) => {
    const kept = FILTER_KEYS.flatMap((key) => (key in shows || sel[key] === undefined ? [] : [[key, sel[key]] as const]));
    const query = [...Object.entries(shows), ...kept].map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
    return `${linkBase}?${query.join('&')}`;
  };
}
