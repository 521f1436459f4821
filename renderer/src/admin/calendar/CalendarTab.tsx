/** PLACEHOLDER: the calendar tab (issue 18), filled in by its own module. */
export function CalendarTab() {
  return <section className="calendar" />;
}
