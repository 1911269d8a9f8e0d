/** Lines grouped by the vendor who ships them, in the order the vendors first appear. */
export function groupByVendor<T extends { vendor: { id: string; name: string } }>(
  items: readonly T[],
): Array<{ vendor: T['vendor']; items: T[] }> {
  const groups = new Map<string, { vendor: T['vendor']; items: T[] }>();
  for (const item of items) {
    const group = groups.get(item.vendor.id);
    if (group) group.items.push(item);
    else groups.set(item.vendor.id, { vendor: item.vendor, items: [item] });
  }
  return [...groups.values()];
}
