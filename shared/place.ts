/**
 * Where a service is served, said in one short phrase by the kiosk and on the ticket. No zod here:
 * the kiosk's bundle imports it.
 */

/**
 * A zone's floor text and name, floor first: "Lantai 2 · Zona B". When one of the two already says
 * the other ("Lantai 2 Utama" on "Lantai 2", "Gedung B" in "Gedung B, lantai dasar") only the
 * longer is said. The ticket passes " - " (its text is plain ASCII).
 */
export function placeText(place: { name: string; floor: string }, separator = ' · '): string {
  const name = place.name.trim();
  const floor = place.floor.trim();
  const has = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase());
  if (!floor || has(name, floor)) return name;
  if (!name || has(floor, name)) return floor;
  return `${floor}${separator}${name}`;
}
