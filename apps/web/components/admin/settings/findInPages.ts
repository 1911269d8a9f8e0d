import type { Answer } from '../../console/useAction';
import type { ListPage } from '../../console/useList';

const cursorOf = (link: string | null): string | undefined =>
  (link && new URL(link, 'http://list.invalid').searchParams.get('cursor')) || undefined;

/**
 * Finds a record by id in a list the API offers no single read for (tax rates, shipping zones): walks
 * its pages of 100, narrowed by the caller's filter, up to `maxPages`. Used only to reload one
 * record after a conflict, never to filter a list in the browser.
 */
export async function findInPages<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Answer<ListPage<T>>>,
  id: string,
  maxPages = 20,
): Promise<T | null> {
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i += 1) {
    const { data } = await fetchPage(cursor);
    if (!data) return null;
    const found = data.data.find((row) => row.id === id);
    if (found) return found;
    cursor = cursorOf(data.links.next);
    if (!cursor) return null;
  }
  return null;
}
